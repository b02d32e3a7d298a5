import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import './scan.css';
import type { CameraScannerProps } from './camera/CameraScannerView.tsx';

export type { CameraScannerProps } from './camera/CameraScannerView.tsx';

// The decoder is ~400 KB of JavaScript: it loads the first time a camera is opened, not with the page.
const CameraScannerView = lazy(() => import('./camera/CameraScannerView.tsx'));

function Loading() {
  const { t } = useTranslation();
  return (
    <div className="fl-camera" role="dialog" aria-modal="true" aria-busy="true" aria-label={t('scan.cameraTitle')}>
      <p className="fl-camera__hint" role="status">
        {t('scan.cameraStarting')}
      </p>
    </div>
  );
}

/** A full-screen camera that reads barcodes: `{continuous, onScan, onClose, formats?}`. Mount it on a tap. */
export function CameraScanner(props: CameraScannerProps) {
  return (
    <Suspense fallback={<Loading />}>
      <CameraScannerView {...props} />
    </Suspense>
  );
}
