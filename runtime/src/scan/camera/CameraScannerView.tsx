/**
 * The camera scanner overlay. Loaded lazily (with the zxing decoder) the first time someone taps a
 * scan button, so the fill page does not carry the decoder. Opening it is the tap that asks for
 * camera permission; closing or unmounting it stops the camera.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserMultiFormatReader, type IScannerControls } from '@zxing/browser';
import { beep } from '../beep.ts';
import { displayCode, toScanEvent } from '../scanEvent.ts';
import type { ScanEvent, ScanFormat } from '../types.ts';
import { decodeHints, formatName } from './decoderHints.ts';

export interface CameraScannerProps {
  /** Keep scanning after a code is read (item after item) until closed. */
  continuous?: boolean;
  /** Return false to say the code was not taken (a duplicate the guard ignored): no beep. */
  onScan: (event: ScanEvent) => void | boolean;
  onClose: () => void;
  formats?: readonly ScanFormat[];
}

type CameraState = 'starting' | 'scanning' | 'denied' | 'noCamera' | 'busy' | 'unsupported' | 'failed';

/** The back camera where there is one, at a resolution that reads small 1D codes. */
const CONSTRAINTS: MediaStreamConstraints = {
  audio: false,
  video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
};

function problemOf(err: unknown): CameraState {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'noCamera';
  if (name === 'NotReadableError' || name === 'TrackStartError') return 'busy';
  return 'failed';
}

export default function CameraScannerView({ continuous = false, onScan, onClose, formats }: CameraScannerProps) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const [state, setState] = useState<CameraState>('starting');
  const [torch, setTorch] = useState<{ on: boolean; toggle: (on: boolean) => Promise<void> } | null>(null);
  const [last, setLast] = useState<{ code: string; count: number; taken: number } | null>(null);
  const latest = useRef({ onScan, onClose, continuous });
  useEffect(() => {
    latest.current = { onScan, onClose, continuous };
  });
  const formatKey = (formats ?? []).join(',');

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let controls: IScannerControls | null = null;
    const stopAll = () => {
      stopped = true;
      controls?.stop();
      stream?.getTracks().forEach((track) => track.stop());
    };
    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) return setState('unsupported');
      try {
        stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
      } catch (err) {
        if (!stopped) setState(problemOf(err));
        return;
      }
      if (stopped || !videoRef.current) return stopAll();
      const reader = new BrowserMultiFormatReader(decodeHints(formatKey ? (formatKey.split(',') as ScanFormat[]) : undefined), {
        delayBetweenScanAttempts: 80,
        delayBetweenScanSuccess: 250,
      });
      try {
        controls = await reader.decodeFromStream(stream, videoRef.current, (result) => {
          if (!result || stopped) return;
          const event = toScanEvent(result.getText(), 'camera', formatName(result.getBarcodeFormat()));
          const taken = latest.current.onScan(event) !== false;
          if (taken) {
            beep();
            const shown = displayCode(event);
            setLast((prev) => ({ code: shown, count: prev?.code === shown ? prev.count + 1 : 1, taken: (prev?.taken ?? 0) + 1 }));
          }
          if (!latest.current.continuous) {
            stopAll();
            latest.current.onClose();
          }
        });
      } catch (err) {
        if (!stopped) setState(problemOf(err));
        return stopAll();
      }
      if (stopped) return stopAll();
      const switchTorch = controls.switchTorch;
      if (switchTorch) setTorch({ on: false, toggle: switchTorch });
      setState('scanning');
    })();
    return stopAll;
  }, [formatKey]);

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && latest.current.onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const toggleTorch = async () => {
    if (!torch) return;
    try {
      await torch.toggle(!torch.on);
      setTorch({ ...torch, on: !torch.on });
    } catch {
      setTorch(null); // the camera said it has a torch but would not switch it
    }
  };

  const problem = state !== 'starting' && state !== 'scanning';
  return (
    <div className="fl-camera" role="dialog" aria-modal="true" aria-label={t('scan.cameraTitle')} data-taken={last?.taken ?? 0}>
      <div className="fl-camera__viewport">
        <video ref={videoRef} className="fl-camera__video" muted playsInline aria-hidden="true" />
        {state === 'scanning' && <div className="fl-camera__frame" aria-hidden="true" />}
        {!problem && (
          <p className="fl-camera__hint" role="status">
            {state === 'starting' ? t('scan.cameraStarting') : continuous ? t('scan.cameraContinuousHint') : t('scan.cameraHint')}
          </p>
        )}
        {problem && (
          <div className="fl-camera__problem" role="alert">
            <strong>{t(`scan.camera.${state}.title`)}</strong>
            <p>{t(`scan.camera.${state}.help`)}</p>
          </div>
        )}
      </div>
      {last && (
        <p className="fl-camera__last" aria-live="polite" data-testid="camera-last">
          {last.count > 1 ? t('scan.lastScannedTimes', { code: last.code, count: last.count }) : t('scan.lastScanned', { code: last.code })}
        </p>
      )}
      <div className="fl-camera__bar">
        {torch && (
          <button type="button" className="fl-btn fl-btn--secondary fl-camera__btn" aria-pressed={torch.on} onClick={toggleTorch}>
            {torch.on ? t('scan.torchOff') : t('scan.torchOn')}
          </button>
        )}
        <button ref={closeRef} type="button" className="fl-btn fl-btn--primary fl-camera__btn" onClick={() => onClose()}>
          {continuous && state === 'scanning' ? t('scan.done') : t('scan.close')}
        </button>
      </div>
    </div>
  );
}
