import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxUploadBytesFromEnv, DEFAULT_MAX_UPLOAD_BYTES, removeAbandonedUploads } from '../src/services/filesStorage.ts';
import { downloadName } from '../src/services/filesSniff.ts';
import { DIALECTS, adminClient, startTestServer, userClient, type Client, type TestServer } from './helpers.ts';

/** A 1×1 PNG; bytes after IEND change its hash without making it any less a PNG. */
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const png = (salt = '') => Buffer.concat([PNG_1PX, Buffer.from(salt)]);

/** A Windows PE executable's start: "MZ", the DOS stub's pointer to the "PE\0\0" header, and the header. */
function windowsExecutable(): Buffer {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  b.writeUInt16LE(0x14c, 0x84); // i386
  return b;
}

function linuxExecutable(): Buffer {
  const b = Buffer.alloc(256);
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]).copy(b);
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(0x3e, 18); // x86-64
  return b;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A ZIP archive holding one stored (uncompressed) file. */
function zipOf(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const fileName = Buffer.from(name);
  const crc = zlib.crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + fileName.length, 12);
  end.writeUInt32LE(30 + fileName.length + data.length, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Stock').addRow(['SKU', 'Qty']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const LIMIT = 64 * 1024;

type Purpose = 'photo' | 'signature' | 'file';

function upload(client: Client, bytes: Buffer, name: string, purpose?: Purpose, headers: Record<string, string> = {}) {
  return client.request('POST', `/api/files${purpose ? `?purpose=${purpose}` : ''}`, {
    // The helper types the raw body as text; fetch sends a Buffer as its bytes.
    rawBody: bytes as unknown as string,
    headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name), ...headers },
  });
}

/** Every file under the data directory's files folder, relative to it. */
function storedFiles(server: TestServer): string[] {
  const root = path.join(server.config.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile()).sort();
}

const formSchema = {
  type: 'object',
  properties: {
    note: { type: 'string' },
    photo: { type: 'string', title: 'Photo' },
    signature: { type: 'string', title: 'Signature' },
    attachment: { type: 'string', title: 'Attachment' },
    site: { type: 'object', properties: { gatePhoto: { type: 'string' } } },
    lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, receipt: { type: 'string' } } } },
  },
};
const formUi = {
  photo: { 'ui:fieldType': 'photo' },
  signature: { 'ui:fieldType': 'signature' },
  attachment: { 'ui:fieldType': 'file' },
  site: { gatePhoto: { 'ui:fieldType': 'photo' } },
  lines: { items: { receipt: { 'ui:fieldType': 'file' } } },
};

describe('upload limit from the environment', () => {
  it('defaults to 20 MB and takes a positive whole number of bytes', () => {
    expect(DEFAULT_MAX_UPLOAD_BYTES).toBe(20 * 1024 * 1024);
    expect(maxUploadBytesFromEnv({})).toBe(DEFAULT_MAX_UPLOAD_BYTES);
    expect(maxUploadBytesFromEnv({ FORMLOOM_MAX_UPLOAD_BYTES: '5000' })).toBe(5000);
    expect(maxUploadBytesFromEnv({ FORMLOOM_MAX_UPLOAD_BYTES: 'lots' })).toBe(DEFAULT_MAX_UPLOAD_BYTES);
  });

  it('clears temp files a crash left mid-upload, and only old ones', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'formloom-files-'));
    try {
      expect(await removeAbandonedUploads(dataDir)).toBe(0);
      const incoming = path.join(dataDir, 'files', '.incoming');
      fs.mkdirSync(incoming, { recursive: true });
      fs.writeFileSync(path.join(incoming, 'old'), 'half a photo');
      fs.writeFileSync(path.join(incoming, 'fresh'), 'arriving now');
      const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
      fs.utimesSync(path.join(incoming, 'old'), twoDaysAgo, twoDaysAgo);
      expect(await removeAbandonedUploads(dataDir)).toBe(1);
      expect(fs.readdirSync(incoming)).toEqual(['fresh']);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('download names keep a fitting extension and gain the real one otherwise', () => {
    expect(downloadName('site.JPG', 'image/jpeg')).toBe('site.JPG');
    expect(downloadName('report.pdf.exe', 'application/pdf')).toBe('report.pdf.exe.pdf');
    expect(downloadName('run.bat', 'text/plain; charset=utf-8')).toBe('run.bat.txt');
    expect(downloadName('stock.csv', 'text/plain; charset=utf-8')).toBe('stock.csv');
  });
});

describe.each(DIALECTS)('files on %s', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let alice: Client; // fills the form
  let bob: Client; // fills the form too, sees only his own submissions
  let viewer: Client; // may see every submission of the app
  let outsider: Client; // no grant in the app
  let formId: string;

  beforeAll(async () => {
    const previous = process.env.FORMLOOM_MAX_UPLOAD_BYTES;
    process.env.FORMLOOM_MAX_UPLOAD_BYTES = String(LIMIT);
    try {
      server = await startTestServer(dialect);
    } finally {
      if (previous === undefined) delete process.env.FORMLOOM_MAX_UPLOAD_BYTES;
      else process.env.FORMLOOM_MAX_UPLOAD_BYTES = previous;
    }
    admin = await adminClient(server);
    const aliceUser = await userClient(server, admin, 'member', 'alice');
    const bobUser = await userClient(server, admin, 'member', 'bob');
    alice = aliceUser.client;
    bob = bobUser.client;
    const viewerUser = await userClient(server, admin, 'member', 'viewer');
    viewer = viewerUser.client;
    outsider = (await userClient(server, admin, 'member', 'outsider')).client;
    const app = await admin.post('/api/apps', { name: 'Site visits' });
    const form = await admin.post(`/api/apps/${app.body.id}/forms`, { name: 'Visit', schema: formSchema, uiSchema: formUi });
    expect(form.status, JSON.stringify(form.body)).toBe(201);
    expect((await admin.post(`/api/forms/${form.body.id}/publish`)).status).toBe(201);
    formId = form.body.id;
    const grants = await admin.put(`/api/apps/${app.body.id}/grants`, {
      grants: [
        { principal: aliceUser.user.id, permissions: ['fill'] },
        { principal: bobUser.user.id, permissions: ['fill'] },
        { principal: viewerUser.user.id, permissions: ['view_all'] },
      ],
    });
    expect(grants.status, JSON.stringify(grants.body)).toBe(200);
  }, 60_000);
  afterAll(() => server?.close());

  it('stores an image under its hash and serves it back inline, with the uploader named', async () => {
    const bytes = png('stored');
    const res = await upload(alice, bytes, '現場 photo.png', 'photo');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: '現場 photo.png',
      size: bytes.length,
      contentType: 'image/png',
      sha256: sha256(bytes),
      purpose: 'photo',
      createdByName: 'alice',
      url: `/api/files/${res.body.id}`,
    });
    const onDisk = path.join(server.config.dataDir, 'files', sha256(bytes).slice(0, 2), sha256(bytes));
    expect(fs.readFileSync(onDisk).equals(bytes)).toBe(true);

    const got = await fetch(`${server.url}/api/files/${res.body.id}`, { headers: { cookie: await cookieOf(alice) } });
    expect(got.status).toBe(200);
    expect(Buffer.from(await got.arrayBuffer()).equals(bytes)).toBe(true);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toBe(
      `inline; filename="__ photo.png"; filename*=UTF-8''${encodeURIComponent('現場 photo.png')}`,
    );
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('cache-control')).toMatch(/^private/);
    expect(got.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    const again = await fetch(`${server.url}/api/files/${res.body.id}`, {
      headers: { cookie: await cookieOf(alice), 'if-none-match': `"${sha256(bytes)}"` },
    });
    expect(again.status).toBe(304);
    // Revalidating never tells a stranger anything: their answer is the 404 as always.
    const stranger = await fetch(`${server.url}/api/files/${res.body.id}`, {
      headers: { cookie: await cookieOf(outsider), 'if-none-match': `"${sha256(bytes)}"` },
    });
    expect(stranger.status).toBe(404);

    const info = await alice.get(`/api/files/${res.body.id}/info`);
    expect(info.status).toBe(200);
    expect(info.body).toEqual(res.body);
  });

  it('takes a body sent with no Content-Type at all (a browser sends none for a file of unknown type)', async () => {
    const token = (await alice.post('/api/auth/tokens', { name: 'untyped' })).body.token as string;
    const res = await fetch(`${server.url}/api/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-file-name': 'notes' },
      body: new Uint8Array(Buffer.from('plain words\n')),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { contentType: string }).contentType).toBe('text/plain; charset=utf-8');
  });

  it('stores the same content once however often it is sent, as separate uploads', async () => {
    const bytes = png('twice');
    const first = await upload(alice, bytes, 'a.png');
    const second = await upload(bob, bytes, 'b.png');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.sha256).toBe(first.body.sha256);
    expect(storedFiles(server).filter((p) => p.endsWith(sha256(bytes)))).toHaveLength(1);
  });

  it.each([
    ['a Windows executable renamed photo.jpg', windowsExecutable(), 'photo.jpg', 'exe', /Windows executable/],
    ['a Linux executable renamed report.pdf', linuxExecutable(), 'report.pdf', 'elf', /Linux executable/],
    ['a ZIP archive renamed notes.txt', zipOf('run.sh', 'echo hi'), 'notes.txt', 'zip', /ZIP archive/],
    ['a shell script', Buffer.from('#!/bin/sh\nrm -rf /\n'), 'readme.txt', 'script', /a script/],
    ['a web page', Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'notes.txt', 'html', /web page/],
    ['text that is not UTF-8 (Big5)', Buffer.from([0xa4, 0xa4, 0xa4, 0xe5, 0x0a]), 'zh.csv', 'binary', /unknown binary/],
  ])('refuses %s by its content (415), keeping nothing', async (_label, bytes, name, detected, message) => {
    const before = storedFiles(server);
    const res = await upload(alice, bytes, name, undefined, { 'content-type': 'image/jpeg' });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('unsupported_file_type');
    expect(res.body.message).toMatch(message);
    expect(res.body.details).toMatchObject({ detected });
    expect(storedFiles(server)).toEqual(before);
  });

  it('keeps PDF, Excel and UTF-8 CSV, with their sniffed types; text downloads as an attachment', async () => {
    const pdf = await upload(alice, PDF, 'invoice.pdf');
    expect(pdf.status).toBe(201);
    expect(pdf.body.contentType).toBe('application/pdf');
    const xlsx = await upload(alice, await workbook(), 'stock.bin');
    expect(xlsx.status, JSON.stringify(xlsx.body)).toBe(201);
    expect(xlsx.body.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const csv = await upload(alice, Buffer.from('\uFEFFsku,名稱,qty\nA-1,螺絲,3\n'), 'stock.csv');
    expect(csv.status).toBe(201);
    expect(csv.body.contentType).toBe('text/plain; charset=utf-8');

    const got = await fetch(`${server.url}/api/files/${csv.body.id}`, { headers: { cookie: await cookieOf(alice) } });
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="stock.csv"/);
    const xlsxGot = await fetch(`${server.url}/api/files/${xlsx.body.id}`, { headers: { cookie: await cookieOf(alice) } });
    expect(xlsxGot.headers.get('content-disposition')).toMatch(/^attachment; filename="stock.bin.xlsx"/);
  });

  it('takes only images for a photo or a signature', async () => {
    const pdf = await upload(alice, PDF, 'photo.jpg', 'photo');
    expect(pdf.status).toBe(415);
    expect(pdf.body.details).toMatchObject({ imagesOnly: true });
    expect((await upload(alice, png('sig'), 'signature.png', 'signature')).status).toBe(201);
  });

  it('refuses a file over the limit (413) whether it says its size or not, leaving nothing on disk', async () => {
    const before = storedFiles(server);
    const big = Buffer.alloc(LIMIT + 1, 'a');
    const declared = await upload(alice, big, 'big.txt');
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('file_too_large');
    expect(declared.body.message).toContain('64 KB');

    // Chunked: no Content-Length, so the limit is found while streaming to disk.
    const token = (await alice.post('/api/auth/tokens', { name: 'uploads' })).body.token as string;
    const chunks = [Buffer.alloc(40 * 1024, 'b'), Buffer.alloc(40 * 1024, 'c')];
    const streamed = await fetch(`${server.url}/api/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'x-file-name': 'big.txt', 'content-type': 'text/plain' },
      body: new ReadableStream({
        start(controller) {
          for (const c of chunks) controller.enqueue(c);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { code: string }).code).toBe('file_too_large');
    expect(storedFiles(server)).toEqual(before);
  });

  it('needs a signed-in caller with the CSRF token, a name, and some content', async () => {
    const anonymous = await new (alice.constructor as typeof Client)(server.url).request('POST', '/api/files', {
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain', 'x-file-name': 'a.txt' },
    });
    expect(anonymous.status).toBe(401);
    const noCsrf = await alice.request('POST', '/api/files', {
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain', 'x-file-name': 'a.txt' },
      csrf: false,
    });
    expect(noCsrf.status).toBe(403);
    expect(noCsrf.body.code).toBe('csrf_token_invalid');
    const unnamed = await alice.request('POST', '/api/files', { rawBody: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.code).toBe('invalid_request');
    const empty = await upload(alice, Buffer.alloc(0), 'empty.txt');
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('empty_file');
    expect((await upload(alice, Buffer.from('x'), 'a.txt', 'nope' as Purpose)).status).toBe(400);
  });

  it('lets only the uploader read a file no submission names', async () => {
    const mine = await upload(alice, png('private'), 'private.png', 'photo');
    expect((await alice.get(`/api/files/${mine.body.id}`)).status).toBe(200);
    for (const other of [bob, viewer, outsider, admin]) {
      const res = await other.get(`/api/files/${mine.body.id}/info`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('file_not_found');
      expect((await other.get(`/api/files/${mine.body.id}`)).status).toBe(404);
    }
    expect((await alice.get('/api/files/no-such-file')).status).toBe(404);
  });

  it('links the files a submission names; whoever may see the submission may read them', async () => {
    const photo = await upload(alice, png('visit'), 'gate.png', 'photo');
    const signature = await upload(alice, png('signed'), 'signature.png', 'signature');
    const receipt = await upload(alice, PDF, 'receipt.pdf');
    const sent = await alice.post(`/api/forms/${formId}/submissions`, {
      data: {
        photo: photo.body.id,
        signature: signature.body.id,
        site: { gatePhoto: photo.body.id },
        lines: [{ sku: 'A', receipt: receipt.body.id }],
      },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const links = await server.app.db('submission_files').where('submission_id', sent.body.id).orderBy('file_id');
    expect(links.map((l: { file_id: string }) => l.file_id).sort()).toEqual([photo.body.id, signature.body.id, receipt.body.id].sort());

    for (const reader of [alice, viewer, admin]) {
      const res = await reader.get(`/api/files/${receipt.body.id}/info`);
      expect(res.status).toBe(200);
      expect(res.body.createdByName).toBe('alice');
    }
    // Bob may fill the form but sees only his own submissions; the outsider has no grant at all.
    expect((await bob.get(`/api/files/${photo.body.id}`)).status).toBe(404);
    expect((await outsider.get(`/api/files/${photo.body.id}`)).status).toBe(404);
  });

  it("refuses a submission naming someone else's file, an unknown id, or a non-image photo (422 at the value)", async () => {
    const alicesPhoto = await upload(alice, png('alices'), 'a.png', 'photo');
    const bobsPdf = await upload(bob, PDF, 'b.pdf');
    const res = await bob.post(`/api/forms/${formId}/submissions`, {
      data: {
        photo: alicesPhoto.body.id,
        signature: bobsPdf.body.id,
        site: { gatePhoto: 'not-a-file' },
        lines: [{ sku: 'A' }, { sku: 'B', receipt: alicesPhoto.body.id }],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.details).toEqual([
      { path: '/photo', message: 'is not a file you uploaded', keyword: 'file', params: { reason: 'unknown' } },
      { path: '/signature', message: 'must be an image', keyword: 'file', params: { reason: 'notImage' } },
      { path: '/site/gatePhoto', message: 'is not a file you uploaded', keyword: 'file', params: { reason: 'unknown' } },
      { path: '/lines/1/receipt', message: 'is not a file you uploaded', keyword: 'file', params: { reason: 'unknown' } },
    ]);
    // Nothing was stored, and Bob still cannot read Alice's photo.
    expect(await server.app.db('submission_files').where('file_id', alicesPhoto.body.id)).toHaveLength(0);
    expect((await bob.get(`/api/files/${alicesPhoto.body.id}`)).status).toBe(404);
  });

  it("lets an edit keep the files the submission names and add the editor's own, but not someone else's", async () => {
    const photo = await upload(alice, png('edit-photo'), 'before.png', 'photo');
    const sent = await alice.post(`/api/forms/${formId}/submissions`, { data: { photo: photo.body.id } });
    expect(sent.status).toBe(201);
    // The admin edits as the app's editor: Alice's photo stays, his own signature is added.
    const adminSignature = await upload(admin, png('admin-sig'), 'signature.png', 'signature');
    const edited = await admin.request('PATCH', `/api/submissions/${sent.body.id}`, {
      body: { data: { photo: photo.body.id, signature: adminSignature.body.id } },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const links = await server.app.db('submission_files').where('submission_id', sent.body.id);
    expect(links.map((l: { file_id: string }) => l.file_id).sort()).toEqual([photo.body.id, adminSignature.body.id].sort());
    expect((await viewer.get(`/api/files/${adminSignature.body.id}/info`)).status).toBe(200);

    const bobsPhoto = await upload(bob, png('bobs-edit'), 'b.png', 'photo');
    const refused = await admin.request('PATCH', `/api/submissions/${sent.body.id}`, { body: { data: { photo: bobsPhoto.body.id } } });
    expect(refused.status).toBe(422);
    expect(refused.body.details).toEqual([
      { path: '/photo', message: 'is not a file you uploaded', keyword: 'file', params: { reason: 'unknown' } },
    ]);
  });

  it('stops showing the files of a deleted submission to its viewers; the uploader keeps them', async () => {
    const photo = await upload(alice, png('deleted'), 'gone.png', 'photo');
    const sent = await alice.post(`/api/forms/${formId}/submissions`, { data: { photo: photo.body.id } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    const before = await viewer.get(`/api/files/${photo.body.id}/info`);
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect((await alice.request('DELETE', `/api/submissions/${sent.body.id}`)).status).toBe(204);
    expect((await viewer.get(`/api/files/${photo.body.id}`)).status).toBe(404);
    expect((await alice.get(`/api/files/${photo.body.id}`)).status).toBe(200);
  });

  it('refuses a link to a submission or a file that does not exist', async () => {
    const photo = await upload(alice, png('order'), 'o.png', 'photo');
    const stored = await alice.post(`/api/forms/${formId}/submissions`, { data: { photo: photo.body.id } });
    expect(stored.status).toBe(201);
    expect(await server.app.db('submission_files').where('submission_id', stored.body.id)).toHaveLength(1);
    await expect(server.app.db('submission_files').insert({ submission_id: 'no-such-submission', file_id: photo.body.id })).rejects.toThrow(
      /foreign key/i,
    );
    await expect(server.app.db('submission_files').insert({ submission_id: stored.body.id, file_id: 'no-such-file' })).rejects.toThrow(
      /foreign key/i,
    );
  });

  it('answers a retried submission (same Idempotency-Key) without a second link', async () => {
    const photo = await upload(bob, png('retry'), 'r.png', 'photo');
    const send = () =>
      bob.post(`/api/forms/${formId}/submissions`, { data: { photo: photo.body.id } }, { headers: { 'idempotency-key': `k-${dialect}` } });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(await server.app.db('submission_files').where('file_id', photo.body.id)).toHaveLength(1);
  });
});

/** The session cookie of a signed-in test client, for fetches that need the raw response. */
async function cookieOf(client: Client): Promise<string> {
  return (client as unknown as { cookie: string }).cookie;
}
