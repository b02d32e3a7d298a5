/**
 * Names for the people and departments a flow refers to, fetched once per id and shared by every
 * card and panel of the editor. Until an answer comes (or for an id the directory does not know:
 * a person since disabled) the card says so rather than showing an id.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApproverSource, Department, FlowDefinition, FlowNode } from '@formloom/schemas';
import { isBlock } from '../../core/flow/index.ts';
import { useFlowApi } from './flowApi.ts';

export interface FlowNames {
  user(id: string): string | undefined;
  department(id: string): string | undefined;
  departments: Department[];
}

const Context = createContext<FlowNames>({ user: () => undefined, department: () => undefined, departments: [] });

function collectIds(flow: FlowDefinition | null | undefined): { users: string[]; departments: string[] } {
  const users = new Set<string>();
  const departments = new Set<string>();
  const source = (s: ApproverSource) => {
    if (s.kind === 'user' && s.userId) users.add(s.userId);
    if (s.kind === 'departmentHead' && s.departmentId) departments.add(s.departmentId);
  };
  const visitCondition = (c: unknown) => {
    if (!c || typeof c !== 'object') return;
    const o = c as Record<string, unknown>;
    if (Array.isArray(o.all)) o.all.forEach(visitCondition);
    if (Array.isArray(o.any)) o.any.forEach(visitCondition);
    if (o.not) visitCondition(o.not);
    if (o.submitter === 'user') [o.value].flat().forEach((v) => typeof v === 'string' && users.add(v));
  };
  const go = (nodes: FlowNode[]) =>
    nodes.forEach((node) => {
      if (node.type === 'approval') node.approvers.forEach(source);
      else if (node.type === 'cc') node.recipients.forEach(source);
      else if (isBlock(node))
        for (const branch of node.branches) {
          if ('condition' in branch) visitCondition(branch.condition);
          go(branch.nodes);
        }
    });
  go(flow?.nodes ?? []);
  return { users: [...users].sort(), departments: [...departments] };
}

export function FlowNamesProvider({ flow, children }: { flow: FlowDefinition | null | undefined; children: ReactNode }) {
  const api = useFlowApi();
  const { i18n } = useTranslation();
  const [people, setPeople] = useState<ReadonlyMap<string, string>>(new Map());
  const [departments, setDepartments] = useState<Department[]>([]);
  const wanted = collectIds(flow).users;
  const missing = wanted.filter((id) => !people.has(id)).join(',');

  useEffect(() => {
    let live = true;
    api.departments().then(
      (items) => live && setDepartments(items),
      () => undefined, // names stay unknown; the cards say so
    );
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(() => {
    if (!missing) return;
    let live = true;
    const ids = missing.split(',');
    api.peopleById(ids).then(
      (items) => {
        if (!live) return;
        setPeople((old) => {
          const next = new Map(old);
          for (const id of ids) next.set(id, items.find((p) => p.id === id)?.name ?? '');
          return next;
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, missing]);

  const value = useMemo<FlowNames>(() => {
    const byId = new Map(departments.map((d) => [d.id, d]));
    return {
      user: (id) => people.get(id) || undefined,
      department: (id) => {
        const d = byId.get(id);
        return d ? (i18n.language === 'zh-Hant' ? (d.name['zh-Hant'] ?? d.name.en) : d.name.en) : undefined;
      },
      departments,
    };
  }, [people, departments, i18n.language]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export const useFlowNames = () => useContext(Context);
