import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useApi } from '../api/ApiContext.tsx';
import type { FileApi } from '../api/files.ts';
import { fileApiFor } from '../form/upload/useFileApi.ts';
import { useSession } from '../session/SessionProvider.tsx';
import {
  createMemoryLocalFileStore,
  localFileIds,
  offlineFileApi,
  pruneLocalFiles,
  uploadLocalFiles,
  type LocalFileStore,
} from './localFiles.ts';
import { createMemoryOutboxStore } from './memoryOutboxStore.ts';
import { OutboxSync, webLockExclusive } from './outboxSync.ts';
import type { OutboxEntry, OutboxStore } from './outboxTypes.ts';
import { prefetchForms } from './prefetchForms.ts';
import { forgetCachedForms, whenControlled } from './serviceWorker.ts';
import { createDeviceSnapshotStore, type SnapshotStore } from './snapshots.ts';
import { useOnline } from './useOnline.ts';

interface OfflineValue {
  online: boolean;
  /** The signed-in person's outbox; null while nobody is signed in. */
  outbox: OutboxSync | null;
  /** Its entries, oldest first. */
  entries: readonly OutboxEntry[];
  /** Photos, files and signatures taken offline wait here for their submission. */
  files: LocalFileStore;
  /** Lists pages keep for use without a connection (a scan page's items and zones). */
  snapshots: SnapshotStore;
  userId: string | null;
}

const OfflineContext = createContext<OfflineValue | null>(null);
const CHANNEL = 'formloom-outbox';
const NO_ENTRIES: readonly OutboxEntry[] = [];
const noSubscription = () => () => undefined;
const noEntries = () => NO_ENTRIES;

/**
 * Runs the signed-in person's outbox for the whole app: sends on start, when the connection returns and on
 * its timers; tells other tabs when it changed (BroadcastChannel) and re-reads when they did; prefetches
 * their forms for offline use; forgets cached forms on sign-out.
 */
export function OfflineProvider({
  store: given,
  files: givenFiles,
  snapshots: givenSnapshots,
  children,
}: {
  store?: OutboxStore;
  files?: LocalFileStore;
  snapshots?: SnapshotStore;
  children: ReactNode;
}) {
  const [store] = useState(() => given ?? createMemoryOutboxStore());
  const [files] = useState(() => givenFiles ?? createMemoryLocalFileStore());
  const [snapshots] = useState(() => givenSnapshots ?? createDeviceSnapshotStore());
  const api = useApi();
  const { state, expire } = useSession();
  const online = useOnline();
  const userId = state.status === 'signedIn' ? state.user.id : null;
  const channel = useRef<BroadcastChannel | null>(null);

  const outbox = useMemo(
    () =>
      userId
        ? new OutboxSync({
            store,
            userId,
            send: (entry) => api.createSubmission(entry.formId, entry.data, entry.idempotencyKey),
            prepare: (entry) => uploadLocalFiles(entry.data, files, fileApiFor(api).uploadFile),
            isOnline: () => navigator.onLine,
            exclusive: webLockExclusive(),
            onSignedOut: expire,
            onStoreChanged: () => channel.current?.postMessage('changed'),
          })
        : null,
    [api, store, files, userId, expire],
  );

  useEffect(() => {
    if (!outbox || !userId) return;
    outbox.start();
    void store
      .list(userId)
      .then((entries) => pruneLocalFiles(files, userId, new Set(entries.flatMap((e) => localFileIds(e.data)))))
      .catch(() => undefined);
    if (typeof BroadcastChannel === 'undefined') return () => outbox.stop();
    const ch = new BroadcastChannel(CHANNEL);
    ch.onmessage = () => void outbox.refresh();
    channel.current = ch;
    return () => {
      outbox.stop();
      ch.close();
      channel.current = null;
    };
  }, [outbox, store, files, userId]);

  // Back online: send now, whatever the backoff said (it was waiting for exactly this).
  useEffect(() => {
    if (online && outbox) void outbox.sync({ force: true });
  }, [online, outbox]);

  const prefetchedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!userId || !online || prefetchedFor.current === userId) return;
    prefetchedFor.current = userId;
    let cancelled = false;
    void whenControlled()
      .then((controlled) => (controlled && !cancelled ? prefetchForms(api, () => cancelled) : 0))
      .catch(() => undefined);
    return () => {
      cancelled = true;
      prefetchedFor.current = null;
    };
  }, [api, userId, online]);

  useEffect(() => {
    if (state.status !== 'signedOut') return;
    forgetCachedForms();
    void snapshots.clear();
  }, [state.status, snapshots]);

  const entries = useSyncExternalStore(outbox?.subscribe ?? noSubscription, outbox?.getEntries ?? noEntries);
  const value = useMemo(() => ({ online, outbox, entries, files, snapshots, userId }), [online, outbox, entries, files, snapshots, userId]);
  return <OfflineContext.Provider value={value}>{children}</OfflineContext.Provider>;
}

export function useOffline(): OfflineValue {
  const value = useContext(OfflineContext);
  if (!value) throw new Error('useOffline() needs an <OfflineProvider> above it');
  return value;
}

/** The form's file calls, keeping photos, files and signatures on the device while there is no connection. */
export function useOfflineFiles(fileApi: FileApi): FileApi {
  const { files, userId } = useOffline();
  return useMemo(() => (userId ? offlineFileApi(fileApi, files, userId, () => navigator.onLine) : fileApi), [fileApi, files, userId]);
}

/** How many entries wait to be sent and how many the server refused. */
export function outboxCounts(entries: readonly OutboxEntry[]): { waiting: number; refused: number } {
  const refused = entries.filter((e) => e.status === 'refused').length;
  return { waiting: entries.length - refused, refused };
}
