import { useTranslation } from 'react-i18next';
import { useLocale } from '@formloom/runtime';
import type { FieldNode } from '../../core/index.ts';
import { useDoc, useLocation } from '../DesignerContext.tsx';
import { Icon } from '../icons.tsx';

type Choice = { value: string; label: string };

/** The fields beside `node` (same section, row or table row) that a pick may fill: not itself, no containers or static text. */
export function useFillTargets(node: FieldNode): Choice[] {
  const { locale } = useLocale();
  const doc = useDoc();
  const location = useLocation(node.id);
  const siblings = location?.parent?.children ?? doc.fields;
  return siblings
    .filter((f) => f.id !== node.id && !f.children && f.type !== 'static')
    .map((f) => {
      const title = (f.label[locale] || f.label.en).trim();
      return { value: f.key, label: title ? `${title} (${f.key})` : f.key };
    });
}

/**
 * "When a record is picked, fill <field here> with <field there>": the `fill` map of a relation
 * field or of a select whose options come from another form. Each field here is filled at most once.
 */
export function FillMap({
  node,
  sources,
  fill,
  hint,
  onChange,
}: {
  node: FieldNode;
  /** Replaces the relation's explanation (a select fills from the record holding the chosen value). */
  hint?: string;
  /** The linked form's top-level fields. */
  sources: Choice[];
  fill: Record<string, string> | undefined;
  onChange: (fill: Record<string, string> | undefined) => void;
}) {
  const { t } = useTranslation();
  const targets = useFillTargets(node);
  const rows = Object.entries(fill ?? {});
  const used = new Set(rows.map(([here]) => here));
  const save = (next: [string, string][]) => onChange(next.length ? Object.fromEntries(next) : undefined);
  const free = targets.find((f) => !used.has(f.value));
  const add = () => {
    if (!free || sources.length === 0) return;
    save([...rows, [free.value, (sources.find((s) => s.value === free.value) ?? sources[0]).value]]);
  };
  const labelOf = (choices: Choice[], value: string) => choices.find((c) => c.value === value)?.label ?? value;
  return (
    <fieldset className="fl-dz-prop fl-dz-prop--group fl-dz-fill">
      <legend className="fl-dz-prop__label">{t('designer.fill.title')}</legend>
      <p className="fl-dz-prop__hint">{hint ?? t('designer.fill.hint')}</p>
      {rows.length > 0 && (
        <ol className="fl-dz-options__list">
          {rows.map(([here, there], i) => (
            <li key={here} className="fl-dz-options__item">
              <div className="fl-dz-options__labels">
                <label className="fl-dz-prop__label">
                  {t('designer.fill.here')}
                  <select
                    className="fl-input fl-dz-prop__input"
                    aria-label={t('designer.fill.hereLabel', { n: i + 1 })}
                    value={here}
                    onChange={(e) => save(rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)))}
                  >
                    {[...(targets.some((f) => f.value === here) ? [] : [{ value: here, label: here }]), ...targets]
                      .filter((f) => f.value === here || !used.has(f.value))
                      .map((f) => (
                        <option key={f.value} value={f.value}>
                          {f.label}
                        </option>
                      ))}
                  </select>
                </label>
                <label className="fl-dz-prop__label">
                  {t('designer.fill.there')}
                  <select
                    className="fl-input fl-dz-prop__input"
                    aria-label={t('designer.fill.thereLabel', { n: i + 1 })}
                    value={there}
                    onChange={(e) => save(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
                  >
                    {[...(sources.some((s) => s.value === there) ? [] : [{ value: there, label: there }]), ...sources].map((s) => (
                      <option key={s.value} value={s.value}>
                        {s.label}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <div className="fl-dz-options__buttons">
                <button
                  type="button"
                  className="fl-dz-smallbtn fl-dz-smallbtn--danger"
                  aria-label={t('designer.fill.remove', { here: labelOf(targets, here), there: labelOf(sources, there) })}
                  onClick={() => save(rows.filter((_, j) => j !== i))}
                >
                  <Icon name="trash" size={16} />
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <div className="fl-dz-options__actions">
        <button type="button" className="fl-btn fl-btn--secondary fl-dz-compact" onClick={add} disabled={!free || sources.length === 0}>
          <Icon name="plus" size={16} />
          {t('designer.fill.add')}
        </button>
      </div>
      {targets.length === 0 && <p className="fl-dz-prop__hint">{t('designer.fill.noTargets')}</p>}
    </fieldset>
  );
}
