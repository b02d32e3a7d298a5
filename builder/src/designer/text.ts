import type { Locale, Localized } from '@formloom/schemas';

/** A localized text in the UI language, else in the other one, else ''. */
export function pick(text: Localized | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text.en || text['zh-Hant'] || '';
}

export const emptyText = (): Localized => ({ en: '', 'zh-Hant': '' });

/** Whether a keyboard event is aimed at something that edits text, which keeps its own undo and arrows. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'color', 'range'].includes(target.type);
  }
  return false;
}

/** Ctrl on Windows and Linux, Cmd on a Mac: either counts, as people switch machines. */
export const primaryModifier = (e: { ctrlKey: boolean; metaKey: boolean }) => e.ctrlKey || e.metaKey;

/** An attribute selector for `[name="value"]`, safe for any value (jsdom has no CSS.escape). */
export function attrSelector(name: string, value: string): string {
  return `[${name}="${value.replace(/["\\]/g, '\\$&')}"]`;
}
