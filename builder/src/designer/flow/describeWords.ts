/** The words core/flow's sentences are made of, in the UI language. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { ConditionWords, SourceWords } from '../../core/flow/index.ts';
import type { FormDoc } from '../../core/index.ts';
import { useDoc } from '../DesignerContext.tsx';
import { pick } from '../text.ts';
import { useFlowNames } from './useNames.tsx';

function fieldAt(doc: FormDoc, path: readonly string[]) {
  let list = doc.fields;
  let node;
  for (const key of path) {
    node = list.find((f) => f.key === key);
    if (!node) return undefined;
    list = node.children ?? [];
  }
  return node;
}

export function useConditionWords(): ConditionWords {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const doc = useDoc();
  const names = useFlowNames();
  return useMemo(() => {
    const number = new Intl.NumberFormat(locale === 'zh-Hant' ? 'zh-HK' : 'en');
    return {
      field: (path) => {
        const node = fieldAt(doc, path);
        return (node && pick(node.label, locale)) || path.join('.');
      },
      value: (path, value) => {
        const option = fieldAt(doc, path)?.props.options?.find((o) => o.value === value);
        if (option) return pick(option.label, locale) || option.value;
        if (typeof value === 'number') return number.format(value);
        if (typeof value === 'boolean') return t(value ? 'designer.flow.cond.yes' : 'designer.flow.cond.no');
        return value === undefined || value === '' ? '…' : String(value);
      },
      op: (op) => t(`designer.flow.cond.op.${op}`),
      submitter: (attribute) => t(`designer.flow.cond.submitter.${attribute}`),
      submitterOp: (op) => t(`designer.flow.cond.subOp.${op}`),
      submitterValue: (attribute, value) => {
        if (attribute === 'department') return names.department(value) ?? t('designer.flow.unknownDepartment');
        if (attribute === 'user') return names.user(value) ?? t('designer.flow.unknownPerson');
        if (attribute === 'role') return t(`designer.flow.cond.role.${value}`, { defaultValue: value });
        return value;
      },
      and: t('designer.flow.cond.and'),
      or: t('designer.flow.cond.or'),
      not: (sentence) => t('designer.flow.cond.not', { sentence }),
      list: t('designer.flow.cond.list'),
    };
  }, [t, locale, doc, names]);
}

export function useSourceWords(): SourceWords {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const doc = useDoc();
  const names = useFlowNames();
  return useMemo(
    () => ({
      user: (id) => (id ? (names.user(id) ?? t('designer.flow.unknownPerson')) : t('designer.flow.source.userUnset')),
      position: (position) => t('designer.flow.source.positionText', { position }),
      manager: (level) => (level === 1 ? t('designer.flow.source.directManager') : t('designer.flow.source.levelManager', { level })),
      departmentHead: (id) =>
        id
          ? t('designer.flow.source.headOf', { department: names.department(id) ?? t('designer.flow.unknownDepartment') })
          : t('designer.flow.source.ownHead'),
      submitterPick: (key) => {
        const node = doc.fields.find((f) => f.key === key);
        return t('designer.flow.source.pickedIn', { field: (node && pick(node.label, locale)) || key });
      },
    }),
    [t, locale, doc, names],
  );
}
