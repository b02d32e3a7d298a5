import type { JsonObject } from '@formloom/schemas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

/**
 * The inventory report over movements whose on-hand and value are known: fractional quantities,
 * prices with cents, a value per zone that differs from the sum of the rounded line values.
 */
describe.each(DIALECTS)('inventory report on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let member: Client;
  let itemForm: string;
  let zoneForm: string;
  let movementForm: string;
  const zones: Record<string, string> = {};
  const items: Record<string, string> = {};

  const post = async (formId: string, data: JsonObject) => {
    const res = await admin.post(`/api/forms/${formId}/submissions`, { data });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    const installed = (await admin.post('/api/templates/inventory/install')).body;
    [itemForm, zoneForm, movementForm] = installed.forms.map((f: { id: string }) => f.id);
    let member_;
    ({ client: member, user: member_ } = await userClient(server, admin, 'member', 'Picker'));
    await admin.put(`/api/apps/${installed.app.id}/grants`, { grants: [{ principal: member_.id, permissions: ['fill'] }] });
    zones.a = await post(zoneForm, { code: 'TM-A-01', name: 'Tuen Mun A-01', nameZh: '屯門 A-01' });
    zones.b = await post(zoneForm, { code: 'KB-B-02', name: 'Kowloon Bay B-02', nameZh: '九龍灣 B-02' });
    items.tea = await post(itemForm, { sku: 'TEA-0042', name: 'Lemon tea 檸檬茶', unit: 'kg', reorderPoint: 5, unitPrice: 12.34 });
    items.cup = await post(itemForm, { sku: 'CUP-0001', name: 'Paper cup', unit: 'piece', unitPrice: 0.1 });
    items.lid = await post(itemForm, { sku: 'LID-0001', name: 'Lid', unit: 'piece', reorderPoint: 1 });
    for (const data of [
      { movementType: 'receive', item: items.tea, zone: zones.a, quantity: 2.5, reference: 'DN-1' },
      { movementType: 'receive', item: items.tea, zone: zones.a, quantity: 0.125 },
      { movementType: 'issue', item: items.tea, zone: zones.a, quantity: 0.3 },
      { movementType: 'transfer', item: items.tea, zone: zones.a, toZone: zones.b, quantity: 1.1 },
      { movementType: 'receive', item: items.cup, zone: zones.b, quantity: 3.333 },
    ]) {
      await post(movementForm, data);
    }
  });
  afterAll(async () => {
    await server?.close();
  });

  it('gives on-hand and value per item and zone exactly, the stock value per zone and in total, low stock and the movements of the day', async () => {
    const res = await member.get(`/api/forms/${movementForm}/reports/inventory`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const report = res.body;
    const level = (item: string, zone: string) => report.levels.find((l: any) => l.item.id === item && l.zone.id === zone);
    // 1.225 kg × 12.34 = 15.1165 → 15.12; 1.1 × 12.34 = 13.574 → 13.57; 3.333 × 0.10 = 0.3333 → 0.33
    expect(level(items.tea, zones.a)).toMatchObject({ onHand: 1.225, unitPrice: 12.34, value: 15.12 });
    expect(level(items.tea, zones.a).item).toMatchObject({ sku: 'TEA-0042', label: 'Lemon tea 檸檬茶' });
    expect(level(items.tea, zones.a).zone).toMatchObject({ code: 'TM-A-01', name: { 'zh-Hant': '屯門 A-01' } });
    expect(level(items.tea, zones.b)).toMatchObject({ onHand: 1.1, value: 13.57 });
    expect(level(items.cup, zones.b)).toMatchObject({ onHand: 3.333, unitPrice: 0.1, value: 0.33 });
    // Summed before rounding: Kowloon Bay holds 13.574 + 0.3333 = 13.9073 → 13.91 (not 13.57 + 0.33).
    expect(report.value.total).toBe(29.02);
    expect(report.value.unpriced).toBe(0);
    expect(report.value.byZone.map((z: any) => [z.zone.code, z.value])).toEqual([
      ['KB-B-02', 13.91],
      ['TM-A-01', 15.12],
    ]);
    // Tea: 2.325 in all zones ≤ 5; the lid was never stocked (0 ≤ 1); the cup has no reorder point.
    expect(report.lowStock.map((l: any) => [l.item.sku, l.onHand, l.reorderPoint])).toEqual([
      ['TEA-0042', 2.325, 5],
      ['LID-0001', 0, 1],
    ]);
    const today = report.movements.filter((m: any) => m.date === report.movements.at(-1).date);
    expect(today.map((m: any) => [m.movementType, m.movements, m.quantityIn, m.quantityOut])).toEqual([
      ['issue', 1, 0, 0.3],
      ['receive', 3, 5.958, 0],
      ['transfer', 1, 1.1, 1.1],
    ]);
    expect(report.timezone).toBe('Asia/Hong_Kong');
  });

  it('answers report_not_available for a form without a ledger, and the health and approvals reports are not the ledger’s', async () => {
    for (const url of [`/api/forms/${itemForm}/reports/inventory`, `/api/forms/${movementForm}/reports/health`]) {
      const res = await admin.get(url);
      expect(res.status, url).toBe(404);
      expect(res.body.code, url).toBe('report_not_available');
    }
  });
});
