import { useCallback, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDismiss } from '../../../components/useDismiss.ts';
import { Link } from '../../../router/Router.tsx';

interface CardMenuProps {
  title: string;
  builderHref: string;
  onDownloadPng: () => void;
}

/** The "⋯" menu of a report card: open the section in the report builder, download it as a picture. */
export function CardMenu({ title, builderHref, onDownloadPng }: CardMenuProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const hide = useCallback(() => setOpen(false), []);
  useDismiss(open, hide, root, button);

  return (
    <div className="fl-report-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="fl-btn fl-btn--ghost fl-report-menu__button"
        aria-label={t('reports.card.menu', { title })}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <ul className="fl-report-menu__list fl-card" id={id}>
          <li>
            <Link className="fl-report-menu__item" to={builderHref}>
              {t('reports.card.openInBuilder')}
            </Link>
          </li>
          <li>
            <button
              type="button"
              className="fl-report-menu__item"
              onClick={() => {
                setOpen(false);
                onDownloadPng();
              }}
            >
              {t('reports.card.downloadPng')}
            </button>
          </li>
        </ul>
      )}
    </div>
  );
}
