/**
 * A camera sees the same label in frame after frame, and a worker may pull the trigger twice: the
 * guard decides what a code seen again soon means. `ignore`: nothing (one item, one entry); `count`:
 * one more of the same item. The window is measured from the last time the code was seen, so a label
 * held in front of the camera stays one scan however long it is held.
 */
export type DuplicateMode = 'ignore' | 'count';
export type GuardVerdict = 'new' | 'ignore' | 'count';

export const DEFAULT_DUPLICATE_WINDOW_MS = 3000;

export interface DuplicateGuard {
  /** What to do with `code` seen at `now` (ms, any monotonic clock); records the sighting. */
  check(code: string, now?: number): GuardVerdict;
  reset(): void;
}

export function createDuplicateGuard(windowMs: number = DEFAULT_DUPLICATE_WINDOW_MS, mode: DuplicateMode = 'ignore'): DuplicateGuard {
  let last: { code: string; at: number } | null = null;
  return {
    check(code, now = performance.now()) {
      const repeat = last !== null && last.code === code && now - last.at <= windowMs;
      last = { code, at: now };
      if (!repeat) return 'new';
      return mode;
    },
    reset() {
      last = null;
    },
  };
}
