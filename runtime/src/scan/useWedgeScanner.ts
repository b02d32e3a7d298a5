import { useEffect, useRef, type RefObject } from 'react';
import { attachWedgeScanner } from './attachWedge.ts';
import type { ScanEvent } from './types.ts';
import type { WedgeOptions } from './wedge.ts';

export interface UseWedgeScannerOptions extends WedgeOptions {
  onScan: (event: ScanEvent) => void;
  enabled?: boolean;
  /**
   * `'page'` (default): scans typed anywhere; an element: scans typed into it. A ref is read once, when
   * mounted: for an element that comes and goes, pass the element itself (kept in state).
   */
  target?: 'page' | HTMLElement | RefObject<HTMLElement | null> | null;
}

/** Calls `onScan` for each keyboard-wedge scan (see wedge.ts for how a scan is told from typing). */
export function useWedgeScanner({ onScan, enabled = true, target = 'page', minLength, maxGapMs }: UseWedgeScannerOptions): void {
  const latest = useRef(onScan);
  useEffect(() => {
    latest.current = onScan;
  });
  useEffect(() => {
    if (!enabled || !target) return;
    const element = target === 'page' ? window : target instanceof HTMLElement ? target : target.current;
    if (!element) return;
    return attachWedgeScanner(element, {
      scope: target === 'page' ? 'page' : 'element',
      onScan: (event) => latest.current(event),
      options: { minLength, maxGapMs },
    });
  }, [enabled, target, minLength, maxGapMs]);
}
