import { useEffect, useState } from 'react';
import type { FileInfo } from '../../api/files.ts';

export type FileInfoState =
  { status: 'none' } | { status: 'loading' } | { status: 'ok'; info: FileInfo } | { status: 'error'; error: unknown };

/**
 * What the server knows of the file a value names: `known` when the widget has just uploaded it (no
 * second request), otherwise loaded with `load` (absent where there is no server, e.g. a preview).
 */
export function useFileInfo(
  fileId: unknown,
  load: ((fileId: string) => Promise<FileInfo>) | undefined,
  known?: FileInfo | null,
): FileInfoState {
  const id = typeof fileId === 'string' && fileId !== '' ? fileId : null;
  const [loaded, setLoaded] = useState<{ id: string; state: FileInfoState } | null>(null);
  const needsLoad = id !== null && known?.id !== id && load !== undefined;

  useEffect(() => {
    if (!needsLoad || !id || !load) return;
    let live = true;
    load(id).then(
      (info) => live && setLoaded({ id, state: { status: 'ok', info } }),
      (error: unknown) => live && setLoaded({ id, state: { status: 'error', error } }),
    );
    return () => {
      live = false;
    };
  }, [needsLoad, id, load]);

  if (id === null) return { status: 'none' };
  if (known?.id === id) return { status: 'ok', info: known };
  if (loaded?.id === id) return loaded.state;
  return load ? { status: 'loading' } : { status: 'error', error: new Error('no file server here') };
}
