import { memo, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Form } from '@formloom/runtime';
import { useSelection } from './DesignerContext.tsx';
import { FieldProperties } from './properties/FieldProperties.tsx';
import { FormProperties } from './properties/FormProperties.tsx';
import { RulesEditor } from './rules/RulesEditor.tsx';
import { SchedulePanel } from './schedule/SchedulePanel.tsx';
import { VersionsPanel } from './versions/VersionsPanel.tsx';

export type SideTab = 'field' | 'form' | 'rules' | 'versions' | 'schedule';
const tabs: SideTab[] = ['field', 'form', 'rules', 'versions', 'schedule'];

/** The right-hand panel: the selected field's properties, the form's, its rules, its versions and its schedule. */
export const SidePanel = memo(function SidePanel({ form, versionsKey }: { form: Form; versionsKey?: number }) {
  const { t } = useTranslation();
  const selection = useSelection();
  const [tab, setTab] = useState<SideTab>('field');
  const tabRefs = useRef<Partial<Record<SideTab, HTMLButtonElement | null>>>({});

  // Picking a field on the canvas shows its properties.
  useEffect(() => {
    if (selection) setTab('field');
  }, [selection]);

  const onKeyDown = (e: KeyboardEvent) => {
    const i = tabs.indexOf(tab);
    const next =
      e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : null;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    tabRefs.current[next]?.focus();
  };

  let content: ReactNode;
  if (tab === 'field') content = <FieldProperties />;
  else if (tab === 'form') content = <FormProperties />;
  else if (tab === 'rules') content = <RulesEditor />;
  else if (tab === 'versions') content = <VersionsPanel form={form} refreshKey={versionsKey ?? 0} />;
  else content = <SchedulePanel formId={form.id} />;

  return (
    <aside className="fl-dz-side" aria-label={t('designer.side.label')}>
      <div className="fl-dz-tabs" role="tablist" aria-label={t('designer.side.label')} onKeyDown={onKeyDown}>
        {tabs.map((name) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[name] = el;
            }}
            type="button"
            role="tab"
            id={`fl-dz-tab-${name}`}
            aria-selected={tab === name}
            aria-controls="fl-dz-tabpanel"
            tabIndex={tab === name ? 0 : -1}
            className="fl-dz-tab"
            onClick={() => setTab(name)}
          >
            {name === 'schedule' ? t('designer.schedule.tab') : t(`designer.side.${name}`)}
          </button>
        ))}
      </div>
      <div className="fl-dz-side__body" role="tabpanel" id="fl-dz-tabpanel" aria-labelledby={`fl-dz-tab-${tab}`}>
        {content}
      </div>
    </aside>
  );
});
