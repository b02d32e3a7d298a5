import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportUpload } from '../../api/imports.ts';
import { StepError } from './StepError.tsx';

const ACCEPT = '.csv,.xlsx,.txt,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Choose or drop a CSV/XLSX file; it is uploaded at once and read by the server. */
export function FileStep({ upload, onUploaded }: { upload: (file: File) => Promise<ImportUpload>; onUploaded: (u: ImportUpload) => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [over, setOver] = useState(false);

  const send = async (file: File | undefined) => {
    if (!file || busy) return;
    setBusy(file.name);
    setError(null);
    try {
      onUploaded(await upload(file));
    } catch (err) {
      setError(err);
      setBusy(null);
    }
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void send(e.dataTransfer.files[0]);
  };

  return (
    <section className="fl-card fl-panel" aria-labelledby="fl-import-file-h">
      <h2 id="fl-import-file-h">{t('import.file.heading')}</h2>
      <p className="fl-import-hint">{t('import.file.hint')}</p>
      <label
        className={`fl-import-drop${over ? ' is-over' : ''}${busy ? ' is-busy' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          type="file"
          className="fl-visually-hidden"
          accept={ACCEPT}
          disabled={Boolean(busy)}
          onChange={(e) => {
            void send(e.target.files?.[0]);
            e.target.value = ''; // choosing the same file again after a fix still triggers a change
          }}
        />
        {busy ? (
          <span role="status">
            <span className="fl-spinner" aria-hidden="true" /> {t('import.file.reading', { name: busy })}
          </span>
        ) : (
          <>
            <span className="fl-import-drop__icon" aria-hidden="true">
              ⇪
            </span>
            <span className="fl-import-drop__title">{t('import.file.choose')}</span>
            <span className="fl-import-drop__text">{t('import.file.drop')}</span>
          </>
        )}
      </label>
      {error !== null && <StepError error={error} />}
    </section>
  );
}
