/**
 * Page-wide scan mode: with it on, a keyboard-wedge scan typed anywhere on the page goes to the
 * form's first scan target (a barcode field, or a relation field that finds records by barcode),
 * wherever the focus is. The choice is remembered per device (localStorage), since it belongs to the
 * scanner in the worker's hand, not to the form.
 *
 * A small store outside React: targets register while mounted; one window listener runs while the
 * mode is on and some target exists.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { attachWedgeScanner } from './attachWedge.ts';
import type { ScanEvent } from './types.ts';

const STORAGE_KEY = 'formloom.pageScanMode';

interface Target {
  element: HTMLElement;
  accept: (event: ScanEvent) => void;
}

const targets = new Set<Target>();
const subscribers = new Set<() => void>();
let enabled = readStored();
let detach: (() => void) | null = null;
let version = 0;

function readStored(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false; // storage blocked (private mode): off, as on a new device
  }
}

/** The target that receives page-wide scans: the first in the page's order. */
function primaryTarget(): Target | undefined {
  let first: Target | undefined;
  for (const target of targets) {
    if (!target.element.isConnected) continue;
    if (!first || first.element.compareDocumentPosition(target.element) & Node.DOCUMENT_POSITION_PRECEDING) first = target;
  }
  return first;
}

function changed() {
  version += 1;
  const listen = enabled && targets.size > 0;
  if (listen && !detach) detach = attachWedgeScanner(window, { scope: 'page', onScan: (event) => primaryTarget()?.accept(event) });
  if (!listen && detach) {
    detach();
    detach = null;
  }
  subscribers.forEach((notify) => notify());
}

function subscribe(notify: () => void) {
  subscribers.add(notify);
  return () => subscribers.delete(notify);
}

export function isPageScanMode(): boolean {
  return enabled;
}

export function setPageScanMode(on: boolean): void {
  enabled = on;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Not remembered, but on for this page.
  }
  changed();
}

/** `[on, setOn]` for the page-wide scan mode toggle. */
export function usePageScanMode(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, isPageScanMode, () => false);
  return [on, setPageScanMode];
}

/**
 * Registers `element` (the field's wrapper) as a page-wide scan target while mounted and `active`.
 * Returns whether it is the primary one (the one page-wide scans go to).
 */
export function usePageScanTarget(element: HTMLElement | null, accept: (event: ScanEvent) => void, active = true): boolean {
  const latest = useRef(accept);
  useEffect(() => {
    latest.current = accept;
  });
  useEffect(() => {
    if (!element || !active) return;
    const target: Target = { element, accept: (event) => latest.current(event) };
    targets.add(target);
    changed();
    return () => {
      targets.delete(target);
      changed();
    };
  }, [element, active]);
  useSyncExternalStore(
    subscribe,
    () => version,
    () => 0,
  );
  return element !== null && primaryTarget()?.element === element;
}
