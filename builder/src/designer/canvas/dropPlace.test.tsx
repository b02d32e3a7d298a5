import { describe, expect, it } from 'vitest';
import { resolveDropPlace } from './dropPlace.ts';

/** A list of fields stacked 40 px high from y = 100 (x from 0 to 300), as the canvas renders them. */
function canvasWith(html: string): HTMLElement {
  const canvas = document.createElement('div');
  canvas.innerHTML = html;
  document.body.append(canvas);
  for (const el of canvas.querySelectorAll<HTMLElement>('[data-rect]')) {
    const [x, y, w, h] = el.dataset.rect!.split(',').map(Number);
    el.getBoundingClientRect = () => ({ x, y, left: x, top: y, width: w, height: h, right: x + w, bottom: y + h, toJSON: () => ({}) });
  }
  return canvas;
}

const root = `
  <div data-drop-list data-parent-id="" data-orientation="vertical" data-rect="0,100,300,400">
    <div data-field-id="a" data-rect="0,100,300,40"></div>
    <div data-field-id="g" data-rect="0,150,300,120">
      <div data-drop-list data-parent-id="g" data-orientation="vertical" data-rect="10,180,280,80">
        <div data-field-id="b" data-rect="10,180,280,35"></div>
        <div data-field-id="c" data-rect="10,220,280,35"></div>
      </div>
    </div>
    <div data-field-id="r" data-rect="0,280,300,60">
      <div data-drop-list data-parent-id="r" data-orientation="horizontal" data-rect="10,290,280,40"></div>
    </div>
  </div>`;

const always = () => true;
const at = (canvas: HTMLElement, selector: string) => canvas.querySelector(selector);

describe('resolveDropPlace', () => {
  it('finds the index among the list under the pointer, and a line just above or below a field', () => {
    const canvas = canvasWith(root);
    const list = at(canvas, '[data-parent-id=""]');
    const item = { kind: 'new', fieldType: 'text' } as const;
    expect(resolveDropPlace({ x: 50, y: 105 }, list, canvas, item, always)).toMatchObject({ parentId: null, index: 0, line: { y: 96 } });
    expect(resolveDropPlace({ x: 50, y: 125 }, list, canvas, item, always)).toMatchObject({ parentId: null, index: 1, line: { y: 146 } });
    // Over the group's own header (above its list): before or after the group, by its middle.
    expect(resolveDropPlace({ x: 50, y: 160 }, at(canvas, '[data-field-id="g"]'), canvas, item, always)).toMatchObject({
      parentId: null,
      index: 1,
    });
    expect(resolveDropPlace({ x: 50, y: 480 }, list, canvas, item, always)).toMatchObject({ parentId: null, index: 3, line: { y: 344 } });
  });

  it('goes into a group, between its fields or after the last one', () => {
    const canvas = canvasWith(root);
    const item = { kind: 'new', fieldType: 'text' } as const;
    expect(resolveDropPlace({ x: 50, y: 225 }, at(canvas, '[data-field-id="c"]'), canvas, item, always)).toMatchObject({
      parentId: 'g',
      index: 1,
    });
    expect(resolveDropPlace({ x: 50, y: 250 }, at(canvas, '[data-field-id="c"]'), canvas, item, always)).toMatchObject({
      parentId: 'g',
      index: 2,
      line: { y: 259, x: 10, length: 280, orientation: 'horizontal' },
    });
  });

  it('fills an empty row of columns with a vertical line in its middle', () => {
    const canvas = canvasWith(root);
    const place = resolveDropPlace(
      { x: 50, y: 300 },
      at(canvas, '[data-parent-id="r"]'),
      canvas,
      { kind: 'new', fieldType: 'text' },
      always,
    );
    expect(place).toMatchObject({ parentId: 'r', index: 0, empty: true, line: { orientation: 'vertical', x: 150 } });
  });

  it('refuses to drop a group into itself, a list that may not hold the field, or outside the canvas', () => {
    const canvas = canvasWith(root);
    const move = { kind: 'move', id: 'g' } as const;
    expect(resolveDropPlace({ x: 50, y: 225 }, at(canvas, '[data-field-id="c"]'), canvas, move, always)).toBeNull();
    expect(resolveDropPlace({ x: 50, y: 300 }, at(canvas, '[data-parent-id="r"]'), canvas, move, (_, parent) => parent !== 'r')).toBeNull();
    expect(resolveDropPlace({ x: 50, y: 300 }, document.body, canvas, move, always)).toBeNull();
  });
});
