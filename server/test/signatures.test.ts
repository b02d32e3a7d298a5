/**
 * Certificate-backed e-signatures end to end, on both databases, signed with the same readPkcs12 /
 * signDigest the browser uses and a throwaway PKI (fakes/pki.ts): each certificate outcome, the signed
 * PDF verified by our checker and by poppler's pdfsig, tampering and later revisions, the digitalSignature
 * field on submit, and a two-approver flow where each signs on top of the other.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, readPkcs12, signDigest } from '@formloom/schemas/signatures';
import { makeTestPki, type TestPki, type TestSigner } from './fakes/pki.ts';
import { adminClient, Client, DIALECTS, startTestServer, type TestServer } from './helpers.ts';
import { createPerson, flowForm, pendingTask, type Person } from './workflowFixtures.ts';
import { SIGNING_TIME_SKEW_MS } from '../src/services/signatures/completion.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await makeTestPki();
}, 60_000);

const hasPdfsig = (() => {
  try {
    execFileSync('pdfsig', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const schema = {
  type: 'object',
  required: ['name', 'amount'],
  properties: {
    name: { type: 'string', title: '姓名 Name', minLength: 1 },
    amount: { type: 'number', title: 'Amount 金額' },
    sign: {
      type: 'object',
      title: 'Signature 簽署',
      properties: { signatureId: { type: 'string', minLength: 1, maxLength: 100 } },
      required: ['signatureId'],
      additionalProperties: false,
    },
  },
};
const uiSchema = { amount: { 'ui:fieldType': 'money' }, sign: { 'ui:fieldType': 'digitalSignature' } };

async function signWith(client: Client, prepared: { signingId: string; digest: string }, signer: TestSigner, signingTime = new Date()) {
  const identity = await readPkcs12(signer.p12, pki.password);
  const cms = await signDigest(identity, base64ToBytes(prepared.digest), signingTime);
  return client.post(`/api/signatures/${prepared.signingId}/complete`, { cms: bytesToBase64(cms) });
}

async function fetchPdf(client: Client, url: string): Promise<Buffer> {
  const res = await client.request('GET', url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  // The test client reads text; fetch the bytes again as bytes.
  const raw = await fetch(client.baseUrl + url, { headers: { cookie: (client as unknown as { cookie: string }).cookie } });
  return Buffer.from(await raw.arrayBuffer());
}

async function verify(client: Client, pdf: Buffer) {
  const res = await fetch(`${client.baseUrl}/api/signatures/verify`, {
    method: 'POST',
    headers: {
      cookie: (client as unknown as { cookie: string }).cookie,
      'x-csrf-token': client.csrfToken,
      'content-type': 'application/pdf',
    },
    body: new Uint8Array(pdf),
  });
  return { status: res.status, body: await res.json() };
}

function pdfsig(pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `formloom-sig-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdfsig', [file], { encoding: 'utf8' });
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? err);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe.each(DIALECTS)('e-signatures (%s)', (dialect) => {
  let server: TestServer;
  let admin: Client;
  let signer: Person;
  let other: Person;
  let formId: string;
  let intermediateId: string;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = await adminClient(server);
    const root = await admin.request('POST', '/api/signatures/trust-roots', {
      rawBody: pki.root.certPem,
      headers: { 'content-type': 'text/plain' },
    });
    expect(root.status).toBe(201);
    const intermediate = await admin.request('POST', '/api/signatures/trust-roots', {
      rawBody: Buffer.from(pki.intermediate.certDer).toString('base64'),
      headers: { 'content-type': 'text/plain' },
    });
    expect(intermediate.status).toBe(201);
    intermediateId = intermediate.body.id;
    const crl = await admin.request('PUT', `/api/signatures/trust-roots/${intermediateId}/crl`, {
      rawBody: pki.crlPem,
      headers: { 'content-type': 'application/x-pem-file' },
    });
    expect(crl.status).toBe(200);
    expect(crl.body.crl.revokedCount).toBe(1);
    signer = await createPerson(server, admin, 'Chan Tai Man');
    other = await createPerson(server, admin, 'Wong Siu Ming');
    ({ formId } = await flowForm(admin, schema, null as unknown as object, uiSchema));
  }, 60_000);
  afterAll(() => server?.close());

  const prepareField = (client: Client, data: object) => client.post('/api/signatures/prepare', { formId, field: 'sign', data });

  it('trust roots are for admins; a CRL must be signed by its CA', async () => {
    expect((await signer.client.get('/api/signatures/trust-roots')).status).toBe(403);
    const denied = await signer.client.request('POST', '/api/signatures/trust-roots', {
      rawBody: pki.otherRoot.certPem,
      headers: { 'content-type': 'text/plain' },
    });
    expect(denied.status).toBe(403);
    const list = await admin.get('/api/signatures/trust-roots');
    expect(list.body.items.map((r: { subject: string }) => r.subject)).toEqual([
      expect.stringContaining('CN=Formloom Test Root CA'),
      expect.stringContaining('CN=Formloom Test e-Cert CA'),
    ]);
    const rootId = list.body.items[0].id;
    const wrongCrl = await admin.request('PUT', `/api/signatures/trust-roots/${rootId}/crl`, {
      rawBody: pki.crlPem,
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongCrl.status).toBe(422);
    expect(wrongCrl.body.code).toBe('crl_signature_invalid');
    const again = await admin.request('POST', '/api/signatures/trust-roots', {
      rawBody: pki.root.certPem,
      headers: { 'content-type': 'text/plain' },
    });
    expect(again.status).toBe(409);
    const garbage = await admin.request('POST', '/api/signatures/trust-roots', {
      rawBody: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(garbage.body.code).toBe('invalid_certificate');
  });

  it('a valid signer signs a field; the submission carries it and the PDF verifies (and opens in pdfsig)', async () => {
    const data = { name: '陳大文', amount: 1234.5 };
    const prepared = await prepareField(signer.client, data);
    expect(prepared.status).toBe(201);
    expect(prepared.body.formVersion).toBe(1);
    expect(prepared.body.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const done = await signWith(signer.client, prepared.body, pki.signers.valid);
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      status: 'valid',
      purpose: 'field',
      field: 'sign',
      formId,
      submissionId: null,
      signerUserId: signer.id,
    });
    expect(done.body.signer).toMatchObject({
      commonName: 'Chan Tai Man',
      email: 'chan.tai.man@example.hk',
      issuerCommonName: 'Formloom Test e-Cert CA',
    });

    // Someone else cannot read it before it is submitted.
    expect((await other.client.get(`/api/signatures/${done.body.id}`)).status).toBe(404);

    const submitted = await signer.client.post(`/api/forms/${formId}/submissions`, {
      data: { ...data, sign: { signatureId: done.body.id } },
    });
    expect(submitted.status).toBe(201);
    const listed = await signer.client.get(`/api/submissions/${submitted.body.id}/signatures`);
    expect(listed.body.items.map((s: { id: string; submissionId: string }) => [s.id, s.submissionId])).toEqual([
      [done.body.id, submitted.body.id],
    ]);
    // The same signature cannot carry a second submission.
    const reused = await signer.client.post(`/api/forms/${formId}/submissions`, { data: { ...data, sign: { signatureId: done.body.id } } });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('signature_mismatch');

    const pdf = await fetchPdf(signer.client, `/api/signatures/${done.body.id}/pdf`);
    const checked = await verify(signer.client, pdf);
    expect(checked.status).toBe(200);
    expect(checked.body.valid).toBe(true);
    expect(checked.body.signatures).toHaveLength(1);
    expect(checked.body.signatures[0]).toMatchObject({
      trusted: true,
      revoked: false,
      intact: true,
      coversWholeDocument: true,
      modifiedAfter: false,
      formId,
      formVersion: 1,
      contentHash: prepared.body.contentHash,
      problems: [],
    });
    expect(checked.body.signatures[0].signer.commonName).toBe('Chan Tai Man');
    if (hasPdfsig) {
      const out = pdfsig(pdf);
      expect(out).toContain('Signature is Valid');
      expect(out).toContain('ETSI.CAdES.detached');
      expect(out).toContain('Total document signed');
    }

    // One changed byte inside the signed range: no longer intact.
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('1234.5') >= 0 ? tampered.indexOf('1234.5') : 200;
    tampered[at] = tampered[at] === 0x31 ? 0x32 : 0x31;
    const broken = await verify(signer.client, tampered);
    expect(broken.body.valid).toBe(false);
    expect(broken.body.signatures[0].intact).toBe(false);
    expect(broken.body.signatures[0].problems).toContain('signature_invalid');

    // Bytes appended after the signed revision: modifiedAfter.
    const appended = Buffer.concat([pdf, Buffer.from('\n% a later revision\n1 0 obj\n<< >>\nendobj\n')]);
    const later = await verify(signer.client, appended);
    expect(later.body.signatures[0]).toMatchObject({ intact: true, modifiedAfter: true, coversWholeDocument: false });
    expect(later.body.valid).toBe(false);

    const notPdf = await verify(signer.client, Buffer.from('hello'));
    expect(notPdf.status).toBe(422);
    expect(notPdf.body.code).toBe('not_a_pdf');

    const audit = await admin.get('/api/audit?limit=200');
    if (audit.status === 200) {
      const actions = (audit.body.items as { action: string }[]).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['signature.signed', 'signature.verified', 'trust_root.added', 'trust_crl.updated']));
    }
  });

  it.each([
    ['expired', 'certificate_expired'],
    ['notYetValid', 'certificate_not_yet_valid'],
    ['wrongCa', 'certificate_untrusted'],
    ['revoked', 'certificate_revoked'],
    ['noKeyUsage', 'certificate_key_usage'],
  ] as const)('a %s certificate is refused with %s', async (which, code) => {
    const prepared = await prepareField(signer.client, { name: 'Ho', amount: 1 });
    expect(prepared.status).toBe(201);
    const res = await signWith(signer.client, prepared.body, pki.signers[which]);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(code);
  });

  it('a signature over other bytes, someone else’s request, an expired request', async () => {
    const prepared = await prepareField(signer.client, { name: 'Ho', amount: 1 });
    const identity = await readPkcs12(pki.signers.valid.p12, pki.password);
    const wrongDigest = await signDigest(identity, new Uint8Array(32).fill(9), new Date());
    const bad = await signer.client.post(`/api/signatures/${prepared.body.signingId}/complete`, { cms: bytesToBase64(wrongDigest) });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('signature_invalid');

    expect((await signWith(other.client, prepared.body, pki.signers.second)).status).toBe(404);

    await server.app
      .db('signing_requests')
      .where({ id: prepared.body.signingId })
      .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
    const late = await signWith(signer.client, prepared.body, pki.signers.valid);
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('signing_expired');
  });

  it('a signature dated before the document was prepared, or after it was sent, is refused; the server clock is handed out', async () => {
    const prepared = await prepareField(signer.client, { name: 'Ho', amount: 2 });
    const preparedAt = Date.parse(prepared.body.preparedAt);
    expect(Math.abs(preparedAt - Date.now())).toBeLessThan(60_000);
    for (const claimed of [preparedAt - SIGNING_TIME_SKEW_MS - 60_000, Date.now() + SIGNING_TIME_SKEW_MS + 60_000]) {
      const res = await signWith(signer.client, prepared.body, pki.signers.valid, new Date(claimed));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('signing_time_invalid');
    }
    const refusals = await server.app.db('audit_log').where({ action: 'signature.refused' }).select('details');
    expect(refusals.filter((r) => JSON.stringify(r.details).includes('signing_time_invalid'))).toHaveLength(2);
    // Within the bound (a browser clock a minute behind the server's) it signs.
    const ok = await signWith(signer.client, prepared.body, pki.signers.valid, new Date(preparedAt - 60_000));
    expect(ok.status).toBe(201);
  });

  it('data changed after signing is refused on submit (signature_mismatch); so is another person’s signature', async () => {
    const prepared = await prepareField(signer.client, { name: 'Lee', amount: 10 });
    const done = await signWith(signer.client, prepared.body, pki.signers.valid);
    expect(done.status).toBe(201);
    const changed = await signer.client.post(`/api/forms/${formId}/submissions`, {
      data: { name: 'Lee', amount: 10000, sign: { signatureId: done.body.id } },
    });
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('signature_mismatch');
    const byOther = await other.client.post(`/api/forms/${formId}/submissions`, {
      data: { name: 'Lee', amount: 10, sign: { signatureId: done.body.id } },
    });
    expect(byOther.status).toBe(422);
    expect(byOther.body.code).toBe('signature_mismatch');
    const invalidData = await prepareField(signer.client, { amount: 'lots' });
    expect(invalidData.status).toBe(422);
    const notSignature = await signer.client.post('/api/signatures/prepare', { formId, field: 'name', data: { name: 'x', amount: 1 } });
    expect(notSignature.body.code).toBe('not_a_signature_field');
  });

  it('a two-approver flow: each signs in order, on top of the other; the final PDF verifies with two signatures', async () => {
    const first = await createPerson(server, admin, 'First Approver');
    const second = await createPerson(server, admin, 'Second Approver');
    const submitter = await createPerson(server, admin, 'Submitter');
    const flow = {
      version: 1,
      nodes: [
        {
          id: 'signed',
          type: 'approval',
          name: { en: 'Signed approval', 'zh-Hant': '簽署審批' },
          approvers: [
            { kind: 'user', userId: first.id },
            { kind: 'user', userId: second.id },
          ],
          mode: 'sequential',
          requireSignature: true,
        },
      ],
    };
    const { formId: flowFormId } = await flowForm(
      admin,
      { type: 'object', properties: { item: { type: 'string', title: 'Item 物品' } } },
      flow,
    );
    const sub = await submitter.client.post(`/api/forms/${flowFormId}/submissions`, { data: { item: '手提電腦 Laptop' } });
    expect(sub.status).toBe(201);

    const task1 = await pendingTask(first, sub.body.id);
    // The task page learns from the task itself that approving here takes a signature.
    const detail1 = await first.client.get(`/api/tasks/${task1.id}`);
    expect(detail1.status).toBe(200);
    expect(detail1.body.requireSignature).toBe(true);
    const unsigned = await first.client.post(`/api/tasks/${task1.id}/approve`, {});
    expect(unsigned.status).toBe(422);
    expect(unsigned.body.code).toBe('signature_required');
    // Not the second approver's turn yet, and not the submitter's task.
    expect(await pendingTask(second, sub.body.id)).toBeUndefined();
    expect((await submitter.client.post('/api/signatures/prepare', { taskId: task1.id })).status).toBe(404);

    const prep1 = await first.client.post('/api/signatures/prepare', { taskId: task1.id });
    expect(prep1.status).toBe(201);
    const sig1 = await signWith(first.client, prep1.body, pki.signers.valid);
    expect(sig1.status).toBe(201);
    expect(sig1.body).toMatchObject({ purpose: 'approval', taskId: task1.id, submissionId: sub.body.id });
    const ok1 = await first.client.post(`/api/tasks/${task1.id}/approve`, { signatureId: sig1.body.id });
    expect(ok1.status).toBe(200);

    const task2 = await pendingTask(second, sub.body.id);
    // The first approver's signature does not approve the second task.
    const borrowed = await second.client.post(`/api/tasks/${task2.id}/approve`, { signatureId: sig1.body.id });
    expect(borrowed.body.code).toBe('signature_required');
    const prep2 = await second.client.post('/api/signatures/prepare', { taskId: task2.id });
    const sig2 = await signWith(second.client, prep2.body, pki.signers.second);
    expect(sig2.status).toBe(201);
    const ok2 = await second.client.post(`/api/tasks/${task2.id}/approve`, { signatureId: sig2.body.id });
    expect(ok2.status).toBe(200);
    expect(ok2.body.submissionStatus).toBe('approved');

    const pdf = await fetchPdf(submitter.client, `/api/signatures/${sig2.body.id}/pdf`);
    const checked = await verify(submitter.client, pdf);
    expect(checked.body.valid).toBe(true);
    expect(checked.body.signatures.map((s: { signer: { commonName: string } }) => s.signer.commonName)).toEqual([
      'Chan Tai Man',
      'Wong Siu Ming',
    ]);
    expect(checked.body.signatures.map((s: { intact: boolean }) => s.intact)).toEqual([true, true]);
    expect(checked.body.signatures.map((s: { modifiedAfter: boolean }) => s.modifiedAfter)).toEqual([true, false]);
    if (hasPdfsig) {
      const out = pdfsig(pdf);
      expect(out.match(/Signature is Valid/g)).toHaveLength(2);
    }
    const all = await submitter.client.get(`/api/submissions/${sub.body.id}/signatures`);
    expect(all.body.items.map((s: { id: string }) => s.id)).toEqual([sig1.body.id, sig2.body.id]);
  });
});
