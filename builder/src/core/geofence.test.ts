import { describe, expect, it } from 'vitest';
import { defaultFieldTypes } from '@formloom/schemas';
import { compileForm } from './compile.ts';
import { importForm } from './import.ts';
import { propProblem } from './props.ts';
import { doc, field } from './test/helpers.ts';
import { allFields } from './tree.ts';

type JsonObject = Record<string, any>;

const DEPOT = { id: 'tm', name: { en: 'Tuen Mun Depot', 'zh-Hant': '屯門倉' }, lat: 22.3916, lng: 113.977, radius: 300 };

describe("a location field's geofence", () => {
  it('compiles to ui:options sites / outsideFence / maxAccuracy and imports back as the same prop', () => {
    const geofence = { sites: [DEPOT], outsideFence: 'flag' as const, maxAccuracy: 40 };
    const compiled = compileForm(doc([field('location', 'where', { required: true, props: { geofence } })]));
    expect(compiled.warnings).toEqual([]);
    expect((compiled.uiSchema as JsonObject).where['ui:options']).toEqual({ sites: [DEPOT], outsideFence: 'flag', maxAccuracy: 40 });
    const [where] = allFields(importForm(compiled.schema, compiled.uiSchema));
    expect(where.props).toEqual({ geofence });
    expect(where.extras).toBeUndefined();
    const again = compileForm(importForm(compiled.schema, compiled.uiSchema));
    expect(again.uiSchema).toEqual(compiled.uiSchema);
  });

  it('keeps unusable options verbatim instead of modelling them, and refuses them as a prop', () => {
    const [where] = allFields(
      importForm(
        { type: 'object', properties: { where: defaultFieldTypes.getOrThrow('location').schema } },
        { where: { 'ui:fieldType': 'location', 'ui:options': { sites: [{ name: 'Nowhere', lat: 95, lng: 0 }] } } },
      ),
    );
    expect(where.props.geofence).toBeUndefined();
    expect(where.extras?.uiSchema['ui:options']).toEqual({ sites: [{ name: 'Nowhere', lat: 95, lng: 0 }] });
    const location = defaultFieldTypes.get('location');
    expect(propProblem('geofence', { sites: [{ ...DEPOT, lat: 95 }] }, location)).toMatch(/geofence/);
    expect(propProblem('geofence', { sites: [] }, defaultFieldTypes.get('text'))).toMatch(/has no "geofence"/);
    expect(propProblem('geofence', { sites: [DEPOT], outsideFence: 'reject' }, location)).toBeNull();
  });
});
