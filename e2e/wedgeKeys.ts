import type { Page } from 'playwright-core';

/** The fields of CDP's Input.dispatchKeyEvent used here. */
interface KeyEvent {
  type: 'keyDown' | 'keyUp' | 'rawKeyDown';
  key: string;
  code?: string;
  text?: string;
  unmodifiedText?: string;
  windowsVirtualKeyCode?: number;
  modifiers?: number;
}

/**
 * Types `text` the way a keyboard-wedge scanner does: keys `gapMs` apart by the clock the page sees
 * (each key's KeyboardEvent.timeStamp), then Enter. A real scanner's keys carry the time the device
 * sent them, however busy the page is; page.keyboard.type's gaps are instead stretched by every
 * round trip to a loaded test machine (10 ms asked, 20–130 ms seen), so the key times are given to
 * Chromium (CDP Input.dispatchKeyEvent `timestamp`). `\u001d` (the GS1 separator) is sent as Ctrl+],
 * as scanners do.
 */
export async function typeAsScanner(
  page: Page,
  text: string,
  { gapMs = 10, end = 'Enter' }: { gapMs?: number; end?: 'Enter' | 'Tab' } = {},
) {
  const cdp = await page.context().newCDPSession(page);
  try {
    let at = Date.now() / 1000;
    const key = async (down: KeyEvent, up: Omit<KeyEvent, 'type'>) => {
      await cdp.send('Input.dispatchKeyEvent', { ...down, timestamp: at });
      await cdp.send('Input.dispatchKeyEvent', { ...up, type: 'keyUp', timestamp: at + 0.002 });
      at += gapMs / 1000;
    };
    for (const char of text) {
      if (char === '\u001d') {
        const bracket = { key: ']', code: 'BracketRight', windowsVirtualKeyCode: 221, modifiers: 2 }; // 2: Ctrl
        await key({ ...bracket, type: 'rawKeyDown' }, bracket);
      } else {
        await key({ type: 'keyDown', key: char, text: char, unmodifiedText: char }, { key: char });
      }
    }
    const last =
      end === 'Enter' ? { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 } : { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 };
    await key({ ...last, type: 'keyDown', ...(end === 'Enter' ? { text: '\r' } : {}) }, last);
  } finally {
    await cdp.detach();
  }
}
