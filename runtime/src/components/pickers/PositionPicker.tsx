import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from './useDirectory.ts';
import './pickers.css';

export interface PositionPickerProps {
  value: string;
  onChange(position: string): void;
  label: string;
  id?: string;
}

/**
 * A position such as "Finance Director": free text, suggesting the positions people already hold so
 * one position is not spelled three ways (the browser's own list: keyboard and screen-reader friendly).
 */
export function PositionPicker({ value, onChange, label, id }: PositionPickerProps) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const ownId = useId();
  const inputId = id ?? ownId;
  const [positions, setPositions] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    directory.positions().then(
      (items) => live && setPositions(items),
      () => live && setPositions([]),
    );
    return () => {
      live = false;
    };
  }, [directory]);
  return (
    <div className="fl-field fl-picker">
      <label className="fl-label" htmlFor={inputId}>
        {label}
      </label>
      <input
        id={inputId}
        className="fl-input"
        type="text"
        list={`${inputId}-positions`}
        autoComplete="off"
        maxLength={200}
        placeholder={t('pickers.positionPlaceholder')}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
      <datalist id={`${inputId}-positions`}>
        {positions.map((position) => (
          <option key={position} value={position} />
        ))}
      </datalist>
    </div>
  );
}
