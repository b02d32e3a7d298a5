import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import { operatorsFor, type Rule } from '../../core/index.ts';
import { useDesigner, useDoc } from '../DesignerContext.tsx';
import { fieldIndex } from '../fieldIndex.ts';
import { Icon } from '../icons.tsx';
import { newCondition } from './conditions.ts';
import { RuleForm } from './RuleForm.tsx';
import { ruleText } from './describe.ts';

/** "Show / hide / require field X when …": the form's rules as sentences, each editable. */
export function RulesEditor() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { registry, run } = useDesigner();
  const doc = useDoc();
  const index = fieldIndex(doc.fields);
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const conditionFields = useMemo(
    () => [...index.values()].map((l) => l.node).filter((n) => operatorsFor(n, registry).length > 0),
    [index, registry],
  );
  const blank = useMemo((): Omit<Rule, 'id'> | null => {
    const first = conditionFields[0];
    return first ? { action: 'show', targets: [], when: { op: 'and', items: [newCondition(first, registry)] } } : null;
  }, [conditionFields, registry]);

  return (
    <section className="fl-dz-rules" aria-labelledby="fl-dz-rules-title">
      <h2 id="fl-dz-rules-title" className="fl-dz-pane-title">
        {t('designer.rules.title')}
      </h2>
      <p className="fl-dz-hint">{t('designer.rules.hint')}</p>
      {doc.rules.length === 0 && editing !== 'new' && <p className="fl-dz-rules__empty">{t('designer.rules.none')}</p>}
      <ol className="fl-dz-rules__list">
        {doc.rules.map((rule, i) =>
          editing === rule.id ? (
            <li key={rule.id}>
              <RuleForm
                initial={{ action: rule.action, targets: rule.targets, when: rule.when }}
                ruleId={rule.id}
                fields={conditionFields}
                onDone={() => setEditing(null)}
              />
            </li>
          ) : (
            <li key={rule.id} className="fl-dz-rule">
              <p className="fl-dz-rule__text">{ruleText(rule, index, registry, t, locale)}</p>
              <div className="fl-dz-rule__buttons">
                <button
                  type="button"
                  className="fl-btn fl-btn--secondary fl-dz-compact"
                  aria-label={t('designer.rules.editN', { n: i + 1 })}
                  onClick={() => setEditing(rule.id)}
                >
                  {t('designer.rules.edit')}
                </button>
                <button
                  type="button"
                  className="fl-dz-smallbtn fl-dz-smallbtn--danger"
                  aria-label={t('designer.rules.removeN', { n: i + 1 })}
                  onClick={() => run({ type: 'removeRule', id: rule.id })}
                >
                  <Icon name="trash" size={16} />
                </button>
              </div>
            </li>
          ),
        )}
      </ol>
      {editing === 'new' && blank ? (
        <RuleForm initial={blank} fields={conditionFields} onDone={() => setEditing(null)} />
      ) : (
        <button type="button" className="fl-btn fl-btn--secondary" disabled={!blank || editing !== null} onClick={() => setEditing('new')}>
          <Icon name="plus" size={16} />
          {t('designer.rules.add')}
        </button>
      )}
      {!blank && <p className="fl-dz-hint">{t('designer.rules.needFields')}</p>}
    </section>
  );
}
