import type { Locale } from '@formloom/schemas';

/** The designer's strings; it grows into i18next resources with the designer itself. */
export const messages: Record<Locale, { title: string; body: string; back: string; fieldTypes: string }> = {
  en: {
    title: 'Form designer',
    body: 'The drag-and-drop designer is being built. Until then, install a template from the Formloom home page, or create forms through the API with a JSON Schema.',
    back: 'Back to Formloom',
    fieldTypes: 'Field types the designer will offer',
  },
  'zh-Hant': {
    title: '表單設計器',
    body: '拖放式表單設計器正在開發中。在此之前，請在 Formloom 首頁安裝範本，或透過 API 以 JSON Schema 建立表單。',
    back: '返回 Formloom',
    fieldTypes: '設計器將提供的欄位類型',
  },
};
