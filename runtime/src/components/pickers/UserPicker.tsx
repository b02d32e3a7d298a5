import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryUser } from '../../api/directory.ts';
import { useDepartmentLabels, useDirectory } from './useDirectory.ts';
import './pickers.css';

const SEARCH_DELAY_MS = 250;
const RESULTS = 20;

export interface UserPickerProps {
  value: string | null;
  onChange(id: string | null): void;
  label: string;
  id?: string;
  excludeIds?: string[];
  required?: boolean;
}

/** Pick one enabled person: a labelled search box (type a name or email, arrow keys, Enter) that can be cleared. */
export function UserPicker({ label, id, ...props }: UserPickerProps) {
  const ownId = useId();
  const inputId = id ?? ownId;
  return (
    <div className="fl-field fl-picker">
      <label className="fl-label" htmlFor={inputId}>
        {label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      <UserCombobox inputId={inputId} {...props} />
    </div>
  );
}

export interface UserComboboxProps extends Omit<UserPickerProps, 'label' | 'id'> {
  inputId: string;
  disabled?: boolean;
  invalid?: boolean;
  /** Where the label is not a <label for> of ours (an rjsf field renders its own). */
  ariaLabel?: string;
  onBlur?(): void;
}

/**
 * The search box itself, following the WAI-ARIA combobox pattern: focus stays in the input, the
 * highlighted person is its aria-activedescendant, Escape closes the list and then puts the chosen
 * name back. The value is the person's id; their name is looked up when the value comes from elsewhere.
 */
export function UserCombobox({ inputId, value, onChange, excludeIds, required, disabled, invalid, ariaLabel, onBlur }: UserComboboxProps) {
  const { t } = useTranslation();
  const directory = useDirectory();
  const departmentLabels = useDepartmentLabels();
  const listId = `${inputId}-people`;
  const input = useRef<HTMLInputElement>(null);
  const [chosen, setChosen] = useState<DirectoryUser | null>(null);
  const [unknown, setUnknown] = useState(false);
  const [text, setText] = useState('');
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<DirectoryUser[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [active, setActive] = useState(-1);
  const exclude = excludeIds?.join(',') ?? '';

  // The name of a value that came from elsewhere (a saved draft, a stored record).
  useEffect(() => {
    if (!value) {
      setChosen(null);
      setUnknown(false);
      return;
    }
    if (chosen?.id === value) return;
    let live = true;
    directory.usersById([value]).then(
      (found) => {
        if (!live) return;
        setChosen(found.get(value) ?? null);
        setUnknown(!found.has(value));
      },
      () => live && setUnknown(true),
    );
    return () => {
      live = false;
    };
  }, [directory, value, chosen?.id]);

  // Search as the person types, a moment after they stop.
  useEffect(() => {
    if (!open) return;
    let live = true;
    const timer = setTimeout(() => {
      directory.searchUsers({ q: editing ? text : '', limit: RESULTS }).then(
        (items) => {
          if (!live) return;
          const skip = new Set(exclude ? exclude.split(',') : []);
          setResults(items.filter((u) => !skip.has(u.id)));
          setFailed(false);
          setActive(-1);
        },
        () => {
          if (!live) return;
          setResults([]);
          setFailed(true);
        },
      );
    }, SEARCH_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [directory, open, editing, text, exclude]);

  const close = () => {
    setOpen(false);
    setEditing(false);
    setActive(-1);
    setResults(null);
  };
  const pick = (user: DirectoryUser) => {
    setChosen(user);
    setUnknown(false);
    close();
    onChange(user.id);
  };
  const clear = () => {
    setChosen(null);
    setUnknown(false);
    setText('');
    close();
    onChange(null);
    input.current?.focus();
  };

  const listed = results ?? [];
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      if (listed.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((at) => (at + step + listed.length) % listed.length);
    } else if (event.key === 'Enter') {
      if (open && active >= 0 && listed[active]) {
        event.preventDefault(); // picking a person must not submit the form around it
        pick(listed[active]);
      }
    } else if (event.key === 'Escape') {
      if (open) {
        event.preventDefault();
        close();
      }
    }
  };

  const shown = editing ? text : chosen ? chosen.name : unknown && value ? t('pickers.unknownPerson') : '';
  const detail = chosen && !editing ? personDetail(chosen, departmentLabels) : null;
  const activeId = open && active >= 0 && listed[active] ? `${listId}-${listed[active].id}` : undefined;
  let status: string | null = null;
  if (open && results === null) status = t('pickers.searching');
  else if (open && failed) status = t('pickers.searchFailed');
  else if (open && listed.length === 0) status = t('pickers.noPeople');

  return (
    <div className="fl-picker__box">
      <div className="fl-picker__control">
        <input
          ref={input}
          id={inputId}
          className="fl-input fl-picker__input"
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeId}
          aria-required={required || undefined}
          aria-invalid={invalid || undefined}
          aria-label={ariaLabel}
          aria-describedby={detail ? `${inputId}-detail` : undefined}
          placeholder={t('pickers.userPlaceholder')}
          disabled={disabled}
          value={shown}
          onChange={(event) => {
            setText(event.target.value);
            setEditing(true);
            setOpen(true);
            setResults(null);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => {
            close();
            onBlur?.();
          }}
          onKeyDown={onKeyDown}
        />
        {value && !disabled && (
          <button type="button" className="fl-btn fl-btn--ghost fl-picker__clear" aria-label={t('pickers.clear')} onClick={clear}>
            <span aria-hidden="true">×</span>
          </button>
        )}
      </div>
      {detail && (
        <p className="fl-picker__detail" id={`${inputId}-detail`}>
          {detail}
        </p>
      )}
      <ul className="fl-picker__list" id={listId} role="listbox" aria-label={t('pickers.peopleList')} hidden={!open || listed.length === 0}>
        {listed.map((user, i) => (
          <li
            key={user.id}
            id={`${listId}-${user.id}`}
            role="option"
            aria-selected={i === active}
            className={`fl-picker__option${i === active ? ' fl-picker__option--active' : ''}`}
            // mousedown would blur the input and close the list before the click lands
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(user)}
          >
            <span className="fl-picker__name">{user.name}</span>
            <span className="fl-picker__meta">{personDetail(user, departmentLabels)}</span>
          </li>
        ))}
      </ul>
      <p className="fl-picker__status" role="status">
        {status}
      </p>
    </div>
  );
}

function personDetail(user: DirectoryUser, departmentLabels: Map<string, string>): string {
  const department = user.departmentId ? departmentLabels.get(user.departmentId) : undefined;
  return department ? `${user.email} · ${department}` : user.email;
}
