import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { defaultFieldTypes, negotiateLocale } from '@formloom/schemas';
import { messages } from './messages.ts';

const locale = (localStorage.getItem('formloom.locale') as 'en' | 'zh-Hant' | null) ?? negotiateLocale(navigator.languages.join(','));
const t = messages[locale] ?? messages.en;

function Placeholder() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 720, margin: '40px auto', padding: '0 16px', lineHeight: 1.5 }}>
      <h1>{t.title}</h1>
      <p>{t.body}</p>
      <h2 style={{ fontSize: 18 }}>{t.fieldTypes}</h2>
      <ul style={{ columns: 3 }}>
        {defaultFieldTypes.list().map((f) => (
          <li key={f.type}>{f.label[locale]}</li>
        ))}
      </ul>
      <a href="/">{t.back}</a>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Placeholder />
  </StrictMode>,
);
