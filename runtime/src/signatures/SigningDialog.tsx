import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors.ts';
import { useLocale } from '../i18n/LocaleProvider.tsx';
import type { SignaturesApi } from './api.ts';
import type { OpenedCertificate } from './crypto.ts';
import type { SigningCrypto } from './loadCrypto.ts';
import { readFileBytes } from './base64.ts';
import { problemText } from './problems.ts';
import { formatWhen } from './format.ts';
import type { PreparedSignature, PrepareSignatureBody, Signature } from './types.ts';
import './signing.css';

export interface SigningDialogProps {
  /** What to sign: a form's answers for one field, or an approval task. */
  request: PrepareSignatureBody;
  api: SignaturesApi;
  loadCrypto: () => Promise<SigningCrypto>;
  title: string;
  onSigned(signature: Signature): void;
  onClose(): void;
}

/**
 * A prepared document with the server's clock as this device sees it: a phone's clock may be minutes
 * off, but the signing time and the request's expiry are the server's (offset = server time when it
 * answered − this device's time when the answer came).
 */
interface PreparedHere {
  value: PreparedSignature;
  clockOffsetMs: number;
}
const serverNow = (p: PreparedHere) => Date.now() + p.clockOffsetMs;

type Prepared = { status: 'loading' } | ({ status: 'ok' } & PreparedHere) | { status: 'error'; text: string };
type Step = 'choose' | 'opening' | 'ready' | 'signing' | 'sending' | 'done';

/** The certificate file types people have: PKCS#12 as .p12 or .pfx (a Hongkong Post e-Cert is one). */
const ACCEPT = '.p12,.pfx,application/x-pkcs12';

/**
 * Signs in the page: the server renders the document and hands over its digest (prepare), the person
 * opens their PKCS#12 certificate with its password, sees whose it is and the document, and signs; only
 * the CMS signature goes back (complete), which the server checks against the trusted roots. The file and
 * the password stay in this page. Any refusal is shown in words and the document is prepared afresh, so
 * the person can try another certificate.
 */
export function SigningDialog({ request, api, loadCrypto, title, onSigned, onClose }: SigningDialogProps) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [prepared, setPrepared] = useState<Prepared>({ status: 'loading' });
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [certificate, setCertificate] = useState<OpenedCertificate | null>(null);
  const [step, setStep] = useState<Step>('choose');
  const [problem, setProblem] = useState<string | null>(null);
  const [signed, setSigned] = useState<Signature | null>(null);
  const busy = step === 'opening' || step === 'signing' || step === 'sending';
  const requestKey = JSON.stringify(request);

  const prepare = useCallback(async (): Promise<PreparedHere | null> => {
    setPrepared({ status: 'loading' });
    try {
      const value = await api.prepare(JSON.parse(requestKey) as PrepareSignatureBody);
      const here = { value, clockOffsetMs: Date.parse(value.preparedAt) - Date.now() };
      setPrepared({ status: 'ok', ...here });
      return here;
    } catch (err) {
      setPrepared({ status: 'error', text: problemText(t, err) });
      return null;
    }
  }, [api, requestKey, t]);

  useEffect(() => {
    void prepare();
  }, [prepare]);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (typeof dialog.showModal === 'function' && !dialog.open) dialog.showModal();
    else dialog.setAttribute('open', '');
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
    };
  }, []);

  const openCertificate = async (e: FormEvent) => {
    e.preventDefault();
    // React passes events up the component tree, through the portal: the form being filled must not see this submit.
    e.stopPropagation();
    if (!file) return setProblem(t('signatures.dialog.chooseFile'));
    setProblem(null);
    setStep('opening');
    let crypto: SigningCrypto | null = null;
    try {
      crypto = await loadCrypto();
      const opened = await crypto.openCertificate(await readFileBytes(file), password);
      setCertificate(opened);
      setPassword(''); // not kept longer than it takes to open the file
      setStep('ready');
    } catch (err) {
      setProblem(problemText(t, err, crypto ? (crypto.signingErrorCode(err) ?? 'unreadable_file') : null));
      setStep('choose');
    }
  };

  const sign = async () => {
    if (!certificate || prepared.status !== 'ok') return;
    setProblem(null);
    let current: PreparedHere = prepared;
    // A document prepared more than 15 minutes ago is refused (410): prepare it again first.
    if (Date.parse(current.value.expiresAt) - serverNow(current) < 30_000) {
      const again = await prepare();
      if (!again) return;
      current = again;
    }
    setStep('signing');
    try {
      const crypto = await loadCrypto();
      const cms = await crypto.signPreparedDigest(certificate, current.value.digest, new Date(serverNow(current)));
      setStep('sending');
      const signature = await api.complete(current.value.signingId, cms);
      setSigned(signature);
      setStep('done');
      onSigned(signature);
    } catch (err) {
      setProblem(problemText(t, err));
      setStep('ready');
      // The server refused this attempt (or it expired): a fresh document for the next one.
      if (err instanceof ApiError && (err.status === 422 || err.status === 410)) void prepare();
    }
  };

  const anotherCertificate = () => {
    setCertificate(null);
    setFile(null);
    setProblem(null);
    setStep('choose');
  };

  const close = () => {
    if (!busy) onClose();
  };

  const now = Date.now();
  const expired = certificate && certificate.notAfter.getTime() < now;
  const notYet = certificate && certificate.notBefore.getTime() > now;
  const stepState = (index: number) => {
    const reached =
      step === 'done' ? 4 : step === 'sending' ? 3 : step === 'signing' ? 2 : certificate ? 2 : prepared.status === 'ok' ? 1 : 0;
    return index < reached ? 'done' : index === reached ? 'current' : 'todo';
  };
  const steps = [
    t('signatures.dialog.steps.prepare'),
    t('signatures.dialog.steps.open'),
    t('signatures.dialog.steps.sign'),
    t('signatures.dialog.steps.check'),
  ];

  return createPortal(
    <dialog
      ref={dialogRef}
      className="fl-signing"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      aria-busy={busy || undefined}
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <div className="fl-signing__body">
        <h2 id={`${id}-title`} className="fl-signing__title">
          {title}
        </h2>
        <p id={`${id}-intro`} className="fl-signing__intro">
          {t('signatures.dialog.intro')}
        </p>

        <ol className="fl-signing__steps" aria-label={t('signatures.dialog.progress')}>
          {steps.map((label, i) => (
            <li
              key={label}
              className={`fl-signing__step fl-signing__step--${stepState(i)}`}
              aria-current={stepState(i) === 'current' ? 'step' : undefined}
            >
              <span className="fl-signing__step-mark" aria-hidden="true">
                {stepState(i) === 'done' ? '✓' : i + 1}
              </span>
              <span>{label}</span>
            </li>
          ))}
        </ol>

        <div className="fl-signing__document">
          {prepared.status === 'loading' && (
            <p role="status">
              <span className="fl-spinner" aria-hidden="true" /> {t('signatures.dialog.preparing')}
            </p>
          )}
          {prepared.status === 'error' && (
            <div className="fl-alert fl-alert--error" role="alert">
              <p>{prepared.text}</p>
              <div className="fl-alert__actions">
                <button type="button" className="fl-btn fl-btn--secondary" onClick={() => void prepare()}>
                  {t('signatures.dialog.prepareAgain')}
                </button>
              </div>
            </div>
          )}
          {prepared.status === 'ok' && (
            <p>
              <a href={prepared.value.pdfUrl} target="_blank" rel="noreferrer" className="fl-signing__preview">
                {t('signatures.dialog.preview')}
              </a>
              <span className="fl-signing__hash">
                {t('signatures.dialog.contentHash', { hash: `${prepared.value.contentHash.slice(0, 16)}…` })}
              </span>
            </p>
          )}
        </div>

        {!certificate && step !== 'done' && (
          <form className="fl-signing__open" onSubmit={openCertificate} noValidate>
            <div className="fl-field">
              <label className="fl-label" htmlFor={`${id}-file`}>
                {t('signatures.dialog.file')}
              </label>
              <input
                id={`${id}-file`}
                className="fl-input fl-signing__file"
                type="file"
                accept={ACCEPT}
                disabled={busy}
                onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                aria-describedby={`${id}-file-help`}
              />
              <span id={`${id}-file-help`} className="fl-signing__help">
                {t('signatures.dialog.fileHelp')}
              </span>
            </div>
            <div className="fl-field">
              <label className="fl-label" htmlFor={`${id}-password`}>
                {t('signatures.dialog.password')}
              </label>
              <input
                id={`${id}-password`}
                className="fl-input"
                type="password"
                autoComplete="off"
                value={password}
                disabled={busy}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <button type="submit" className="fl-btn fl-btn--primary" disabled={busy}>
              {step === 'opening' ? t('signatures.dialog.opening') : t('signatures.dialog.open')}
            </button>
          </form>
        )}

        {certificate && (
          <section className="fl-signing__certificate" aria-labelledby={`${id}-cert`}>
            <h3 id={`${id}-cert`}>{t('signatures.dialog.certificate')}</h3>
            <dl>
              <dt>{t('signatures.cert.name')}</dt>
              <dd>{certificate.commonName}</dd>
              {certificate.email && (
                <>
                  <dt>{t('signatures.cert.email')}</dt>
                  <dd>{certificate.email}</dd>
                </>
              )}
              {certificate.organization && (
                <>
                  <dt>{t('signatures.cert.organization')}</dt>
                  <dd>{certificate.organization}</dd>
                </>
              )}
              <dt>{t('signatures.cert.issuer')}</dt>
              <dd>{certificate.issuerCommonName}</dd>
              <dt>{t('signatures.cert.validUntil')}</dt>
              <dd className={expired ? 'fl-signing__bad' : undefined}>{formatWhen(certificate.notAfter, locale)}</dd>
            </dl>
            {(expired || notYet) && (
              <p className="fl-alert fl-alert--warning">
                {expired
                  ? t('signatures.dialog.expiredWarning', { date: formatWhen(certificate.notAfter, locale) })
                  : t('signatures.dialog.notYetWarning', { date: formatWhen(certificate.notBefore, locale) })}
              </p>
            )}
          </section>
        )}

        {(step === 'signing' || step === 'sending') && (
          <p role="status" className="fl-signing__progress">
            <span className="fl-spinner" aria-hidden="true" />{' '}
            {t(step === 'signing' ? 'signatures.dialog.signingNow' : 'signatures.dialog.checking')}
          </p>
        )}

        {problem && (
          <div className="fl-alert fl-alert--error fl-signing__problem" role="alert">
            {problem}
          </div>
        )}

        {step === 'done' && signed && (
          <p className="fl-alert fl-signing__done" role="status">
            {t('signatures.dialog.done', { name: signed.signer.commonName, at: formatWhen(signed.signedAt, locale) })}
          </p>
        )}

        <div className="fl-signing__actions">
          {certificate && step !== 'done' && (
            <>
              <button
                type="button"
                className="fl-btn fl-btn--primary"
                onClick={() => void sign()}
                disabled={busy || prepared.status !== 'ok'}
              >
                {busy ? t('signatures.dialog.signing') : t('signatures.dialog.sign')}
              </button>
              <button type="button" className="fl-btn fl-btn--ghost" onClick={anotherCertificate} disabled={busy}>
                {t('signatures.dialog.another')}
              </button>
            </>
          )}
          <button type="button" className="fl-btn fl-btn--secondary" onClick={close} disabled={busy}>
            {step === 'done' ? t('signatures.dialog.close') : t('signatures.dialog.cancel')}
          </button>
        </div>
      </div>
    </dialog>,
    document.body,
  );
}
