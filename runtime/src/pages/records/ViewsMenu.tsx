import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/errors.ts';
import type { RecordsApi, SavedView, SavedViewInput } from '../../api/records.ts';

/** A table's state as a saved view holds it. */
export type ViewState = Required<Pick<SavedViewInput, 'columns'>> & {
  sort: string;
  q: string;
  filter: NonNullable<SavedViewInput['filter']>;
};

type Mode = { kind: 'idle' } | { kind: 'saveAs' } | { kind: 'confirmDelete' } | { kind: 'busy' };

/** Switch between saved views; save, save as, share and delete them. */
export function ViewsMenu({
  api,
  formId,
  views,
  active,
  state,
  dirty,
  onSelect,
  onSaved,
  onDeleted,
}: {
  api: RecordsApi;
  formId: string;
  views: SavedView[];
  active: SavedView | null;
  state: ViewState;
  /** The table no longer shows what the active view says. */
  dirty: boolean;
  onSelect: (view: SavedView | null) => void;
  onSaved: (view: SavedView) => void;
  onDeleted: (viewId: string) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>({ kind: 'idle' });
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const body = (): SavedViewInput => ({
    columns: state.columns,
    sort: state.sort || null,
    q: state.q || null,
    filter: state.filter,
    name: '',
  });

  async function run(work: () => Promise<void>) {
    setMode({ kind: 'busy' });
    setProblem(null);
    try {
      await work();
      setMode({ kind: 'idle' });
    } catch (err) {
      setMode({ kind: 'idle' });
      setProblem(err instanceof ApiError && err.status < 500 ? err.message : t('records.views.failed'));
    }
  }

  const saveAs = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    void run(async () => onSaved(await api.createView(formId, { ...body(), name: trimmed, shared })));
  };
  const save = () => active && run(async () => onSaved(await api.updateView(active.id, { ...body(), name: active.name })));
  const toggleShare = () => active && run(async () => onSaved(await api.updateView(active.id, { shared: !active.shared })));
  const remove = () =>
    active &&
    run(async () => {
      await api.deleteView(active.id);
      onDeleted(active.id);
    });
  const busy = mode.kind === 'busy';

  return (
    <div className="fl-views">
      <label className="fl-views__pick">
        <span className="fl-visually-hidden">{t('records.views.label')}</span>
        <select
          className="fl-input"
          value={active?.id ?? ''}
          onChange={(e) => onSelect(views.find((v) => v.id === e.target.value) ?? null)}
          aria-label={t('records.views.label')}
        >
          <option value="">{t('records.views.all')}</option>
          {views.map((v) => (
            <option key={v.id} value={v.id}>
              {v.canEdit ? v.name : t('records.views.sharedBy', { name: v.name, owner: v.ownerName ?? '' })}
              {v.canEdit && v.shared ? ` · ${t('records.views.sharedMark')}` : ''}
            </option>
          ))}
        </select>
      </label>
      {active?.canEdit && dirty && (
        <button type="button" className="fl-btn fl-btn--secondary" onClick={save} disabled={busy}>
          {t('records.views.save')}
        </button>
      )}
      <button
        type="button"
        className="fl-btn fl-btn--secondary"
        onClick={() => {
          setName(active && !active.canEdit ? active.name : '');
          setShared(false);
          setMode({ kind: 'saveAs' });
        }}
        disabled={busy}
      >
        {active ? t('records.views.saveAs') : t('records.views.saveNew')}
      </button>
      {active?.canEdit && (
        <>
          <button type="button" className="fl-btn fl-btn--ghost" onClick={toggleShare} disabled={busy} aria-pressed={active.shared}>
            {active.shared ? t('records.views.unshare') : t('records.views.share')}
          </button>
          <button
            type="button"
            className="fl-btn fl-btn--ghost fl-btn--danger-text"
            onClick={() => setMode({ kind: 'confirmDelete' })}
            disabled={busy}
          >
            {t('records.views.delete')}
          </button>
        </>
      )}
      {mode.kind === 'saveAs' && (
        <form className="fl-views__form fl-card" onSubmit={saveAs}>
          <label className="fl-field">
            <span className="fl-label">{t('records.views.name')}</span>
            <input className="fl-input" value={name} maxLength={100} required autoFocus onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="fl-check">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            <span>{t('records.views.shareWithEveryone')}</span>
          </label>
          <div className="fl-views__actions">
            <button type="button" className="fl-btn fl-btn--ghost" onClick={() => setMode({ kind: 'idle' })}>
              {t('records.cancel')}
            </button>
            <button type="submit" className="fl-btn fl-btn--primary" disabled={!name.trim()}>
              {t('records.views.saveView')}
            </button>
          </div>
        </form>
      )}
      {mode.kind === 'confirmDelete' && active && (
        <div className="fl-views__form fl-card" role="alertdialog" aria-label={t('records.views.deleteConfirm', { name: active.name })}>
          <p>{t('records.views.deleteConfirm', { name: active.name })}</p>
          <div className="fl-views__actions">
            <button type="button" className="fl-btn fl-btn--ghost" onClick={() => setMode({ kind: 'idle' })}>
              {t('records.cancel')}
            </button>
            <button type="button" className="fl-btn fl-btn--danger" onClick={remove}>
              {t('records.views.delete')}
            </button>
          </div>
        </div>
      )}
      {problem && (
        <p className="fl-alert fl-alert--error fl-views__problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
