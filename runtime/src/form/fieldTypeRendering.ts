import { DigitalSignatureField } from './digitalSignature/DigitalSignatureField.tsx';
import { PersonWidget } from './person/PersonWidget.tsx';

/**
 * How the runtime renders each field type of the registry (@formloom/schemas): the uiSchema it adds on
 * top of the registry's defaults. The form's own uiSchema still wins over both. A type missing here and
 * from RENDERED_AS_IS fails fieldTypeRendering.test.ts, so a new registry type cannot slip through
 * unrendered.
 */
export const RUNTIME_UI: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  money: { 'ui:widget': 'money' },
  calculated: { 'ui:widget': 'calculated' },
  signature: { 'ui:widget': 'signature' },
  // Signed with the person's certificate in the page (runtime/src/signatures); the value is {signatureId}.
  digitalSignature: { 'ui:field': DigitalSignatureField },
  // Stored on the server (the value is a file id), not rjsf's data URL in the submission.
  photo: { 'ui:widget': 'photo' },
  file: { 'ui:widget': 'fileUpload' },
  multiselect: { 'ui:widget': 'checkboxes' },
  rating: { 'ui:widget': 'RatingWidget' },
  relation: { 'ui:widget': 'relation' },
  // The directory's people search (components/pickers); the value is the person's user id.
  person: { 'ui:widget': PersonWidget },
  // A field, not a widget: a GS1 scan fills the fields beside it too (runtime/src/scan/BarcodeField.tsx).
  barcode: { 'ui:field': 'barcode' },
  // The device's GPS reading with the fence verdict; coordinates are not typed in.
  location: { 'ui:field': 'location' },
  // Add, remove and move rows; a row re-renders only when its own data changes (200-row tables).
  subtable: { 'ui:field': 'subtable' },
  // The heading is the field: no label above it.
  static: { 'ui:label': false },
};

/** Types rjsf renders well from the schema and the registry's uiSchema alone. */
export const RENDERED_AS_IS: ReadonlySet<string> = new Set([
  'text',
  'textarea',
  'number',
  'email',
  'phone',
  'hkid',
  'select',
  'radio',
  'checkbox',
  'yesno',
  'date',
  'time',
  'datetime',
  'section',
  'row', // laid out in columns by prepareUiSchema's class name
  'autonumber', // read-only; the server fills these
  'currentUser',
  'submitTime',
  'department',
]);

/** Extra uiSchema for a field of `type` with the given (merged) options. */
export function runtimeUiFor(type: string, options: Record<string, unknown> | undefined): Record<string, unknown> {
  if (type === 'row') {
    const columns = options?.columns === 3 ? 3 : 2;
    return { 'ui:classNames': `fl-row fl-row--${columns}` };
  }
  // A single choice whose options are another form's records (`ui:options.optionsFrom`).
  if (type === 'select' && typeof options?.optionsFrom === 'object' && options.optionsFrom !== null) return { 'ui:widget': 'optionsFrom' };
  return RUNTIME_UI[type] ?? {};
}
