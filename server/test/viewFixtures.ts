/** A form with a field of every kind a view can sort or filter by. */
export const viewSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Name' },
    qty: { type: 'number', title: 'Quantity' },
    due: { type: 'string', format: 'date' },
    at: { type: 'string', format: 'date-time' },
    ok: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' } } } },
    place: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' } } },
    note: { type: 'string' },
  },
};
