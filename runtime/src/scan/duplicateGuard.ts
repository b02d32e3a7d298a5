/**
 * A camera sees the same label in frame after frame, and a worker may pull the trigger twice: the
 * guard decides what a code seen again soon means. `ignore`: nothing (one item, one entry); `count`:
 * one more of the same item. The window runs from the last time that code was seen, so a label held
 * in front of the camera stays one scan however long it is held, and two labels in view at once do
 * not take turns being new.
 */
export type DuplicateMode = 'ignore' | 'count';
export type GuardVerdict = 'new' | 'ignore' | 'count';

export const DEFAULT_DUPLICATE_WINDOW_MS = 3000;
/** Camera sightings closer than this are one showing of the label, not a second scan to count. */
export const CAMERA_SAME_SHOWING_MS = 900;

export interface DuplicateGuard {
  /** What to do with `code` seen at `now` (ms, any monotonic clock); records the sighting. */
  check(code: string, now?: number): GuardVerdict;
  reset(): void;
}

export interface DuplicateGuardOptions {
  /** In count mode, a repeat sooner than this after the last sighting is ignored (the camera still sees the same label). */
  sameShowingMs?: number;
}

export function createDuplicateGuard(
  windowMs: number = DEFAULT_DUPLICATE_WINDOW_MS,
  mode: DuplicateMode = 'ignore',
  { sameShowingMs = 0 }: DuplicateGuardOptions = {},
): DuplicateGuard {
  const lastSeen = new Map<string, number>();
  return {
    check(code, now = performance.now()) {
      const seen = lastSeen.get(code);
      lastSeen.set(code, now);
      if (lastSeen.size > 64) for (const [old, at] of lastSeen) if (now - at > windowMs) lastSeen.delete(old);
      if (seen === undefined || now - seen > windowMs) return 'new';
      if (mode === 'ignore' || now - seen < sameShowingMs) return 'ignore';
      return 'count';
    },
    reset() {
      lastSeen.clear();
    },
  };
}
