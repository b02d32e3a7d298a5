import { useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../api/ApiContext.tsx';
import { AdminOnly } from '../../../components/AdminOnly.tsx';
import { AdminSections } from '../../../components/AdminSections.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { useAsync } from '../../../components/useAsync.ts';
import { useLocale } from '../../../i18n/LocaleProvider.tsx';
import { signaturesApiOf, type SignaturesApi } from '../../../signatures/api.ts';
import { readFileBytes, toBase64 } from '../../../signatures/base64.ts';
import { formatFingerprint, formatWhen } from '../../../signatures/format.ts';
import { problemText } from '../../../signatures/problems.ts';
import type { TrustRoot } from '../../../signatures/types.ts';
import './TrustRootsPage.css';

/** A certificate or CRL file as the server takes it: PEM text as it is, DER bytes in base64. */
async function fileText(file: File): Promise<string> {
  const bytes = await readFileBytes(file);
  const head = new TextDecoder().decode(bytes.subarray(0, 64));
  return head.includes('-----BEGIN') ? new TextDecoder().decode(bytes) : toBase64(bytes);
}

/**
 * /admin/signatures: the CA roots a digital signature's certificate must lead to (Hongkong Post's, a
 * company CA), each with its revocation list. Admins only.
 */
export default function TrustRootsPage() {
  const { t } = useTranslation();
  return (
    <AdminOnly refusal={t('admin.adminsOnly')}>
      <TrustRoots />
    </AdminOnly>
  );
}

function TrustRoots() {
  const { t } = useTranslation();
  const client = useApi();
  const api = useMemo(() => signaturesApiOf(client), [client]);
  const roots = useAsync(() => api.trustRoots(), [api]);
  const [notice, setNotice] = useState<string | null>(null);

  const changed = (text: string) => {
    setNotice(text);
    roots.reload();
  };

  return (
    <main className="fl-main fl-trust">
      <AdminSections />
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('signatures.trust.title')}</h1>
          <p>{t('signatures.trust.intro')}</p>
        </div>
      </div>
      {notice && (
        <div className="fl-alert fl-alert--info fl-trust__notice" role="status">
          {notice}
        </div>
      )}
      <AddRoot api={api} onAdded={(root) => changed(t('signatures.trust.added', { subject: root.subject }))} />
      {roots.status === 'loading' && <Loading />}
      {roots.status === 'error' && <ErrorState error={roots.error} onRetry={roots.reload} />}
      {roots.status === 'ok' &&
        (roots.data.length === 0 ? (
          <p className="fl-card fl-panel fl-trust__empty">{t('signatures.trust.none')}</p>
        ) : (
          <ul className="fl-trust__list" aria-label={t('signatures.trust.listLabel')}>
            {roots.data.map((root) => (
              <li key={root.id}>
                <RootCard root={root} api={api} onChanged={changed} />
              </li>
            ))}
          </ul>
        ))}
    </main>
  );
}

function AddRoot({ api, onAdded }: { api: SignaturesApi; onAdded: (root: TrustRoot) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setProblem(null);
    try {
      onAdded(await api.addTrustRoot(await fileText(file)));
    } catch (err) {
      setProblem(problemText(t, err));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };
  return (
    <section className="fl-card fl-panel fl-trust__add" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('signatures.trust.addTitle')}</h2>
      <p className="fl-trust__hint">{t('signatures.trust.addHint')}</p>
      <label className="fl-btn fl-btn--primary fl-trust__upload" aria-disabled={busy || undefined}>
        {busy ? t('signatures.trust.uploading') : t('signatures.trust.upload')}
        <input
          ref={input}
          type="file"
          className="fl-visually-hidden"
          accept=".pem,.crt,.cer,.der,application/x-x509-ca-cert,application/pkix-cert"
          disabled={busy}
          data-testid="trust-root-file"
          onChange={(e) => void upload(e.target.files?.[0])}
        />
      </label>
      {problem && (
        <p className="fl-alert fl-alert--error fl-trust__problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}

function RootCard({ root, api, onChanged }: { root: TrustRoot; api: SignaturesApi; onChanged: (notice: string) => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const id = useId();
  const crlInput = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const expired = Date.parse(root.notAfter) < Date.now();
  const crlStale = root.crl?.nextUpdate ? Date.parse(root.crl.nextUpdate) < Date.now() : false;

  const uploadCrl = async (file: File | undefined) => {
    if (!file) return;
    setStage('busy');
    setProblem(null);
    try {
      await api.putCrl(root.id, await fileText(file));
      onChanged(t('signatures.trust.crlUpdated', { subject: root.subject }));
    } catch (err) {
      setProblem(problemText(t, err));
    } finally {
      setStage('idle');
      if (crlInput.current) crlInput.current.value = '';
    }
  };
  const remove = async () => {
    setStage('busy');
    setProblem(null);
    try {
      await api.removeTrustRoot(root.id);
      onChanged(t('signatures.trust.removed', { subject: root.subject }));
    } catch (err) {
      setProblem(problemText(t, err));
      setStage('idle');
    }
  };

  return (
    <article className="fl-card fl-trust__root" aria-labelledby={`${id}-subject`} data-root={root.id}>
      <h3 id={`${id}-subject`}>{root.subject}</h3>
      <dl className="fl-trust__facts">
        <dt>{t('signatures.cert.issuer')}</dt>
        <dd>{root.issuer === root.subject ? t('signatures.trust.selfSigned') : root.issuer}</dd>
        <dt>{t('signatures.cert.validity')}</dt>
        <dd className={expired ? 'fl-trust__bad' : undefined}>
          {t('signatures.cert.validRange', { from: formatWhen(root.notBefore, locale), until: formatWhen(root.notAfter, locale) })}
        </dd>
        <dt>{t('signatures.cert.fingerprint')}</dt>
        <dd className="fl-trust__mono" title={formatFingerprint(root.fingerprintSha256, true)}>
          {formatFingerprint(root.fingerprintSha256)}
        </dd>
        <dt>{t('signatures.trust.crl')}</dt>
        <dd className={crlStale ? 'fl-trust__bad' : undefined}>
          {root.crl
            ? t('signatures.trust.crlState', {
                count: root.crl.revokedCount,
                at: formatWhen(root.crl.thisUpdate, locale),
                next: root.crl.nextUpdate ? formatWhen(root.crl.nextUpdate, locale) : '—',
              })
            : t('signatures.trust.noCrl')}
        </dd>
        <dt>{t('signatures.trust.addedAt')}</dt>
        <dd>{formatWhen(root.addedAt, locale)}</dd>
      </dl>
      {!root.isCa && <p className="fl-alert fl-alert--warning">{t('signatures.trust.notCa')}</p>}
      {problem && (
        <p className="fl-alert fl-alert--error fl-trust__problem" role="alert">
          {problem}
        </p>
      )}
      {stage === 'confirm' ? (
        <div className="fl-alert fl-alert--warning" role="alertdialog" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t('signatures.trust.removeConfirm', { subject: root.subject })}</p>
          <div className="fl-alert__actions fl-trust__actions">
            <button type="button" className="fl-btn fl-btn--secondary" onClick={() => setStage('idle')}>
              {t('signatures.dialog.cancel')}
            </button>
            <button type="button" className="fl-btn fl-btn--danger" onClick={() => void remove()}>
              {t('signatures.trust.removeYes')}
            </button>
          </div>
        </div>
      ) : (
        <div className="fl-trust__actions">
          <label className="fl-btn fl-btn--secondary fl-trust__upload" aria-disabled={stage === 'busy' || undefined}>
            {root.crl ? t('signatures.trust.replaceCrl') : t('signatures.trust.uploadCrl')}
            <input
              ref={crlInput}
              type="file"
              className="fl-visually-hidden"
              accept=".crl,.pem,.der,application/pkix-crl"
              disabled={stage === 'busy'}
              onChange={(e) => void uploadCrl(e.target.files?.[0])}
            />
          </label>
          <button
            type="button"
            className="fl-btn fl-btn--ghost fl-btn--danger-text"
            disabled={stage === 'busy'}
            onClick={() => setStage('confirm')}
          >
            {t('signatures.trust.remove')}
          </button>
        </div>
      )}
    </article>
  );
}
