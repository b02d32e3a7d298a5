import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesigner } from './DesignerContext.tsx';
import { describeError } from './errors.ts';
import { Icon } from './icons.tsx';
import { ImportProblem, download, exportDocument, exportFileName, readImport, readText } from './importExport.ts';

/** Download the draft as JSON Schema + uiSchema; import such a file (or any object schema) in its place, undoably. */
export function ImportExport() {
  const { t } = useTranslation();
  const { store, registry, run } = useDesigner();
  const input = useRef<HTMLInputElement>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  // The message is itself a live region (status, or alert for a failure), so it is announced once.
  const tell = (text: string, error = false) => setMessage({ text, error });

  const onExport = () => {
    const { doc } = store.getState();
    try {
      download(exportDocument(doc, registry), exportFileName(doc));
    } catch (error) {
      tell(t('designer.io.exportFailed', { reason: describeError(t, error) }), true);
    }
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const { doc, fields, advanced } = readImport(await readText(file), registry);
      const result = run({ type: 'replaceDoc', doc }, { quiet: true });
      if (!result.ok) {
        tell(t('designer.io.importFailed', { reason: describeError(t, result.error) }), true);
        return;
      }
      tell(t(advanced ? 'designer.io.importedAdvanced' : 'designer.io.imported', { name: file.name, count: fields, advanced }));
    } catch (error) {
      const reason =
        error instanceof ImportProblem
          ? t(`designer.io.problems.${error.code}`)
          : error instanceof Error
            ? error.message
            : describeError(t, error);
      tell(t('designer.io.importFailed', { reason }), true);
    } finally {
      if (input.current) input.current.value = ''; // the same file can be picked again
    }
  };

  return (
    <div className="fl-dz-io">
      <button type="button" className="fl-btn fl-btn--ghost fl-dz-toolbar__btn" onClick={onExport} title={t('designer.io.exportHint')}>
        <Icon name="download" />
        {t('designer.io.export')}
      </button>
      <button
        type="button"
        className="fl-btn fl-btn--ghost fl-dz-toolbar__btn"
        onClick={() => input.current?.click()}
        title={t('designer.io.importHint')}
      >
        <Icon name="upload" />
        {t('designer.io.import')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json,application/schema+json"
        className="fl-visually-hidden"
        tabIndex={-1}
        aria-label={t('designer.io.importFile')}
        data-testid="import-file"
        onChange={(e) => void onFile(e.target.files?.[0])}
      />
      {message && (
        <div
          className={`fl-alert ${message.error ? 'fl-alert--error' : 'fl-alert--info'} fl-dz-io__message`}
          role={message.error ? 'alert' : 'status'}
        >
          <p>{message.text}</p>
          <button type="button" className="fl-btn fl-btn--ghost fl-dz-compact" onClick={() => setMessage(null)}>
            {t('designer.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
