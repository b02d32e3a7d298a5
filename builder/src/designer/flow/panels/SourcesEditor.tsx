/**
 * Who a node goes to: a list of sources, each a named person, everyone with a position, a manager
 * up the submitter's chain, a department head, or a person the submitter picks in a person field.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentPicker, PositionPicker, UserPicker, useLocale } from '@formloom/runtime';
import type { ApproverSource } from '@formloom/schemas';
import { useDesigner, useDoc } from '../../DesignerContext.tsx';
import { Icon } from '../../icons.tsx';
import { pick } from '../../text.ts';
import { personFields } from '../formFields.ts';

const KINDS: ApproverSource['kind'][] = ['manager', 'user', 'position', 'departmentHead', 'submitterPick'];
const MAX_SOURCES = 20;
const MANAGER_LEVELS = [1, 2, 3, 4, 5];

function fresh(kind: ApproverSource['kind']): ApproverSource {
  switch (kind) {
    case 'user':
      return { kind, userId: '' };
    case 'position':
      return { kind, position: '' };
    case 'manager':
      return { kind, level: 1 };
    case 'departmentHead':
      return { kind };
    case 'submitterPick':
      return { kind, field: '' };
  }
}

export function SourcesEditor({
  label,
  sources,
  onChange,
  error,
  testId,
}: {
  label: string;
  sources: readonly ApproverSource[];
  onChange: (sources: ApproverSource[]) => void;
  error?: string | null;
  testId: string;
}) {
  const { t } = useTranslation();
  const { announce } = useDesigner();
  const set = (i: number, source: ApproverSource) => onChange(sources.map((s, j) => (j === i ? source : s)));
  return (
    <fieldset className="fl-dz-prop fl-dz-prop--group fl-flow-sources" data-testid={testId}>
      <legend className="fl-dz-prop__label">{label}</legend>
      {sources.length === 0 && <p className="fl-dz-prop__hint">{t('designer.flow.source.none')}</p>}
      {sources.map((source, i) => (
        <SourceRow
          key={i}
          index={i}
          source={source}
          onChange={(s) => set(i, s)}
          onRemove={() => {
            onChange(sources.filter((_, j) => j !== i));
            announce(t('designer.flow.source.removed'));
          }}
        />
      ))}
      {error && (
        <p className="fl-dz-prop__error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        className="fl-btn fl-btn--secondary fl-flow-sources__add"
        disabled={sources.length >= MAX_SOURCES}
        onClick={() => onChange([...sources, fresh('manager')])}
      >
        <Icon name="plus" />
        {t('designer.flow.source.add')}
      </button>
    </fieldset>
  );
}

function SourceRow({
  index,
  source,
  onChange,
  onRemove,
}: {
  index: number;
  source: ApproverSource;
  onChange: (source: ApproverSource) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const doc = useDoc();
  const id = useId();
  const people = personFields(doc);
  return (
    <div className="fl-flow-source" data-testid={`source-${index}`}>
      <div className="fl-flow-source__head">
        <label htmlFor={`${id}-kind`} className="fl-dz-prop__label">
          {t('designer.flow.source.kindLabel', { n: index + 1 })}
        </label>
        <button
          type="button"
          className="fl-flow-tool fl-flow-tool--danger"
          aria-label={t('designer.flow.source.remove', { n: index + 1 })}
          onClick={onRemove}
        >
          <Icon name="trash" size={16} />
        </button>
      </div>
      <select
        id={`${id}-kind`}
        className="fl-input fl-dz-prop__input"
        value={source.kind}
        onChange={(e) => onChange(fresh(e.target.value as ApproverSource['kind']))}
      >
        {KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`designer.flow.source.kind.${kind}`)}
          </option>
        ))}
      </select>
      {source.kind === 'user' && (
        <UserPicker
          id={`${id}-user`}
          label={t('designer.flow.source.person')}
          value={source.userId || null}
          required
          onChange={(userId) => onChange({ kind: 'user', userId: userId ?? '' })}
        />
      )}
      {source.kind === 'position' && (
        <PositionPicker
          id={`${id}-position`}
          label={t('designer.flow.source.position')}
          value={source.position}
          onChange={(position) => onChange({ kind: 'position', position })}
        />
      )}
      {source.kind === 'manager' && (
        <div className="fl-dz-prop">
          <label htmlFor={`${id}-level`} className="fl-dz-prop__label">
            {t('designer.flow.source.level')}
          </label>
          <select
            id={`${id}-level`}
            className="fl-input fl-dz-prop__input"
            value={source.level}
            onChange={(e) => onChange({ kind: 'manager', level: Number(e.target.value) })}
          >
            {MANAGER_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level === 1 ? t('designer.flow.source.directManager') : t('designer.flow.source.levelManager', { level })}
              </option>
            ))}
          </select>
        </div>
      )}
      {source.kind === 'departmentHead' && (
        <>
          <div className="fl-dz-prop">
            <label htmlFor={`${id}-which`} className="fl-dz-prop__label">
              {t('designer.flow.source.whichDepartment')}
            </label>
            <select
              id={`${id}-which`}
              className="fl-input fl-dz-prop__input"
              value={source.departmentId === undefined ? 'own' : 'named'}
              onChange={(e) =>
                onChange(e.target.value === 'own' ? { kind: 'departmentHead' } : { kind: 'departmentHead', departmentId: '' })
              }
            >
              <option value="own">{t('designer.flow.source.ownDepartment')}</option>
              <option value="named">{t('designer.flow.source.namedDepartment')}</option>
            </select>
          </div>
          {source.departmentId !== undefined && (
            <DepartmentPicker
              id={`${id}-department`}
              label={t('designer.flow.source.department')}
              value={source.departmentId || null}
              onChange={(departmentId) => onChange({ kind: 'departmentHead', departmentId: departmentId ?? '' })}
            />
          )}
        </>
      )}
      {source.kind === 'submitterPick' &&
        (people.length === 0 ? (
          <p className="fl-dz-prop__hint">{t('designer.flow.source.noPersonField')}</p>
        ) : (
          <div className="fl-dz-prop">
            <label htmlFor={`${id}-field`} className="fl-dz-prop__label">
              {t('designer.flow.source.personField')}
            </label>
            <select
              id={`${id}-field`}
              className="fl-input fl-dz-prop__input"
              value={source.field}
              onChange={(e) => onChange({ kind: 'submitterPick', field: e.target.value })}
            >
              <option value="">{t('designer.flow.choose')}</option>
              {people.map((f) => (
                <option key={f.id} value={f.key}>
                  {pick(f.label, locale) || f.key}
                </option>
              ))}
            </select>
          </div>
        ))}
    </div>
  );
}
