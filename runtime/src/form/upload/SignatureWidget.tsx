import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WidgetProps } from '@rjsf/utils';
import type { FileInfo } from '../../api/files.ts';
import type { FormContext } from '../widgets.tsx';
import { SignedBy } from './SignedBy.tsx';
import { uploadErrorMessage } from './uploadErrors.ts';
import { UploadError } from './UploadParts.tsx';
import { useFileInfo } from './useFileInfo.ts';
import './upload.css';

/** A pause this long after a stroke means the person has finished signing (a name has many strokes). */
export const SIGNING_PAUSE_MS = 900;

type Phase = { kind: 'idle' } | { kind: 'drawing' } | { kind: 'saving' } | { kind: 'error'; message: string };

/**
 * A finger or mouse signature. When the person pauses, the drawing is stored as a PNG and the value
 * becomes its file id; the server records who uploaded it and when, shown as "Signed by … · …".
 */
export function SignatureWidget({ id, value, disabled, readonly, onChange, registry }: WidgetProps) {
  const { t } = useTranslation();
  const { uploadFile, fileInfo } = (registry.formContext ?? {}) as FormContext;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const strokes = useRef(0);
  const pause = useRef<ReturnType<typeof setTimeout> | null>(null);
  const root = useRef<HTMLDivElement>(null);
  // Bumped by every new stroke and by clearing, so an upload of an older drawing is not taken as the value.
  const generation = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const [sent, setSent] = useState<FileInfo | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const info = useFileInfo(value, fileInfo, sent);
  const locked = disabled || readonly;
  const hasSignature = typeof value === 'string' && value !== '';
  // A signature stored earlier (an edit, a draft) is shown as its image until the person signs again.
  const [showStored, setShowStored] = useState(hasSignature);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext?.('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    ctx.scale(ratio, ratio);
    ctx.lineWidth = 2.5;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#1b2230';
  }, [showStored]);
  useEffect(() => () => void (pause.current && clearTimeout(pause.current)), []);

  const save = async () => {
    const canvas = canvasRef.current;
    if (!canvas || !uploadFile || strokes.current === 0) return;
    const drawn = generation.current;
    setPhase({ kind: 'saving' });
    try {
      const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!png) throw new Error('the drawing could not be saved');
      const uploaded = await uploadFile(png, 'signature.png', { purpose: 'signature' });
      // Strokes added (or a clear) while this one was on its way: the newer drawing decides.
      if (drawn !== generation.current) return;
      setSent(uploaded);
      onChange(uploaded.id);
      setPhase({ kind: 'idle' });
    } catch (err) {
      setPhase({ kind: 'error', message: uploadErrorMessage(t, err) });
    }
  };

  const saveNow = () => {
    if (pause.current) clearTimeout(pause.current);
    pause.current = null;
    const run: Promise<void> = save().finally(() => {
      if (inFlight.current === run) inFlight.current = null;
    });
    inFlight.current = run;
    return run;
  };
  /** The save a submit must wait for: the drawing not yet sent (the person tapped Submit straight away), or one on its way. */
  const pendingSave = useRef<() => Promise<void> | null>(() => null);
  pendingSave.current = () => (pause.current ? saveNow() : inFlight.current);

  // A submit while the signature is still being saved waits for it, then goes ahead, so a signature is
  // never silently left out because the person was quicker than the pause.
  useEffect(() => {
    const form = root.current?.closest('form');
    if (!form) return;
    const hold = (e: Event) => {
      const pending = pendingSave.current();
      if (!pending) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      // After the new value has reached the form's state.
      void pending.then(() => setTimeout(() => form.requestSubmit(), 0));
    };
    form.addEventListener('submit', hold, true);
    return () => form.removeEventListener('submit', hold, true);
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top] as const;
  };
  const start = (e: PointerEvent<HTMLCanvasElement>) => {
    if (locked) return;
    const ctx = e.currentTarget.getContext('2d');
    if (!ctx) return;
    if (pause.current) clearTimeout(pause.current);
    pause.current = null;
    generation.current++;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.current = true;
    setPhase({ kind: 'drawing' });
    ctx.beginPath();
    ctx.moveTo(...point(e));
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const ctx = e.currentTarget.getContext('2d');
    ctx?.lineTo(...point(e));
    ctx?.stroke();
  };
  const end = () => {
    if (!drawing.current) return;
    drawing.current = false;
    strokes.current++;
    pause.current = setTimeout(() => void saveNow(), SIGNING_PAUSE_MS);
  };
  const clear = () => {
    if (pause.current) clearTimeout(pause.current);
    pause.current = null;
    generation.current++;
    strokes.current = 0;
    const canvas = canvasRef.current;
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    setShowStored(false);
    setPhase({ kind: 'idle' });
    onChange(undefined);
  };

  const status =
    phase.kind === 'saving' ? (
      <span role="status">{t('upload.savingSignature')}</span>
    ) : phase.kind === 'drawing' ? (
      <span>{t('upload.keepSigning')}</span>
    ) : hasSignature && info.status === 'ok' ? (
      <SignedBy info={info.info} />
    ) : hasSignature ? (
      <span>{t(info.status === 'error' ? 'upload.unreadable' : 'upload.loading')}</span>
    ) : (
      <span>{locked ? t('upload.notSigned') : t('form.signAbove')}</span>
    );

  return (
    <div ref={root} className="fl-signature">
      {showStored && hasSignature ? (
        info.status === 'ok' ? (
          <img id={id} className="fl-signature__pad fl-signature__image" src={info.info.url} alt={t('form.signaturePad')} />
        ) : (
          <div id={id} className="fl-signature__pad" />
        )
      ) : (
        <canvas
          id={id}
          ref={canvasRef}
          className="fl-signature__pad"
          role="img"
          tabIndex={-1}
          aria-label={t('form.signaturePad')}
          onPointerDown={start}
          onPointerMove={move}
          onPointerUp={end}
          onPointerCancel={end}
        />
      )}
      <div className="fl-signature__bar">
        {status}
        {!locked && (
          <button
            type="button"
            className="fl-btn fl-btn--ghost"
            onClick={clear}
            disabled={!hasSignature && phase.kind === 'idle' && strokes.current === 0}
          >
            {hasSignature ? t('upload.signAgain') : t('form.clearSignature')}
          </button>
        )}
      </div>
      {phase.kind === 'error' && <UploadError message={phase.message} />}
      {!locked && !uploadFile && <p className="fl-upload__hint">{t('upload.unavailable')}</p>}
    </div>
  );
}
