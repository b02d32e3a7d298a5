import { useEffect } from 'react';
import type { DesignerStore } from './DesignerContext.tsx';
import { isTextEntry, primaryModifier } from './text.ts';

/**
 * Undo and redo for the whole page: Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z and Ctrl+Y. Not while the person
 * types in a text box: there the keys undo their typing, as everywhere else on their computer.
 */
export function useUndoShortcuts(store: DesignerStore, onUndoRedo: (what: 'undo' | 'redo') => void): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || !primaryModifier(e) || e.altKey || isTextEntry(e.target)) return;
      const key = e.key.toLowerCase();
      const redo = (key === 'z' && e.shiftKey) || (key === 'y' && e.ctrlKey && !e.shiftKey);
      const undo = key === 'z' && !e.shiftKey;
      if (!undo && !redo) return;
      e.preventDefault();
      if (undo && store.canUndo()) {
        store.undo();
        onUndoRedo('undo');
      } else if (redo && store.canRedo()) {
        store.redo();
        onUndoRedo('redo');
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store, onUndoRedo]);
}
