import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { signaturesApiOf } from '../../signatures/api.ts';
import { formatFingerprint, formatWhen } from '../../signatures/format.ts';
import { problemText } from '../../signatures/problems.ts';
import type { VerifiedSignature, VerifyResult } from '../../signatures/types.ts';
import './VerifyPage.css';

type State =
  { kind: 'idle' } | { kind: 'checking' } | { kind: 'done'; name: string; result: VerifyResult } | { kind: 'failed'; text: string };

/** Problem codes the page words (signatures.problems.<code>); others are shown as their code. */
const WORDED_PROBLEMS = new Set([
  'signature_invalid',
  'digest_mismatch',
  'certificate_untrusted',
  'certificate_expired',
  'certificate_not_yet_valid',
  'certificate_revoked',
  'certificate_key_usage',
  'signing_certificate_mismatch',
  'byte_range_invalid',
  'crl_stale',
]);

/**
 * /verify: anyone signed in checks a signed PDF: who signed, when, with which certificate, whether the
 * certificate leads to a trusted root, and whether the document changed since. Only the PDF goes up.
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  const client = useApi();
  const api = useMemo(() => signaturesApiOf(client), [client]);
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });

  const check = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setState({ kind: 'failed', text: t('signatures.verify.chooseFile') });
    setState({ kind: 'checking' });
    try {
      const result = await api.verify(file);
      setState({ kind: 'done', name: file.name, result });
    } catch (err) {
      setState({ kind: 'failed', text: problemText(t, err) });
    }
  };

  return (
    <main className="fl-main fl-main--narrow fl-verify">
      <div className="fl-page-head">
        <div className="fl-page-head__text">
          <h1>{t('signatures.verify.title')}</h1>
          <p>{t('signatures.verify.intro')}</p>
        </div>
      </div>

      <form className="fl-card fl-panel fl-verify__form" onSubmit={check} noValidate>
        <div className="fl-field">
          <label className="fl-label" htmlFor={`${id}-file`}>
            {t('signatures.verify.file')}
          </label>
          <input
            id={`${id}-file`}
            className="fl-input fl-verify__file"
            type="file"
            accept="application/pdf,.pdf"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setState({ kind: 'idle' });
            }}
          />
        </div>
        <button type="submit" className="fl-btn fl-btn--primary" disabled={state.kind === 'checking'}>
          {state.kind === 'checking' ? t('signatures.verify.checking') : t('signatures.verify.check')}
        </button>
        <p className="fl-verify__offline">{t('signatures.verify.offline')}</p>
      </form>

      {state.kind === 'failed' && (
        <div className="fl-alert fl-alert--error" role="alert">
          {state.text}
        </div>
      )}
      {state.kind === 'done' && <Outcome name={state.name} result={state.result} />}
    </main>
  );
}

function Outcome({ name, result }: { name: string; result: VerifyResult }) {
  const { t } = useTranslation();
  return (
    <section className="fl-verify__outcome" aria-labelledby="fl-verify-verdict">
      <div
        className={`fl-verify__verdict ${result.valid ? 'fl-verify__verdict--ok' : 'fl-verify__verdict--bad'}`}
        role="status"
        data-valid={result.valid}
      >
        <span className="fl-verify__icon" aria-hidden="true">
          {result.valid ? '✓' : '✗'}
        </span>
        <div>
          <h2 id="fl-verify-verdict">{result.valid ? t('signatures.verify.valid') : t('signatures.verify.invalid')}</h2>
          <p>{t('signatures.verify.summary', { name, count: result.signatures.length })}</p>
        </div>
      </div>
      <ol className="fl-verify__list">
        {result.signatures.map((s, i) => (
          <li key={i}>
            <SignatureCheck signature={s} index={i + 1} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function SignatureCheck({ signature: s, index }: { signature: VerifiedSignature; index: number }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const good = s.trusted && !s.revoked && s.intact && s.problems.length === 0;
  const checks: { key: string; ok: boolean; text: string }[] = [
    { key: 'intact', ok: s.intact, text: t(s.intact ? 'signatures.verify.intact' : 'signatures.verify.notIntact') },
    { key: 'trusted', ok: s.trusted, text: t(s.trusted ? 'signatures.verify.trusted' : 'signatures.verify.untrusted') },
    { key: 'revoked', ok: !s.revoked, text: t(s.revoked ? 'signatures.verify.revoked' : 'signatures.verify.notRevoked') },
  ];
  return (
    <article className={`fl-card fl-verify__sig ${good ? 'fl-verify__sig--ok' : 'fl-verify__sig--bad'}`} data-intact={s.intact}>
      <h3>
        {t('signatures.verify.signatureN', { n: index })}
        {': '}
        {s.signer?.commonName ?? t('signatures.verify.unknownSigner')}
      </h3>
      <ul className="fl-verify__checks">
        {checks.map((c) => (
          <li key={c.key} className={c.ok ? 'fl-verify__check--ok' : 'fl-verify__check--bad'}>
            <span aria-hidden="true">{c.ok ? '✓' : '✗'}</span> {c.text}
          </li>
        ))}
        <li className={s.modifiedAfter ? 'fl-verify__check--note' : 'fl-verify__check--ok'}>
          <span aria-hidden="true">{s.modifiedAfter ? 'ℹ' : '✓'}</span>{' '}
          {t(s.modifiedAfter ? 'signatures.verify.modifiedAfter' : 'signatures.verify.notModifiedAfter')}
        </li>
      </ul>
      {s.problems.length > 0 && (
        <ul className="fl-verify__problems">
          {s.problems.map((p) => (
            <li key={p}>{WORDED_PROBLEMS.has(p) ? t(`signatures.problems.${p}`) : p}</li>
          ))}
        </ul>
      )}
      <dl className="fl-verify__facts">
        {s.signedAt && (
          <>
            <dt>{t('signatures.summary.signedAt')}</dt>
            <dd>{formatWhen(s.signedAt, locale)}</dd>
          </>
        )}
        {s.signer && (
          <>
            {s.signer.email && (
              <>
                <dt>{t('signatures.cert.email')}</dt>
                <dd>{s.signer.email}</dd>
              </>
            )}
            {s.signer.organization && (
              <>
                <dt>{t('signatures.cert.organization')}</dt>
                <dd>{s.signer.organization}</dd>
              </>
            )}
            <dt>{t('signatures.cert.issuer')}</dt>
            <dd>{s.signer.issuerCommonName}</dd>
            <dt>{t('signatures.cert.validity')}</dt>
            <dd>
              {t('signatures.cert.validRange', {
                from: formatWhen(s.signer.notBefore, locale),
                until: formatWhen(s.signer.notAfter, locale),
              })}
            </dd>
            <dt>{t('signatures.cert.serial')}</dt>
            <dd className="fl-verify__mono">{s.signer.serialNumber}</dd>
            <dt>{t('signatures.cert.fingerprint')}</dt>
            <dd className="fl-verify__mono" title={formatFingerprint(s.signer.fingerprintSha256, true)}>
              {formatFingerprint(s.signer.fingerprintSha256)}
            </dd>
          </>
        )}
        {s.formVersion !== null && (
          <>
            <dt>{t('signatures.verify.formVersion')}</dt>
            <dd>{s.formVersion}</dd>
          </>
        )}
        {s.contentHash && (
          <>
            <dt>{t('signatures.verify.contentHash')}</dt>
            <dd className="fl-verify__mono">{s.contentHash}</dd>
          </>
        )}
      </dl>
    </article>
  );
}
