import { createContext, useCallback, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import type { Command, DesignerState, DesignerStore, FieldLocation, FieldNode, FormDoc, Result } from '../core/index.ts';
import { fieldIndex } from './fieldIndex.ts';

export type { DesignerState, DesignerStore };

export interface DesignerContextValue {
  store: DesignerStore;
  registry: ReadonlyFieldTypeRegistry;
  /** The form being designed (for the API calls panels make: relation targets, versions). */
  form: { id: string; appId: string };
  /**
   * Dispatches and reports a refusal (in words) in the banner and the live region; `quiet` leaves
   * that to the caller, which shows it next to the control that caused it.
   */
  run: (command: Command, options?: { quiet?: boolean }) => Result;
  /** Says something in the polite live region (moves, additions, removals). */
  announce: (message: string) => void;
}

const Context = createContext<DesignerContextValue | null>(null);

export function DesignerProvider({ value, children }: { value: DesignerContextValue; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useDesigner(): DesignerContextValue {
  const value = useContext(Context);
  if (!value) throw new Error('useDesigner() outside <DesignerProvider>');
  return value;
}

/**
 * A slice of the store's state; the component re-renders only when the slice changes (by identity), so
 * the selector must return primitives or objects the store already holds.
 */
export function useDesignerState<T>(selector: (state: DesignerState) => T): T {
  const { store } = useDesigner();
  const get = useCallback(() => selector(store.getState()), [store, selector]);
  return useSyncExternalStore(store.subscribe, get, get);
}

const selectDoc = (s: DesignerState) => s.doc;
const selectSelection = (s: DesignerState) => s.selection;
const selectFields = (s: DesignerState) => s.doc.fields;

export const useDoc = (): FormDoc => useDesignerState(selectDoc);
export const useSelection = (): string | null => useDesignerState(selectSelection);
export const useFields = (): readonly FieldNode[] => useDesignerState(selectFields);

/** True only for the selected field: selecting another field re-renders just the two involved. */
export function useIsSelected(id: string): boolean {
  return useDesignerState(useCallback((s: DesignerState) => s.selection === id, [id]));
}

/** Where a field sits now, or undefined once it is gone. */
export function useLocation(id: string | null): FieldLocation | undefined {
  const fields = useFields();
  return id ? fieldIndex(fields).get(id) : undefined;
}
