/**
 * Fields captured from the device: files, the camera, a signature pad, a certificate's digital signature,
 * GPS, a barcode scanner.
 * Files are stored as strings (a file id or a data URL) with no `format`: rjsf's `data-url` is not a
 * standard format, and ajv strict mode rejects unknown formats. Only rjsf's own widget names appear
 * in `ui:widget`; for the rest the runtime picks a widget from `ui:fieldType`.
 */
import type { FieldTypeDefinition } from '../types.ts';

export const mediaFieldTypes: FieldTypeDefinition[] = [
  {
    type: 'file',
    category: 'media',
    label: { en: 'Attachment', 'zh-Hant': '附件' },
    description: { en: 'Upload a file.', 'zh-Hant': '上載檔案。' },
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'file', 'ui:widget': 'file' },
    valueKind: 'string',
  },
  {
    type: 'photo',
    category: 'media',
    label: { en: 'Photo', 'zh-Hant': '相片' },
    description: { en: 'Take or upload a photo.', 'zh-Hant': '拍攝或上載相片。' },
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'photo', 'ui:widget': 'file', 'ui:options': { accept: 'image/*' } },
    valueKind: 'string',
  },
  {
    type: 'signature',
    category: 'media',
    label: { en: 'Drawn signature', 'zh-Hant': '手寫簽名' },
    // A picture of a signature: it shows who drew it, but it is not a digital signature (ETO s.3A).
    description: {
      en: 'Sign on the screen with a finger or mouse. A picture of a signature, not a digital signature.',
      'zh-Hant': '用手指或滑鼠在螢幕上簽名。這是簽名的圖像，並非數碼簽署。',
    },
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'signature' },
    valueKind: 'string',
  },
  {
    type: 'digitalSignature',
    category: 'media',
    label: { en: 'Digital signature (certificate)', 'zh-Hant': '數碼簽署（證書）' },
    description: {
      en: "Signed in the browser with the person's own certificate (such as a Hongkong Post e-Cert); the server checks it and keeps a signed PDF.",
      'zh-Hant': '在瀏覽器中以簽署人自己的證書（例如香港郵政電子證書）簽署；伺服器會核實簽署並保存已簽署的 PDF。',
    },
    // The value names the completed signature (POST /api/signatures/:signingId/complete); the server
    // checks on submit that it signs this form version's data by the submitter (422 signature_mismatch).
    schema: {
      type: 'object',
      properties: { signatureId: { type: 'string', minLength: 1, maxLength: 100 } },
      required: ['signatureId'],
      additionalProperties: false,
    },
    uiSchema: { 'ui:fieldType': 'digitalSignature' },
    valueKind: 'object',
  },
  {
    type: 'location',
    category: 'media',
    label: { en: 'Location', 'zh-Hant': '位置' },
    description: { en: "The device's GPS position.", 'zh-Hant': '裝置的 GPS 位置。' },
    schema: {
      type: 'object',
      properties: {
        lat: { type: 'number', title: 'Latitude', minimum: -90, maximum: 90 },
        lng: { type: 'number', title: 'Longitude', minimum: -180, maximum: 180 },
        accuracy: { type: 'number', title: 'Accuracy (m)', minimum: 0 },
      },
      required: ['lat', 'lng'],
      additionalProperties: false,
    },
    uiSchema: { 'ui:fieldType': 'location' },
    valueKind: 'object',
    i18n: {
      'zh-Hant': {
        '/schema/properties/lat/title': '緯度',
        '/schema/properties/lng/title': '經度',
        '/schema/properties/accuracy/title': '準確度 (米)',
      },
    },
  },
  {
    type: 'barcode',
    category: 'media',
    label: { en: 'Barcode', 'zh-Hant': '條碼' },
    description: { en: 'Scan a barcode or QR code, or type it.', 'zh-Hant': '掃描條碼或二維碼，或手動輸入。' },
    schema: { type: 'string' },
    uiSchema: { 'ui:fieldType': 'barcode' },
    valueKind: 'string',
  },
];
