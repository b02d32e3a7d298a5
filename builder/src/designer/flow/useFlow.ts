/**
 * The flow in the designer's store, and one way to change it: `edit` runs a pure edit from
 * core/flow on the current flow and dispatches the result (one undo step). The canvas only offers
 * edits that can succeed (no "move up" on the first node), so a refusal is said in the live region.
 */
import { useCallback } from 'react';
import type { FlowDefinition } from '@formloom/schemas';
import { DesignerError, type DesignerState, type Result } from '../../core/index.ts';
import { useDesigner, useDesignerState } from '../DesignerContext.tsx';

const selectWorkflow = (s: DesignerState) => s.doc.workflow ?? null;

export const useWorkflow = (): FlowDefinition | null => useDesignerState(selectWorkflow);

export function useFlowEdit() {
  const { store, run, announce } = useDesigner();
  return useCallback(
    (change: (flow: FlowDefinition) => FlowDefinition): Result => {
      const flow = store.getState().doc.workflow;
      if (!flow) return { ok: false, error: { code: 'invalid_command', message: 'The form has no flow.' } };
      try {
        return run({ type: 'setWorkflow', workflow: change(flow) });
      } catch (err) {
        if (!(err instanceof DesignerError)) throw err;
        announce(err.message);
        return { ok: false, error: { code: err.code, message: err.message } };
      }
    },
    [store, run, announce],
  );
}
