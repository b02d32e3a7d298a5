/**
 * The certificates an admin trusts for signatures (a CA's root, and the intermediates whose CRLs are kept
 * — Hongkong Post's e-Cert CA issues the CRL, not its root), each with its latest CRL. A CRL is accepted
 * only when that CA's key signed it.
 */
import * as pkijs from 'pkijs';
import type { TrustRoot } from '@formloom/schemas';
import { nameToString, OID, sha256, toArrayBuffer, toHex } from '@formloom/schemas/signatures';
import { nowIso } from '../../db/dialect.ts';
import { newId } from '../../lib/ids.ts';
import { ConflictError, NotFoundError, UnprocessableError } from '../../lib/errors.ts';
import type { Db } from '../../repositories/types.ts';
import type { TrustAnchor } from './cmsVerify.ts';

interface TrustRootRow {
  id: string;
  fingerprint_sha256: string;
  subject: string;
  issuer: string;
  not_before: string;
  not_after: string;
  is_ca: boolean | number;
  der: Buffer;
  crl_der: Buffer | null;
  crl_this_update: string | null;
  crl_next_update: string | null;
  crl_revoked_count: number | null;
  added_at: string;
}

/** PEM text (one block of `label`) or base64 DER, or the raw DER bytes. */
export function decodePemOrDer(input: Buffer, label: 'CERTIFICATE' | 'X509 CRL'): Uint8Array | null {
  const text = input.toString('latin1');
  const pem = text.match(new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`));
  if (pem) return new Uint8Array(Buffer.from(pem[1].replace(/\s+/g, ''), 'base64'));
  if (input[0] === 0x30) return new Uint8Array(input);
  const compact = text.replace(/\s+/g, '');
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    const der = Buffer.from(compact, 'base64');
    if (der[0] === 0x30) return new Uint8Array(der);
  }
  return null;
}

const notACertificate = () =>
  new UnprocessableError('invalid_certificate', 'Send one X.509 certificate as PEM text (-----BEGIN CERTIFICATE-----) or base64 DER.');

function toTrustRoot(row: TrustRootRow): TrustRoot {
  return {
    id: row.id,
    subject: row.subject,
    issuer: row.issuer,
    notBefore: row.not_before,
    notAfter: row.not_after,
    fingerprintSha256: row.fingerprint_sha256,
    isCa: Boolean(row.is_ca),
    crl: row.crl_this_update
      ? { thisUpdate: row.crl_this_update, nextUpdate: row.crl_next_update, revokedCount: Number(row.crl_revoked_count ?? 0) }
      : null,
    addedAt: row.added_at,
  };
}

const rootNotFound = (id: string) => new NotFoundError('trust_root_not_found', `There is no trust root ${id}.`);

export const trustRoots = {
  async list(db: Db): Promise<TrustRoot[]> {
    const rows: TrustRootRow[] = await db('signature_trust_roots').orderBy('added_at').orderBy('id');
    return rows.map(toTrustRoot);
  },

  async find(db: Db, id: string): Promise<TrustRoot> {
    const row: TrustRootRow | undefined = await db('signature_trust_roots').where({ id }).first();
    if (!row) throw rootNotFound(id);
    return toTrustRoot(row);
  },

  async add(db: Db, input: Buffer, userId: string): Promise<TrustRoot> {
    const der = decodePemOrDer(input, 'CERTIFICATE');
    if (!der) throw notACertificate();
    let cert: pkijs.Certificate;
    try {
      cert = pkijs.Certificate.fromBER(toArrayBuffer(der));
    } catch {
      throw notACertificate();
    }
    const fingerprint = toHex(await sha256(der));
    if (await db('signature_trust_roots').where({ fingerprint_sha256: fingerprint }).first('id')) {
      throw new ConflictError('trust_root_exists', 'This certificate is already a trust root.');
    }
    const basic = cert.extensions?.find((e) => e.extnID === OID.basicConstraints)?.parsedValue as pkijs.BasicConstraints | undefined;
    const row = {
      id: newId(),
      fingerprint_sha256: fingerprint,
      subject: nameToString(cert.subject),
      issuer: nameToString(cert.issuer),
      not_before: cert.notBefore.value.toISOString(),
      not_after: cert.notAfter.value.toISOString(),
      is_ca: Boolean(basic?.cA),
      der: Buffer.from(der),
      added_at: nowIso(),
      added_by: userId,
    };
    await db('signature_trust_roots').insert(row);
    return toTrustRoot({ ...row, crl_der: null, crl_this_update: null, crl_next_update: null, crl_revoked_count: null });
  },

  async remove(db: Db, id: string): Promise<TrustRoot> {
    const root = await trustRoots.find(db, id);
    await db('signature_trust_roots').where({ id }).delete();
    return root;
  },

  /** Replaces the CA's CRL; refused unless the CA's key signed it and it names the CA as its issuer. */
  async setCrl(db: Db, id: string, input: Buffer): Promise<TrustRoot> {
    const row: TrustRootRow | undefined = await db('signature_trust_roots').where({ id }).first();
    if (!row) throw rootNotFound(id);
    const der = decodePemOrDer(input, 'X509 CRL');
    const invalid = () =>
      new UnprocessableError('invalid_crl', 'Send the CA\u2019s CRL as PEM text (-----BEGIN X509 CRL-----) or base64 DER.');
    if (!der) throw invalid();
    let crl: pkijs.CertificateRevocationList;
    try {
      crl = pkijs.CertificateRevocationList.fromBER(toArrayBuffer(der));
    } catch {
      throw invalid();
    }
    const ca = pkijs.Certificate.fromBER(toArrayBuffer(new Uint8Array(row.der)));
    let signedByCa = false;
    try {
      signedByCa = crl.issuer.isEqual(ca.subject) && (await crl.verify({ issuerCertificate: ca }));
    } catch {
      signedByCa = false;
    }
    if (!signedByCa) {
      throw new UnprocessableError(
        'crl_signature_invalid',
        'This CRL was not issued and signed by this certificate authority; upload the CRL of this CA.',
      );
    }
    const update = {
      crl_der: Buffer.from(der),
      crl_this_update: crl.thisUpdate.value.toISOString(),
      crl_next_update: crl.nextUpdate ? crl.nextUpdate.value.toISOString() : null,
      crl_revoked_count: crl.revokedCertificates?.length ?? 0,
    };
    await db('signature_trust_roots').where({ id }).update(update);
    return toTrustRoot({ ...row, ...update });
  },

  /** Everything the checker needs, parsed. */
  async anchors(db: Db): Promise<TrustAnchor[]> {
    const rows: TrustRootRow[] = await db('signature_trust_roots').select('id', 'der', 'crl_der', 'fingerprint_sha256');
    return rows.map((row) => {
      const der = new Uint8Array(row.der);
      return {
        id: row.id,
        der,
        fingerprint: row.fingerprint_sha256,
        cert: pkijs.Certificate.fromBER(toArrayBuffer(der)),
        crl: row.crl_der ? pkijs.CertificateRevocationList.fromBER(toArrayBuffer(new Uint8Array(row.crl_der))) : null,
      };
    });
  },
};
