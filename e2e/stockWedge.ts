import type { Page } from 'playwright-core';

/**
 * Types `code` and Enter the way a keyboard-wedge scanner does: keys `gapMs` apart by their event
 * timestamps. A scanner's keys carry the time the hardware sent them; Playwright's own typing is
 * timed by when its commands reach the browser, which on a busy machine stalls by more than a
 * scanner's whole burst and turns a scan into "typing". CDP's Input.dispatchKeyEvent takes the
 * timestamp, so the page sees exactly a scanner's rhythm, however loaded the machine is.
 */
export async function wedgeScan(page: Page, code: string, gapMs = 10): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    let at = Date.now() / 1000;
    const press = async (key: string, extra: Record<string, unknown> = {}) => {
      at += gapMs / 1000;
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key, timestamp: at, ...extra });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key, timestamp: at + 0.002, ...extra });
    };
    for (const ch of code) await press(ch, { text: ch, code: /\d/.test(ch) ? `Digit${ch}` : `Key${ch.toUpperCase()}` });
    await press('Enter', { code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' });
  } finally {
    await cdp.detach();
  }
}
