import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldTypeDefinition, Localized } from '@formloom/schemas';
import { MAX_OPTIONS, keyFromLabel, uniqueKey, type ChoiceOption, type FieldNode } from '../../core/index.ts';
import { optionsOf } from '../canvas/options.ts';
import { useDesigner } from '../DesignerContext.tsx';
import { describeError } from '../errors.ts';
import { Icon } from '../icons.tsx';
import { TextField } from './controls.tsx';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * One option per line; "English | 中文" (or a tab between them) gives both labels. A line in one
 * language only is used for both, so nobody sees a blank option.
 */
export function parseOptionLines(text: string, taken: Iterable<string>): ChoiceOption[] {
  const values = new Set(taken);
  const out: ChoiceOption[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const [first, second] = line.split(/\s*\|\s*|\t+/).map((s) => s.trim());
    const label: Localized = second ? { en: first, 'zh-Hant': second } : { en: first, 'zh-Hant': CJK.test(first) ? first : '' };
    const value = uniqueKey(keyFromLabel(label.en) || `option${values.size + 1}`, values);
    values.add(value);
    out.push({ value, label });
  }
  return out;
}

/** The options of a dropdown, radio or multi-select: edit both labels, add, remove, reorder, paste a list. */
export function OptionsEditor({ node, def }: { node: FieldNode; def: FieldTypeDefinition }) {
  const { t } = useTranslation();
  const { run } = useDesigner();
  const [error, setError] = useState<string | null>(null);
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState('');
  const options = optionsOf(node, def);
  const save = (next: ChoiceOption[]) => {
    const result = run({ type: 'updateField', id: node.id, patch: { props: { options: next } } }, { quiet: true });
    setError(result.ok ? null : describeError(t, result.error));
    return result.ok;
  };
  const move = (i: number, by: -1 | 1) => {
    const next = options.slice();
    [next[i], next[i + by]] = [next[i + by], next[i]];
    save(next);
  };
  const add = () => {
    const n = options.length + 1;
    const value = uniqueKey(`option${n}`, new Set(options.map((o) => o.value)));
    save([
      ...options,
      {
        value,
        label: { en: t('designer.options.newOption', { n, lng: 'en' }), 'zh-Hant': t('designer.options.newOption', { n, lng: 'zh-Hant' }) },
      },
    ]);
  };
  const applyPaste = (replace: boolean) => {
    const parsed = parseOptionLines(pasted, replace ? [] : options.map((o) => o.value));
    if (parsed.length === 0) return;
    if (save((replace ? parsed : [...options, ...parsed]).slice(0, MAX_OPTIONS))) {
      setPasted('');
      setPasting(false);
    }
  };

  return (
    <fieldset className="fl-dz-prop fl-dz-prop--group fl-dz-options">
      <legend className="fl-dz-prop__label">{t('designer.options.title')}</legend>
      <ol className="fl-dz-options__list">
        {options.map((option, i) => (
          <li key={option.value} className="fl-dz-options__item">
            <div className="fl-dz-options__labels">
              <TextField
                label={t('designer.options.labelEn', { n: i + 1 })}
                lang="en"
                value={option.label.en}
                onCommit={(en) => save(options.map((o, j) => (j === i ? { ...o, label: { ...o.label, en } } : o)))}
              />
              <TextField
                label={t('designer.options.labelZh', { n: i + 1 })}
                lang="zh-Hant-HK"
                value={option.label['zh-Hant']}
                onCommit={(zh) => save(options.map((o, j) => (j === i ? { ...o, label: { ...o.label, 'zh-Hant': zh } } : o)))}
              />
              <p className="fl-dz-prop__hint">{t('designer.options.value', { value: option.value })}</p>
            </div>
            <div className="fl-dz-options__buttons">
              <button
                type="button"
                className="fl-dz-smallbtn"
                aria-label={t('designer.options.up', { n: i + 1 })}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                <Icon name="up" size={16} />
              </button>
              <button
                type="button"
                className="fl-dz-smallbtn"
                aria-label={t('designer.options.down', { n: i + 1 })}
                disabled={i === options.length - 1}
                onClick={() => move(i, 1)}
              >
                <Icon name="down" size={16} />
              </button>
              <button
                type="button"
                className="fl-dz-smallbtn fl-dz-smallbtn--danger"
                aria-label={t('designer.options.remove', { n: i + 1 })}
                disabled={options.length === 1}
                onClick={() => save(options.filter((_, j) => j !== i))}
              >
                <Icon name="trash" size={16} />
              </button>
            </div>
          </li>
        ))}
      </ol>
      {error && (
        <p className="fl-dz-prop__error" role="alert">
          {error}
        </p>
      )}
      <div className="fl-dz-options__actions">
        <button type="button" className="fl-btn fl-btn--secondary fl-dz-compact" onClick={add} disabled={options.length >= MAX_OPTIONS}>
          <Icon name="plus" size={16} />
          {t('designer.options.add')}
        </button>
        <button type="button" className="fl-btn fl-btn--ghost fl-dz-compact" aria-expanded={pasting} onClick={() => setPasting(!pasting)}>
          {t('designer.options.paste')}
        </button>
      </div>
      {pasting && (
        <div className="fl-dz-options__paste">
          <label className="fl-dz-prop__label" htmlFor={`paste-${node.id}`}>
            {t('designer.options.pasteLabel')}
          </label>
          <textarea id={`paste-${node.id}`} className="fl-input" rows={5} value={pasted} onChange={(e) => setPasted(e.target.value)} />
          <p className="fl-dz-prop__hint">{t('designer.options.pasteHint')}</p>
          <div className="fl-dz-options__actions">
            <button
              type="button"
              className="fl-btn fl-btn--secondary fl-dz-compact"
              onClick={() => applyPaste(false)}
              disabled={!pasted.trim()}
            >
              {t('designer.options.pasteAdd')}
            </button>
            <button
              type="button"
              className="fl-btn fl-btn--secondary fl-dz-compact"
              onClick={() => applyPaste(true)}
              disabled={!pasted.trim()}
            >
              {t('designer.options.pasteReplace')}
            </button>
          </div>
        </div>
      )}
    </fieldset>
  );
}
