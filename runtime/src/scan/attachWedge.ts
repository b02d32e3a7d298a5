/**
 * Listens for keyboard-wedge scans on an element (the barcode field's input) or on the whole page.
 * Typing is never blocked: keys go where they always go, and only when a burst turns out to be a
 * scan is its Enter stopped (so the form is not submitted), the characters it typed into a text
 * box taken back out (the handler decides what the box gets), and the scan handed over.
 */
import { toScanEvent } from './scanEvent.ts';
import type { ScanEvent } from './types.ts';
import { createWedgeDetector, type WedgeOptions } from './wedge.ts';

export type WedgeScope = 'element' | 'page';

/** Keydowns an element-level scanner has seen; the page-wide one leaves them to it. */
const claimedByElement = new WeakSet<Event>();

type Editable = HTMLInputElement | HTMLTextAreaElement;
const isEditable = (target: EventTarget | null): target is Editable =>
  target instanceof HTMLTextAreaElement ||
  (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type));

/** Sets an input's value the way typing does, so React's onChange sees it. */
export function setNativeValue(input: Editable, value: string): void {
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input), 'value')?.set;
  setter?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function attachWedgeScanner(
  target: HTMLElement | Window,
  { onScan, scope, options }: { onScan: (event: ScanEvent) => void; scope: WedgeScope; options?: WedgeOptions },
): () => void {
  const detector = createWedgeDetector(options);
  let burstIn: { input: Editable; before: string } | null = null;
  const listener = (event: Event) => {
    if (!(event instanceof KeyboardEvent)) return;
    // Chinese and other IME input sends keydowns while composing; never a scanner.
    if (event.isComposing || event.key === 'Process') return detector.reset();
    if (scope === 'element') claimedByElement.add(event);
    else if (claimedByElement.has(event)) return;
    const step = detector.feed(event);
    if (step.kind === 'burst-start') {
      burstIn = isEditable(event.target) ? { input: event.target, before: event.target.value } : null;
    } else if (step.kind === 'scan') {
      if (event.key === 'Enter') event.preventDefault();
      if (burstIn && burstIn.input.value !== burstIn.before) setNativeValue(burstIn.input, burstIn.before);
      burstIn = null;
      onScan(toScanEvent(step.code, 'wedge'));
    }
  };
  target.addEventListener('keydown', listener);
  return () => target.removeEventListener('keydown', listener);
}
