import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentName } from '../../api/directory.ts';
import { useDepartments } from './useDirectory.ts';
import './pickers.css';

export interface DepartmentPickerProps {
  value: string | null;
  onChange(id: string | null): void;
  label: string;
  id?: string;
}

/** Indentation per level of the tree: no-break spaces, which a <select> keeps and screen readers skip. */
const INDENT = '\u00a0\u00a0\u00a0';

/**
 * Pick a department from the tree, shown indented by depth. A native select: every phone and screen
 * reader knows how to work it, and it needs no search for the tens of departments a company has.
 */
export function DepartmentPicker({ value, onChange, label, id }: DepartmentPickerProps) {
  const { t, i18n } = useTranslation();
  const ownId = useId();
  const selectId = id ?? ownId;
  const departments = useDepartments();
  const known = !value || !departments || departments.some((d) => d.id === value);
  return (
    <div className="fl-field fl-picker">
      <label className="fl-label" htmlFor={selectId}>
        {label}
      </label>
      <select
        id={selectId}
        className="fl-input fl-picker__select"
        value={value ?? ''}
        disabled={departments === null}
        aria-busy={departments === null || undefined}
        onChange={(event) => onChange(event.target.value || null)}
      >
        <option value="">{departments === null ? t('pickers.loading') : t('pickers.noDepartment')}</option>
        {!known && value && <option value={value}>{t('pickers.unknownDepartment')}</option>}
        {(departments ?? []).map((department) => (
          <option key={department.id} value={department.id}>
            {INDENT.repeat(department.path.length - 1)}
            {departmentName(department, i18n.language)}
          </option>
        ))}
      </select>
    </div>
  );
}
