import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors.ts';
import { mappingErrors, NO_ERRORS, type MappingErrors } from './mappingErrors.ts';

/** What one connector's mapping editor does with the server; the rest of the editing is the same for all. */
export interface MappingEditorCalls<Draft, Mapping, Preview> {
  save(draft: Draft): Promise<Mapping>;
  preview(draft: Draft): Promise<Preview>;
  /** The draft a saved mapping reads back as (the server may normalize it). */
  draftOf(mapping: Mapping): Draft;
  /** Shown after a save, in the connector's words. */
  savedMessage: string;
}

/**
 * The state of a mapping editor: the draft and its changes, saving with 422 problems placed at their
 * fields (`invalid_mapping` details) or above the form, and the preview of what would be sent.
 */
export function useMappingEditor<Draft, Mapping, Preview>(
  initialDraft: () => Draft,
  savedBefore: boolean,
  calls: MappingEditorCalls<Draft, Mapping, Preview>,
) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const [exists, setExists] = useState(savedBefore);
  const [errors, setErrors] = useState<MappingErrors>(NO_ERRORS);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewProblem, setPreviewProblem] = useState<string | null>(null);

  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setNotice(null);
  };

  const save = async (): Promise<boolean> => {
    setBusy(true);
    setErrors(NO_ERRORS);
    setNotice(null);
    try {
      setDraft(calls.draftOf(await calls.save(draft)));
      setExists(true);
      setNotice(calls.savedMessage);
      return true;
    } catch (error) {
      const found = mappingErrors(error);
      setErrors(found.general || Object.keys(found.at).length ? found : { at: {}, general: t('connectors.saveFailed') });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const runPreview = async () => {
    setPreviewProblem(null);
    setPreview(null);
    try {
      setPreview(await calls.preview(draft));
    } catch (error) {
      const found = mappingErrors(error);
      if (Object.keys(found.at).length) setErrors(found);
      setPreviewProblem(error instanceof ApiError ? error.message : t('connectors.saveFailed'));
    }
  };

  return { draft, change, exists, errors, notice, busy, preview, previewProblem, save, runPreview };
}
