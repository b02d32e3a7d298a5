import { describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../api/errors.ts';
import type { FileApi, FileInfo } from '../api/files.ts';
import { createMemoryOutboxStore } from './memoryOutboxStore.ts';
import {
  LocalFileMissingError,
  UNUSED_FILE_MS,
  createMemoryLocalFileStore,
  localFileIds,
  offlineFileApi,
  pruneLocalFiles,
  uploadLocalFiles,
  type LocalFile,
} from './localFiles.ts';
import { OutboxSync } from './outboxSync.ts';
import { classifyFailure } from './retryPolicy.ts';

const serverInfo = (id: string): FileInfo => ({
  id,
  name: 'x.jpg',
  size: 3,
  contentType: 'image/jpeg',
  sha256: 'abc',
  purpose: 'photo',
  createdAt: '2026-11-25T00:00:00.000Z',
  createdBy: 'u1',
  createdByName: 'Chan Mei',
  url: `/api/files/${id}`,
});

function fakeFiles(upload: FileApi['uploadFile']): FileApi & { uploadFile: ReturnType<typeof vi.fn> } {
  return { uploadFile: vi.fn(upload), fileInfo: vi.fn(async (id: string) => serverInfo(id)), fileUrl: (id) => `/api/files/${id}` };
}

const photo = () => new Blob(['jpg'], { type: 'image/jpeg' });

describe('files taken offline', () => {
  it('are kept on the device when offline or when the upload cannot reach the server, and read back from there', async () => {
    const store = createMemoryLocalFileStore();
    let online = false;
    const server = fakeFiles(async () => {
      throw new NetworkError(new Error('upload failed'));
    });
    const files = offlineFileApi(server, store, 'u1', () => online);

    const offline = await files.uploadFile(photo(), 'shelf.jpg', { purpose: 'photo' });
    expect(offline.id).toMatch(/^local:[0-9a-f-]{36}$/);
    expect(server.uploadFile).not.toHaveBeenCalled();
    online = true;
    const failed = await files.uploadFile(photo(), 'sign.png', { purpose: 'signature' });
    expect(failed.id).toMatch(/^local:/);
    expect((await store.list()).map((f) => [f.name, f.purpose, f.userId])).toEqual([
      ['shelf.jpg', 'photo', 'u1'],
      ['sign.png', 'signature', 'u1'],
    ]);
    expect(await files.fileInfo(offline.id)).toMatchObject({ id: offline.id, name: 'shelf.jpg', size: 3, contentType: 'image/jpeg' });
    expect((await files.fileInfo('f-on-server')).url).toBe('/api/files/f-on-server');
  });

  it('a refusal of the file itself (415) is not hidden by keeping it', async () => {
    const files = offlineFileApi(
      fakeFiles(async () => {
        throw new ApiError({ statusCode: 415, code: 'unsupported_media_type', error: 'x', message: 'not a photo' });
      }),
      createMemoryLocalFileStore(),
      'u1',
      () => true,
    );
    await expect(files.uploadFile(photo(), 'x.exe', { purpose: 'photo' })).rejects.toMatchObject({ code: 'unsupported_media_type' });
  });

  it('are uploaded before their submission is sent, the ids replaced everywhere, and not uploaded twice on a retry', async () => {
    const store = createMemoryLocalFileStore();
    await store.put({ id: 'local:a', userId: 'u1', blob: photo(), name: 'a.jpg', purpose: 'photo', createdAt: 0 });
    await store.put({ id: 'local:b', userId: 'u1', blob: photo(), name: 'b.png', purpose: 'signature', createdAt: 0 });
    let n = 0;
    const server = fakeFiles(async () => serverInfo(`f${++n}`));
    const data = { photo: 'local:a', lines: [{ pic: 'local:a' }, { pic: 'local:b' }], note: 'local: not a file id? it is, if named so' };
    expect(localFileIds(data)).toEqual(['local:a', 'local:a', 'local:b', 'local: not a file id? it is, if named so']);

    await expect(uploadLocalFiles(data, store, server.uploadFile)).rejects.toThrow(/no longer on this device/);
    expect(server.uploadFile).not.toHaveBeenCalled();
    const clean = { photo: 'local:a', lines: [{ pic: 'local:a' }, { pic: 'local:b' }] };
    expect(await uploadLocalFiles(clean, store, server.uploadFile)).toEqual({ photo: 'f1', lines: [{ pic: 'f1' }, { pic: 'f2' }] });

    // Through the outbox: the uploaded ids are stored with the entry before it is sent.
    const outboxStore = createMemoryOutboxStore();
    const bodies: unknown[] = [];
    let fail = true;
    const sync = new OutboxSync({
      store: outboxStore,
      userId: 'u1',
      isOnline: () => true,
      prepare: (entry) => uploadLocalFiles(entry.data, store, server.uploadFile),
      send: async (entry) => {
        bodies.push(entry.data);
        if (fail) throw new NetworkError(new Error('lost'));
      },
    });
    await sync.enqueue({ formId: 'f', formVersion: 1, formName: 'Check', data: clean, idempotencyKey: 'k' });
    await sync.sync();
    const uploadsAfterFirst = server.uploadFile.mock.calls.length;
    expect((await outboxStore.list('u1'))[0].data).toEqual(bodies[0]);
    fail = false;
    await sync.sync({ force: true });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(server.uploadFile.mock.calls.length).toBe(uploadsAfterFirst);
    expect(await outboxStore.list('u1')).toEqual([]);
    sync.stop();
  });

  it('a submission whose kept file is gone is refused, not retried for ever', () => {
    expect(classifyFailure(new LocalFileMissingError('gone'))).toMatchObject({ kind: 'refused', refusal: { code: 'local_file_missing' } });
  });

  it('unused kept files of this user are dropped after a day; others’ and those in the outbox stay', async () => {
    const store = createMemoryLocalFileStore();
    const now = 10 * UNUSED_FILE_MS;
    const file = (id: string, userId: string, age: number): LocalFile => ({
      id,
      userId,
      blob: photo(),
      name: id,
      purpose: 'photo',
      createdAt: now - age,
    });
    for (const f of [
      file('old', 'u1', UNUSED_FILE_MS + 1),
      file('inUse', 'u1', 5 * UNUSED_FILE_MS),
      file('fresh', 'u1', 1000),
      file('theirs', 'u2', 5 * UNUSED_FILE_MS),
    ]) {
      await store.put(f);
    }
    await pruneLocalFiles(store, 'u1', new Set(['inUse']), now);
    expect((await store.list()).map((f) => f.id).sort()).toEqual(['fresh', 'inUse', 'theirs']);
  });
});
