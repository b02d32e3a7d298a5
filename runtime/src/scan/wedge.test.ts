import { describe, expect, it } from 'vitest';
import { createDuplicateGuard } from './duplicateGuard.ts';
import { createWedgeDetector, type KeyStroke, type WedgeStep } from './wedge.ts';

/** Feeds `text` then Enter, one key every `gapMs`, starting at `start`; returns the last step. */
function type(detector: ReturnType<typeof createWedgeDetector>, text: string, gapMs: number, start = 1000, end = 'Enter'): WedgeStep {
  let at = start;
  let step: WedgeStep = { kind: 'none' };
  for (const key of [...text, end]) {
    step = detector.feed({ key, timeStamp: at });
    at += gapMs;
  }
  return step;
}

describe('keyboard-wedge detection', () => {
  it('takes a burst at scanner speed ending in Enter for a scan', () => {
    expect(type(createWedgeDetector(), '4006381333931', 8)).toEqual({ kind: 'scan', code: '4006381333931' });
  });

  it('takes Tab as the end of a scan too', () => {
    expect(type(createWedgeDetector(), 'PART-42', 12, 0, 'Tab')).toEqual({ kind: 'scan', code: 'PART-42' });
  });

  it('leaves a person typing the same text at 80 ms or slower alone', () => {
    expect(type(createWedgeDetector(), '4006381333931', 80)).toEqual({ kind: 'none' });
    expect(type(createWedgeDetector(), '4006381333931', 150)).toEqual({ kind: 'none' });
  });

  it('draws the line at the gap limit', () => {
    expect(type(createWedgeDetector({ maxGapMs: 35 }), '12345', 35).kind).toBe('scan');
    expect(type(createWedgeDetector({ maxGapMs: 35 }), '12345', 36).kind).toBe('none');
  });

  it('needs at least four characters', () => {
    expect(type(createWedgeDetector(), '123', 5).kind).toBe('none');
    expect(type(createWedgeDetector(), '1234', 5).kind).toBe('scan');
  });

  it('does not count an Enter that comes long after the burst', () => {
    const detector = createWedgeDetector();
    for (const [i, key] of [...'98765'].entries()) detector.feed({ key, timeStamp: i * 5 });
    expect(detector.feed({ key: 'Enter', timeStamp: 500 })).toEqual({ kind: 'none' });
  });

  it('starts a new burst after a pause, so slow typing before a scan is not part of the code', () => {
    const detector = createWedgeDetector();
    detector.feed({ key: 'a', timeStamp: 0 });
    detector.feed({ key: 'b', timeStamp: 200 });
    expect(detector.feed({ key: '1', timeStamp: 600 })).toEqual({ kind: 'burst-start' });
    expect(type(detector, '234567', 6, 606)).toEqual({ kind: 'scan', code: '1234567' });
  });

  it('ignores Shift (scanners press it for capitals) and reads Ctrl+] as the GS1 separator', () => {
    const detector = createWedgeDetector();
    const strokes: KeyStroke[] = [
      { key: 'Shift', timeStamp: 0 },
      { key: 'A', timeStamp: 2 },
      { key: '1', timeStamp: 6 },
      { key: ']', ctrlKey: true, timeStamp: 10 },
      { key: '2', timeStamp: 14 },
      { key: '1', timeStamp: 18 },
      { key: 'Enter', timeStamp: 22 },
    ];
    const steps = strokes.map((s) => detector.feed(s));
    expect(steps.at(-1)).toEqual({ kind: 'scan', code: 'A1\u001d21' });
  });

  it('is broken by a key that types nothing (arrows, Backspace, shortcuts)', () => {
    const detector = createWedgeDetector();
    for (const [i, key] of [...'12345'].entries()) detector.feed({ key, timeStamp: i * 5 });
    detector.feed({ key: 'Backspace', timeStamp: 26 });
    expect(detector.feed({ key: 'Enter', timeStamp: 30 })).toEqual({ kind: 'none' });
  });
});

describe('duplicate guard', () => {
  it('ignores the same code within the window, measured from the last sighting', () => {
    const guard = createDuplicateGuard(3000, 'ignore');
    expect(guard.check('A', 0)).toBe('new');
    expect(guard.check('A', 2000)).toBe('ignore');
    expect(guard.check('A', 4500)).toBe('ignore'); // held in view: still the same scan
    expect(guard.check('A', 8000)).toBe('new');
  });

  it('counts repeats in count mode; a different code is new', () => {
    const guard = createDuplicateGuard(1000, 'count');
    expect(guard.check('A', 0)).toBe('new');
    expect(guard.check('A', 500)).toBe('count');
    expect(guard.check('B', 600)).toBe('new');
    expect(guard.check('A', 700)).toBe('count');
    expect(guard.check('A', 1800)).toBe('new');
    guard.reset();
    expect(guard.check('A', 1900)).toBe('new');
  });

  it('remembers each code, so two labels in view do not take turns being new', () => {
    const guard = createDuplicateGuard(3000, 'ignore');
    expect(['A', 'B', 'A', 'B', 'A'].map((code, i) => guard.check(code, i * 300))).toEqual(['new', 'new', 'ignore', 'ignore', 'ignore']);
  });

  it('in count mode, takes camera sightings close together for one showing of the label', () => {
    const guard = createDuplicateGuard(5000, 'count', { sameShowingMs: 900 });
    expect([0, 300, 600, 900, 2500, 2800].map((at) => guard.check('A', at))).toEqual([
      'new',
      'ignore',
      'ignore',
      'ignore',
      'count',
      'ignore',
    ]);
  });
});
