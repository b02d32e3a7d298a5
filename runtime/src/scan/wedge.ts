/**
 * Keyboard-wedge scanners are keyboards: a handheld scanner "types" the code and presses Enter (or
 * Tab). They are told apart from people by speed alone: a scanner sends a key every few
 * milliseconds, a fast typist one every 80 ms or more. A burst of at least `minLength` printable
 * keys, each within `maxGapMs` of the one before, that ends in Enter or Tab within the same gap, is
 * a scan; anything else is typing and is left alone.
 */
import { GS } from '@formloom/schemas';

export const WEDGE_DEFAULTS = { minLength: 4, maxGapMs: 35 } as const;

export interface WedgeOptions {
  minLength?: number;
  maxGapMs?: number;
}

/** What the detector needs of a keydown event. */
export interface KeyStroke {
  key: string;
  /** Milliseconds on a monotonic clock (KeyboardEvent.timeStamp). */
  timeStamp: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export type WedgeStep =
  /** A scan ended with this key (Enter or Tab): the code. */
  | { kind: 'scan'; code: string }
  /** This key starts a new burst of quick keys (may turn out to be a scan). */
  | { kind: 'burst-start' }
  | { kind: 'none' };

export interface WedgeDetector {
  feed(stroke: KeyStroke): WedgeStep;
  reset(): void;
}

const IGNORED_KEYS = new Set(['Shift', 'CapsLock']);

export function createWedgeDetector({
  minLength = WEDGE_DEFAULTS.minLength,
  maxGapMs = WEDGE_DEFAULTS.maxGapMs,
}: WedgeOptions = {}): WedgeDetector {
  let buffer = '';
  let lastAt = Number.NEGATIVE_INFINITY;
  const reset = () => {
    buffer = '';
    lastAt = Number.NEGATIVE_INFINITY;
  };
  return {
    reset,
    feed(stroke) {
      // Scanners press Shift for capitals; it says nothing about speed.
      if (IGNORED_KEYS.has(stroke.key)) return { kind: 'none' };
      const quick = stroke.timeStamp - lastAt <= maxGapMs;
      if (stroke.key === 'Enter' || stroke.key === 'Tab') {
        const code = buffer;
        reset();
        return quick && code.length >= minLength ? { kind: 'scan', code } : { kind: 'none' };
      }
      const char = characterOf(stroke);
      if (char === null) {
        reset();
        return { kind: 'none' };
      }
      const starts = !quick || buffer === '';
      buffer = starts ? char : buffer + char;
      lastAt = stroke.timeStamp;
      return starts ? { kind: 'burst-start' } : { kind: 'none' };
    },
  };
}

/** The character a key types, or null for keys that do not (arrows, Backspace, shortcuts). */
function characterOf(stroke: KeyStroke): string | null {
  // Scanners send GS1's FNC1 separator as Ctrl+] (ASCII 29), or as the character itself.
  if (stroke.ctrlKey && stroke.key === ']') return GS;
  if (stroke.ctrlKey || stroke.altKey || stroke.metaKey) return null;
  return [...stroke.key].length === 1 ? stroke.key : null;
}
