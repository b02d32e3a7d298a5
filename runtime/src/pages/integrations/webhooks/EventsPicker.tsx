import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { eventFamilies } from './eventFamilies.ts';

/**
 * Event types grouped by family, each family with "All … events" (its wildcard). Selection holds
 * patterns: `submission.*` ticks every submission type and keeps later ones; unticking one type of a
 * whole family turns the wildcard back into the remaining types.
 */
const OPEN_FAMILIES = new Set(['submission', 'approval']);

export function EventsPicker({
  selected,
  onChange,
  error,
}: {
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const families = useMemo(() => eventFamilies(), []);
  const all = selected.has('*');
  const setFamily = (wildcard: string, types: string[], on: boolean) => {
    const next = new Set([...selected].filter((p) => p !== wildcard && !types.includes(p) && p !== '*'));
    if (on) next.add(wildcard);
    onChange(next);
  };
  const setType = (wildcard: string, types: string[], type: string, on: boolean) => {
    const whole = selected.has(wildcard);
    const next = new Set([...selected].filter((p) => p !== wildcard && p !== '*'));
    if (whole) types.forEach((ty) => next.add(ty));
    if (on) next.add(type);
    else next.delete(type);
    if (types.every((ty) => next.has(ty))) {
      types.forEach((ty) => next.delete(ty));
      next.add(wildcard);
    }
    onChange(next);
  };
  return (
    <div className="fl-int-events" aria-invalid={error ? true : undefined}>
      <label className="fl-int-check fl-int-check--all">
        <input type="checkbox" checked={all} onChange={(e) => onChange(new Set(e.target.checked ? ['*'] : []))} />
        <span>{t('webhooks.events.all')}</span>
      </label>
      {error && <p className="fl-int-error">{error}</p>}
      <div className="fl-int-families">
        {families.map(({ family, wildcard, types }) => {
          const whole = all || selected.has(wildcard);
          const name = t(`webhooks.events.families.${family}`, { defaultValue: family });
          const picked = whole ? types.length : types.filter((ty) => selected.has(ty)).length;
          return (
            // Families open when something in them is picked (and the two most used): the rest stay one line each.
            <details key={family} className="fl-int-family" open={OPEN_FAMILIES.has(family) || picked > 0 || undefined}>
              <summary>
                {name}
                {picked > 0 && <span className="fl-int-family__count">{t('webhooks.events.selected', { count: picked })}</span>}
              </summary>
              <fieldset disabled={all}>
                <legend className="fl-visually-hidden">{name}</legend>
                <label className="fl-int-check fl-int-check--family">
                  <input type="checkbox" checked={whole} onChange={(e) => setFamily(wildcard, types, e.target.checked)} />
                  <span>
                    {t('webhooks.events.allOfFamily', { family: name })} <code>{wildcard}</code>
                  </span>
                </label>
                {types.map((type) => (
                  <label key={type} className="fl-int-check">
                    <input
                      type="checkbox"
                      checked={whole || selected.has(type)}
                      onChange={(e) => setType(wildcard, types, type, e.target.checked)}
                    />
                    <span>
                      {t(`webhooks.events.types.${type}`, { defaultValue: type })} <code>{type}</code>
                    </span>
                  </label>
                ))}
              </fieldset>
            </details>
          );
        })}
      </div>
    </div>
  );
}
