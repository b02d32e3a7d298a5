/** What the flow lacks before it can be saved, checked against the form as it is now compiled. */
import { useMemo } from 'react';
import type { ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { flowIssues, type FlowIssues } from '../../core/flow/index.ts';
import { compileForm, type FormDoc } from '../../core/index.ts';
import { useDesigner, useDoc } from '../DesignerContext.tsx';

const NONE: FlowIssues = new Map();

export function issuesOf(doc: FormDoc, registry: ReadonlyFieldTypeRegistry): FlowIssues {
  if (!doc.workflow) return NONE;
  return flowIssues(doc.workflow, compileForm(doc, { registry }).schema);
}

/** Recomputed when the flow or the fields change (a title edit leaves it alone). */
export function useFlowIssues(): FlowIssues {
  const doc = useDoc();
  const { registry } = useDesigner();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- only the fields and the flow matter
  return useMemo(() => issuesOf(doc, registry), [doc.fields, doc.workflow, registry]);
}
