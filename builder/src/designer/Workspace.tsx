import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { DndProvider } from 'react-dnd';
import { HTML5Backend } from 'react-dnd-html5-backend';
import { useTranslation } from 'react-i18next';
import { EmptyState, type Form } from '@formloom/runtime';
import { defaultFieldTypes, type ReadonlyFieldTypeRegistry } from '@formloom/schemas';
import { compileForm, createDesignerStore, importForm, type Command, type FormDoc } from '../core/index.ts';
import { useDesignerApi } from '../api/DesignerApiContext.tsx';
import type { DraftPatch } from '../api/designerApi.ts';
import { flowIssues } from '../core/flow/index.ts';
import { LiveRegion, useAnnouncer } from './Announcer.tsx';
import { Autosave } from './autosave.ts';
import { Canvas } from './canvas/Canvas.tsx';
import { DesignerProvider, type DesignerContextValue } from './DesignerContext.tsx';
import { describeError } from './errors.ts';
import { FlowEditor } from './flow/FlowEditor.tsx';
import { PublishGuard } from './flow/PublishGuard.tsx';
import { ImportExport } from './ImportExport.tsx';
import { Palette } from './Palette.tsx';
import { Preview } from './preview/Preview.tsx';
import { SidePanel } from './SidePanel.tsx';
import { ConflictBanner } from './SaveStatus.tsx';
import { Toolbar, type DesignerMode } from './Toolbar.tsx';
import { useUndoShortcuts } from './useShortcuts.ts';
import { PublishButton } from './versions/PublishButton.tsx';

export interface WorkspaceProps {
  form: Form;
  /** The field types offered; a plugin's types arrive by passing a registry that includes them. */
  registry?: ReadonlyFieldTypeRegistry;
  /** After a save conflict: load the form again (a full reload in the browser). */
  reload?: () => void;
}

const MAX_NAME = 200;

/** The name the form is listed under: its English title, else its Chinese one, else what it was. */
export function formName(doc: FormDoc, fallback: string): string {
  const title = (doc.title.en.trim() || doc.title['zh-Hant'].trim()).slice(0, MAX_NAME);
  return title || fallback;
}

/** Opens the form's draft in the designer; a draft it cannot read at all is explained, not thrown. */
export function Workspace({ form, registry = defaultFieldTypes, reload = () => window.location.reload() }: WorkspaceProps) {
  const { t } = useTranslation();
  const opened = useMemo((): { ok: true; doc: FormDoc } | { ok: false; error: unknown } => {
    try {
      const doc = importForm(form.draft.schema, form.draft.uiSchema, { registry });
      return { ok: true, doc: { ...doc, workflow: form.draft.workflow ?? null } };
    } catch (error) {
      return { ok: false, error };
    }
  }, [form, registry]);
  if (!opened.ok) {
    return (
      <main className="fl-main fl-main--narrow">
        <EmptyState title={t('designer.cannotOpenTitle')}>
          <p>{t('designer.cannotOpen', { reason: describeError(t, opened.error) })}</p>
        </EmptyState>
      </main>
    );
  }
  return <OpenWorkspace form={form} initial={opened.doc} registry={registry} reload={reload} />;
}

function OpenWorkspace({
  form,
  initial,
  registry,
  reload,
}: {
  form: Form;
  initial: FormDoc;
  registry: ReadonlyFieldTypeRegistry;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const api = useDesignerApi();
  const [store] = useState(() => createDesignerStore(initial, { registry }));
  const [autosave] = useState(
    () =>
      new Autosave({
        store,
        revision: form.revision,
        save: async (revision, doc) => {
          const { schema, uiSchema } = compileForm(doc, { registry });
          const patch: DraftPatch = { schema, uiSchema, name: formName(doc, form.name) };
          // An unfinished flow (a CC node without recipients yet) stays in the editor, marked, and
          // goes with the draft once complete; the form's own changes are saved meanwhile.
          if (doc.workflow === null || (doc.workflow && flowIssues(doc.workflow, schema).size === 0)) patch.workflow = doc.workflow;
          return (await api.saveDraft(form.id, revision, patch)).revision;
        },
      }),
  );
  useEffect(() => autosave.start(), [autosave]);

  const { message, announce } = useAnnouncer();
  const [notice, setNotice] = useState<string | null>(null);
  const run = useCallback(
    (command: Command, options?: { quiet?: boolean }) => {
      const result = store.dispatch(command);
      if (!result.ok && !options?.quiet) {
        const text = describeError(t, result.error);
        setNotice(text);
        announce(text);
      } else if (command.type !== 'select') setNotice(null);
      return result;
    },
    [store, t, announce],
  );
  const formRef = useMemo(() => ({ id: form.id, appId: form.appId }), [form.id, form.appId]);
  const context = useMemo<DesignerContextValue>(
    () => ({ store, registry, form: formRef, run, announce }),
    [store, registry, formRef, run, announce],
  );

  const onUndoRedo = useCallback((what: 'undo' | 'redo') => announce(t(`designer.announce.${what}`)), [announce, t]);
  useUndoShortcuts(store, onUndoRedo);

  // Leaving with unsaved changes asks first, except through the conflict banner's Reload.
  const leaving = useRef(false);
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (leaving.current || autosave.isSaved || autosave.getStatus().state === 'conflict') return;
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [autosave]);
  const onReload = useCallback(() => {
    leaving.current = true;
    reload();
  }, [reload]);

  const [previewing, setPreviewing] = useState(false);
  const [mode, setMode] = useState<DesignerMode>('form');
  const [publishedCount, setPublishedCount] = useState(0);
  const onPublished = useCallback(() => setPublishedCount((n) => n + 1), []);
  const actions = useMemo(
    () => (
      <>
        <ImportExport />
        <PublishGuard>
          <PublishButton form={form} autosave={autosave} onPublished={onPublished} />
        </PublishGuard>
      </>
    ),
    [form, autosave, onPublished],
  );

  return (
    <DesignerProvider value={context}>
      <DndProvider backend={HTML5Backend}>
        <main className={`fl-dz${previewing && mode === 'form' ? ' is-previewing' : ''}`}>
          <Toolbar
            form={form}
            autosave={autosave}
            previewing={previewing}
            onPreview={setPreviewing}
            mode={mode}
            onMode={setMode}
            onUndoRedo={onUndoRedo}
            actions={actions}
          />
          <ConflictBanner autosave={autosave} onReload={onReload} />
          {notice && (
            <div className="fl-alert fl-alert--warning fl-dz-banner fl-dz-notice">
              <p>{notice}</p>
              <button type="button" className="fl-btn fl-btn--ghost" onClick={() => setNotice(null)}>
                {t('designer.dismiss')}
              </button>
            </div>
          )}
          {mode === 'flow' ? (
            <FlowEditor autosave={autosave} />
          ) : (
            <div className="fl-dz-body">
              {previewing ? (
                <Preview />
              ) : (
                <>
                  <Palette />
                  <Canvas />
                </>
              )}
              <SidePanel form={form} versionsKey={publishedCount} />
            </div>
          )}
          <LiveRegion message={message} />
        </main>
      </DndProvider>
    </DesignerProvider>
  );
}
