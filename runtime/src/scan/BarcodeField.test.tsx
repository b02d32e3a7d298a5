import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkableRecord } from '../api/types.ts';
import { fakeApi, publishedForm } from '../test/fakeApi.ts';
import { renderApp } from '../test/renderApp.tsx';
import { setPageScanMode } from './pageScan.ts';

const receiving = {
  schema: {
    type: 'object',
    title: 'Goods received',
    properties: {
      code: { type: 'string', title: 'Barcode' },
      batch: { type: 'string', title: 'Batch' },
      expiry: { type: 'string', format: 'date', title: 'Expiry' },
      serial: { type: 'string', title: 'Serial' },
      qty: { type: 'integer', title: 'Quantity' },
      note: { type: 'string', title: 'Note' },
    },
  },
  uiSchema: {
    code: {
      'ui:fieldType': 'barcode',
      'ui:options': { duplicates: 'count', countField: 'qty', gs1: { batch: 'batch', expiry: 'expiry', serial: 'serial' } },
    },
  },
};

let clock = 10_000;
/** Key presses as a keyboard sends them (keydown only), `gapMs` apart, ending in Enter; returns the Enter's event. */
function press(target: Element, keys: (string | { key: string; ctrlKey: boolean })[], gapMs: number): KeyboardEvent {
  let last!: KeyboardEvent;
  for (const k of [...keys, 'Enter']) {
    const init = typeof k === 'string' ? { key: k } : k;
    last = new KeyboardEvent('keydown', { ...init, bubbles: true, cancelable: true });
    Object.defineProperty(last, 'timeStamp', { value: clock });
    clock += gapMs;
    act(() => void target.dispatchEvent(last));
  }
  clock += 1000;
  return last;
}
const GS = { key: ']', ctrlKey: true };
const valueOf = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

async function openForm(
  doc: { schema: object; uiSchema: object },
  listRecords?: (formId: string, query: object) => Promise<LinkableRecord[]>,
) {
  const api = fakeApi({ getForm: () => Promise.resolve(publishedForm(doc)), ...(listRecords ? { listRecords } : {}) });
  renderApp('/f/form1', { api });
  await screen.findByRole('button', { name: 'Submit' }, { timeout: 5000 });
  return api;
}

afterEach(() => setPageScanMode(false));

describe('barcode field', () => {
  it('takes a wedge scan into the field, fills the GS1 parts beside it and does not submit', async () => {
    const api = await openForm(receiving);
    const input = screen.getByLabelText('Barcode');
    const enter = press(input, [...']C10109501101530003172612311012AB', GS, ...'21SN-7'], 5);
    expect(enter.defaultPrevented).toBe(true);
    expect(valueOf('Barcode')).toBe('09501101530003');
    expect(valueOf('Batch')).toBe('12AB');
    expect(valueOf('Expiry')).toBe('2026-12-31');
    expect(valueOf('Serial')).toBe('SN-7');
    expect(valueOf('Quantity')).toBe('1');
    expect(screen.getByTestId('barcode-note').textContent).toBe('GS1 label read: filled Batch, Expiry, Serial');
    expect(api.createSubmission).not.toHaveBeenCalled();
  });

  it('leaves typing at human speed alone: no scan, Enter not stopped', async () => {
    await openForm(receiving);
    const enter = press(screen.getByLabelText('Barcode'), [...'4006381333931'], 150);
    expect(enter.defaultPrevented).toBe(false);
    expect(valueOf('Barcode')).toBe('');
    expect(screen.queryByTestId('barcode-note')).toBeNull();
  });

  it('counts the same code scanned again within the window, and starts over for another code', async () => {
    await openForm(receiving);
    const input = screen.getByLabelText('Barcode');
    press(input, [...'4006381333931'], 5);
    press(input, [...'4006381333931'], 5);
    press(input, [...'4006381333931'], 5);
    expect(valueOf('Quantity')).toBe('3');
    expect(screen.getByTestId('barcode-note').textContent).toBe('4006381333931 scanned again: 3 in total');
    press(input, [...'96385074'], 5);
    expect([valueOf('Barcode'), valueOf('Quantity')]).toEqual(['96385074', '1']);
  });

  it('ignores a repeat within the window in ignore mode', async () => {
    await openForm({ ...receiving, uiSchema: { code: { 'ui:fieldType': 'barcode', 'ui:options': { countField: 'qty' } } } });
    const input = screen.getByLabelText('Barcode');
    press(input, [...'4006381333931'], 5);
    await userEvent.type(screen.getByLabelText('Quantity'), '12');
    press(input, [...'4006381333931'], 5);
    expect([valueOf('Barcode'), valueOf('Quantity')]).toEqual(['4006381333931', '12']); // not counting: a typed quantity stays
    expect(screen.getByTestId('barcode-note').textContent).toBe('4006381333931 was just scanned, so it was not entered again');
  });

  it('says when a GS1 label does not read, and keeps the code as scanned', async () => {
    await openForm(receiving);
    press(screen.getByLabelText('Barcode'), [...']C10109501101530004'], 5);
    expect(valueOf('Barcode')).toBe(']C10109501101530004');
    expect(screen.getByTestId('barcode-note').textContent).toMatch(/wrong check digit/);
  });

  it('in page-wide scan mode, takes a scan typed anywhere on the page', async () => {
    await openForm(receiving);
    await userEvent.click(screen.getByRole('switch', { name: 'Scan anywhere on this page' }));
    expect(screen.getByRole('switch').getAttribute('aria-checked')).toBe('true');
    press(screen.getByLabelText('Note'), [...'PART-0042'], 5);
    expect(valueOf('Barcode')).toBe('PART-0042');
    await userEvent.click(screen.getByRole('switch'));
    press(document.body, [...'PART-0043'], 5);
    expect(valueOf('Barcode')).toBe('PART-0042');
  });
});

describe('barcode field in a table row', () => {
  it('fills the GS1 parts into the same row', async () => {
    await openForm({
      schema: {
        type: 'object',
        title: 'Pallet',
        properties: {
          lines: {
            type: 'array',
            title: 'Lines',
            minItems: 2,
            items: { type: 'object', properties: { code: { type: 'string', title: 'Code' }, lot: { type: 'string', title: 'Lot' } } },
          },
        },
        required: ['lines'],
      },
      uiSchema: { lines: { items: { code: { 'ui:fieldType': 'barcode', 'ui:options': { gs1: { batch: 'lot' } } } } } },
    });
    press(document.getElementById('root_lines_1_code')!, [...']C1010950110153000310ROW2'], 5);
    expect((document.getElementById('root_lines_1_code') as HTMLInputElement).value).toBe('09501101530003');
    expect((document.getElementById('root_lines_1_lot') as HTMLInputElement).value).toBe('ROW2');
    expect((document.getElementById('root_lines_0_lot') as HTMLInputElement).value).toBe('');
  });
});

describe('relation picker scan', () => {
  const movement = {
    schema: {
      type: 'object',
      title: 'Stock out',
      properties: { item: { type: 'string', title: 'Item' }, unit: { type: 'string', title: 'Unit' } },
    },
    uiSchema: { item: { 'ui:fieldType': 'relation', 'ui:options': { form: 'items', displayField: 'name', fill: { unit: 'unit' } } } },
  };
  const tea: LinkableRecord = { id: 'r1', label: 'Green tea', data: { name: 'Green tea', unit: 'box', barcode: '4006381333931' } };

  it('picks the one record whose barcode was scanned into the search box, and fills from it', async () => {
    const api = await openForm(movement, (_f, query) => Promise.resolve('scan' in query ? [tea] : []));
    press(screen.getByLabelText('Search Item'), [...'4006381333931'], 5);
    await waitFor(() => expect(valueOf('Unit')).toBe('box'));
    expect(api.listRecords).toHaveBeenCalledWith('items', { scan: '4006381333931', display: 'name', limit: 20 });
    expect(screen.getByText('Green tea')).toBeTruthy();
  });

  it('lists the records when several share the barcode, and says so when the lookup fails', async () => {
    const twin: LinkableRecord = { ...tea, id: 'r2', label: 'Green tea (old pack)' };
    let fail = false;
    await openForm(movement, (_f, query) =>
      fail ? Promise.reject(new Error('offline')) : Promise.resolve('scan' in query ? [tea, twin] : []),
    );
    press(screen.getByLabelText('Search Item'), [...'4006381333931'], 5);
    expect((await screen.findByTestId('relation-scan-note')).textContent).toBe('2 records have barcode 4006381333931; choose one below');
    await userEvent.click(await screen.findByRole('button', { name: 'Green tea (old pack)' }));
    expect(valueOf('Unit')).toBe('box');
    fail = true;
    await userEvent.click(screen.getByRole('button', { name: 'Change' }));
    press(screen.getByLabelText('Search Item'), [...'4006381333931'], 5);
    await waitFor(() =>
      expect(screen.getByTestId('relation-scan-note').textContent).toBe(
        'Could not look up 4006381333931. Check the connection and try again.',
      ),
    );
  });

  it('says so when no record has the barcode', async () => {
    await openForm(movement, () => Promise.resolve([]));
    press(screen.getByLabelText('Search Item'), [...'0000000000000'], 5);
    expect((await screen.findByTestId('relation-scan-note')).textContent).toBe('No item with barcode 0000000000000');
  });
});
