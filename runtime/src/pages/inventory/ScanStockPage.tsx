import { useCallback, useId, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { ApiError, isApiError } from '../../api/errors.ts';
import type { StockZone } from '../../api/stock.ts';
import type { LinkableRecord } from '../../api/types.ts';
import { ErrorState, Loading } from '../../components/States.tsx';
import { newIdempotencyKey } from '../../form/idempotency.ts';
import { useLocale } from '../../i18n/LocaleProvider.tsx';
import { hasQueueAhead, saveToOutbox, SUBMIT_TIMEOUT_MS } from '../../offline/keepOnDevice.ts';
import { outboxCounts, useOffline } from '../../offline/OfflineProvider.tsx';
import { withTimeout } from '../../offline/outboxSync.ts';
import { classifyFailure } from '../../offline/retryPolicy.ts';
import { Link } from '../../router/Router.tsx';
import {
  beep,
  CAMERA_SAME_SHOWING_MS,
  CameraScanner,
  createDuplicateGuard,
  DEFAULT_DUPLICATE_WINDOW_MS,
  useWedgeScanner,
} from '../../scan/index.ts';
import { formTitle } from '../formTitle.ts';
import { CreateItemPanel } from './CreateItemPanel.tsx';
import { formatQuantity, MOVEMENT_KINDS, zoneName, type LedgerSetting, type MovementKind } from './ledger.ts';
import { QuantityStepper } from './QuantityStepper.tsx';
import { useItemCatalogue } from './useItemCatalogue.ts';
import { useStockApi, useStockSetup, type StockSetup } from './useStockSetup.ts';
import { NoLedger, StockNav } from './StockNav.tsx';
import { MovementKinds, ScanNotice, type KeptState, type Notice } from './ScanNotice.tsx';
import './inventory.css';

export default function ScanStockPage({ formId }: { formId: string }) {
  const state = useStockSetup(formId);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <main className="fl-main fl-main--narrow">
        <ErrorState error={state.error} onRetry={state.reload} />
      </main>
    );
  }
  if (!state.data.ledger) return <NoLedger form={state.data.form} />;
  return <ScanStock setup={state.data} ledger={state.data.ledger} />;
}

interface Saved {
  id: string;
  kind: MovementKind;
  item: string;
  quantity: string;
  zone: string;
  /** Kept in the outbox under this entry id, rather than saved on the server at once. */
  entryId?: string;
}

/**
 * A focused select jumps to the option starting with each key typed, so a scanner's digits would
 * change the zone: once a zone is picked, focus leaves the select.
 */
const pickZone = (e: ChangeEvent<HTMLSelectElement>, set: (id: string) => void) => {
  set(e.target.value);
  e.target.blur();
};

/** Saved: a short high beep. Kept on the phone: a lower, softer one, so the ear tells them apart. Refused: low and long. */
const KEPT_SOUND = { frequency: 880, durationMs: 140, vibrateMs: 30 };

/** The longest pause between a wedge scanner's keys on this page. */
const SCAN_KEY_GAP_MS = 50;

const QUANTITY = /^\d{1,10}(\.\d{1,3})?$/;

/** The item record's name for messages: its name field, else its label. */
const itemName = (ledger: LedgerSetting, item: LinkableRecord) => {
  const name = item.data[ledger.itemFields.name];
  return typeof name === 'string' && name ? name : (item.label ?? item.id);
};

function ScanStock({ setup, ledger }: { setup: StockSetup; ledger: LedgerSetting }) {
  const { t } = useTranslation();
  const api = useApi();
  const stock = useStockApi();
  const { locale } = useLocale();
  const { form, zones } = setup;
  const { online, outbox, entries } = useOffline();
  const waiting = outboxCounts(entries).waiting;
  const keptState = (entryId: string): KeptState => {
    const status = entries.find((e) => e.id === entryId)?.status;
    return status === 'refused' ? 'refused' : status ? 'waiting' : 'sent';
  };
  const queueAhead = hasQueueAhead(entries);
  const findItem = useItemCatalogue(form.id, ledger);
  const kinds = MOVEMENT_KINDS.filter((k) => k !== 'transfer' || ledger.toZone);
  const [kind, setKind] = useState<MovementKind>('receive');
  const [zone, setZone] = useState(zones[0]?.id ?? '');
  const [toZone, setToZone] = useState(zones[1]?.id ?? '');
  const [quantity, setQuantity] = useState('1');
  const [reference, setReference] = useState('');
  const [saveOnScan, setSaveOnScan] = useState(true);
  const [item, setItem] = useState<LinkableRecord | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [creating, setCreating] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);
  const [manual, setManual] = useState('');
  const [saved, setSaved] = useState<Saved[]>([]);
  const [busy, setBusy] = useState(false);
  // Scans that arrive while one is being saved wait their turn, in order.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const ids = useId();
  // The camera sees a label in frame after frame: one showing is one scan; showing it again (the next
  // box of the same item) is another.
  const cameraGuard = useRef(createDuplicateGuard(DEFAULT_DUPLICATE_WINDOW_MS, 'count', { sameShowingMs: CAMERA_SAME_SHOWING_MS }));

  const zoneLabel = useCallback(
    (id: string) => {
      const z = zones.find((candidate) => candidate.id === id);
      return z ? zoneName(z, locale) : id;
    },
    [zones, locale],
  );

  /** What keeps the current choices from being a movement, in words; null when they are one. */
  const problem = (): string | null => {
    if (!zone) return t('stock.scan.chooseZone');
    if (kind === 'transfer' && (!toZone || toZone === zone)) return t('stock.scan.chooseToZone');
    if (!QUANTITY.test(quantity) || (Number(quantity) === 0 && kind !== 'count')) return t('stock.scan.badQuantity');
    return null;
  };

  const describeError = (err: unknown, name: string): string => {
    if (isApiError(err, 'insufficient_stock')) {
      const d = (err.details ?? {}) as { onHand?: number; requested?: number; zone?: string };
      return t('stock.scan.insufficient', {
        item: name,
        zone: zoneLabel(d.zone ?? zone),
        onHand: formatQuantity(d.onHand ?? 0, locale),
        requested: formatQuantity(d.requested ?? Number(quantity), locale),
      });
    }
    if (isApiError(err, 'validation_failed')) {
      return t('stock.scan.refused', { reasons: err.validationDetails.map((d) => `${d.path}: ${d.message}`).join('; ') });
    }
    if (!(err instanceof ApiError)) return t('stock.scan.offline');
    if (err instanceof ApiError && err.status === 403) return t('fill.forbidden');
    return t('stock.scan.failed');
  };

  /** Records the movement for `target`; one Idempotency-Key per movement, kept for its retries. */
  const save = useCallback(
    async (target: LinkableRecord, key = newIdempotencyKey()): Promise<void> => {
      const blocked = problem();
      if (blocked) {
        setNotice({ tone: 'error', text: blocked });
        return;
      }
      const data: Record<string, unknown> = {
        [ledger.movementType]: ledger.types[kind],
        [ledger.item]: target.id,
        [ledger.zone]: zone,
        [ledger.quantity]: Number(quantity),
      };
      if (kind === 'transfer' && ledger.toZone) data[ledger.toZone] = toZone;
      if (ledger.reference && reference.trim()) data[ledger.reference] = reference.trim();
      const name = itemName(ledger, target);
      const words = {
        quantity: formatQuantity(Number(quantity), locale),
        item: name,
        zone: zoneLabel(zone),
        toZone: zoneLabel(toZone),
      };
      // No connection, or no answer: the outbox sends exactly this later, under the same key, so it is stored once.
      const keepOnDevice = async (): Promise<boolean> => {
        const entry =
          outbox &&
          form.published &&
          (await saveToOutbox(outbox, undefined, {
            formId: form.id,
            formVersion: form.published.version,
            formName: formTitle(form, locale),
            summary: t(`stock.kept.${kind}`, words),
            data,
            idempotencyKey: key,
          }));
        if (!entry) return false;
        beep(KEPT_SOUND);
        setSaved((list) => [{ id: entry.id, kind, item: name, quantity, zone: zoneLabel(zone), entryId: entry.id }, ...list].slice(0, 5));
        setItem(null);
        setNotice({ tone: 'kept', text: t(`stock.kept.${kind}`, words), entryId: entry.id });
        return true;
      };
      setBusy(true);
      try {
        // Older movements still waiting go first: a new one must not overtake them (an issue after its receive).
        if ((!online || queueAhead) && (await keepOnDevice())) return;
        const submission = await withTimeout(api.createSubmission(form.id, data, key), SUBMIT_TIMEOUT_MS);
        beep();
        const entry: Saved = { id: submission.id, kind, item: name, quantity, zone: zoneLabel(zone) };
        setSaved((list) => [entry, ...list].slice(0, 5));
        setItem(null);
        const text = t(`stock.saved.${kind}`, words);
        setNotice({ tone: 'ok', text });
        // The new on-hand is shown when it comes; the next scan need not wait for it.
        stock.levels(form.id, { item: target.id, zone }).then(
          ([level]) =>
            level &&
            setNotice((current) =>
              current?.tone === 'ok' && current.text === text
                ? { tone: 'ok', text: `${text} ${t('stock.saved.onHand', { onHand: formatQuantity(level.onHand, locale) })}` }
                : current,
            ),
          () => undefined,
        );
      } catch (err) {
        if (classifyFailure(err).kind === 'retry' && (await keepOnDevice())) return;
        beep({ frequency: 220, durationMs: 260, vibrateMs: 200 });
        // Without an answer the movement may or may not be stored: a retry with the same key cannot double it.
        const retry = classifyFailure(err).kind === 'retry' ? () => void save(target, key) : undefined;
        setItem(target);
        setNotice({ tone: 'error', text: describeError(err, name), retry });
      } finally {
        setBusy(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reads the current choices on purpose
    [api, form, kind, zone, toZone, quantity, reference, ledger, locale, zoneLabel, t, stock, online, outbox, queueAhead],
  );

  const lookUp = useCallback(
    async (code: string) => {
      setNotice({ tone: 'busy', text: t('stock.scan.looking', { code }) });
      try {
        const { item: found, fromDevice } = await findItem(code);
        if (!found) {
          beep({ frequency: 440, durationMs: 160 });
          setItem(null);
          setNotice({ tone: 'unknown', code, offline: fromDevice });
          return;
        }
        // A count sets the zone to what was counted, so each scan of a unit cannot be saved as it comes.
        if (saveOnScan && kind !== 'count') await save(found);
        else {
          beep();
          setItem(found);
          setNotice(null);
        }
      } catch (err) {
        setNotice({ tone: 'error', text: describeError(err, code) });
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ledger, saveOnScan, kind, save, findItem, t],
  );

  const onCode = useCallback(
    (raw: string) => {
      const code = raw.trim();
      if (!code) return;
      queue.current = queue.current.then(() => lookUp(code));
    },
    [lookUp],
  );

  // Bluetooth scanners and busy phones deliver keys less evenly than a wired scanner; on a page made for
  // scanning a little more slack costs nothing (a person still types far slower than 50 ms a key).
  useWedgeScanner({ onScan: (event) => onCode(event.code), enabled: creating === null && !camera, maxGapMs: SCAN_KEY_GAP_MS });

  const submitManual = (e: FormEvent) => {
    e.preventDefault();
    onCode(manual);
    setManual('');
  };

  if (creating !== null) {
    return (
      <main className="fl-main fl-main--narrow fl-stock">
        <CreateItemPanel
          ledger={ledger}
          code={creating}
          onCancel={() => setCreating(null)}
          onCreated={(created) => {
            setCreating(null);
            setItem(created);
            setNotice({ tone: 'ok', text: t('stock.create.created', { item: itemName(ledger, created) }) });
          }}
        />
      </main>
    );
  }

  const zoneOptions = (exclude?: string) =>
    zones
      .filter((z) => z.id !== exclude)
      .map((z: StockZone) => (
        <option key={z.id} value={z.id}>
          {z.code ? `${z.code} · ${zoneName(z, locale)}` : zoneName(z, locale)}
        </option>
      ));

  return (
    <main className="fl-main fl-main--narrow fl-stock">
      <StockNav form={form} current="scan" />
      <h1 className="fl-stock__title">{t('stock.scan.title', { name: formTitle(form, locale) })}</h1>

      <MovementKinds kinds={kinds} value={kind} onChange={setKind} />

      <div className="fl-card fl-panel fl-stock__setup">
        {zones.length === 0 ? (
          <p className="fl-alert fl-alert--warning">{t('stock.scan.noZones')}</p>
        ) : (
          <div className="fl-stock__field">
            <label className="fl-stock__label" htmlFor={`${ids}-zone`}>
              {kind === 'transfer' ? t('stock.scan.fromZone') : t('stock.scan.zone')}
            </label>
            <select id={`${ids}-zone`} className="fl-stock__select" value={zone} onChange={(e) => pickZone(e, setZone)}>
              {zoneOptions()}
            </select>
          </div>
        )}
        {kind === 'transfer' && (
          <div className="fl-stock__field">
            <label className="fl-stock__label" htmlFor={`${ids}-to-zone`}>
              {t('stock.scan.toZone')}
            </label>
            <select id={`${ids}-to-zone`} className="fl-stock__select" value={toZone} onChange={(e) => pickZone(e, setToZone)}>
              <option value="">{t('stock.scan.pickZone')}</option>
              {zoneOptions(zone)}
            </select>
          </div>
        )}
        <QuantityStepper value={quantity} onChange={setQuantity} min={kind === 'count' ? 0 : 1} />
        {kind === 'count' && <p className="fl-stock__hint">{t('stock.scan.countHint')}</p>}
        {ledger.reference && (
          <div className="fl-stock__field">
            <label className="fl-stock__label" htmlFor={`${ids}-reference`}>
              {t('stock.scan.reference')}
            </label>
            <input
              id={`${ids}-reference`}
              className="fl-stock__text"
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              maxLength={200}
            />
          </div>
        )}
        <label className="fl-stock__toggle">
          <input type="checkbox" checked={saveOnScan} onChange={(e) => setSaveOnScan(e.target.checked)} />
          <span>{t('stock.scan.saveOnScan')}</span>
        </label>
      </div>

      <section className="fl-card fl-panel fl-stock__scan" aria-label={t('stock.scan.scanArea')}>
        <p className="fl-stock__ready" aria-hidden="true">
          {busy ? t('stock.scan.saving') : t('stock.scan.ready')}
        </p>
        <ScanNotice
          notice={notice}
          kept={notice?.tone === 'kept' ? keptState(notice.entryId) : undefined}
          waiting={waiting}
          onCreate={setCreating}
          onDismiss={() => setNotice(null)}
        />

        {item && (
          <div className="fl-stock__item" aria-label={t('stock.scan.selected')}>
            <div className="fl-stock__item-name">{itemName(ledger, item)}</div>
            <div className="fl-stock__item-meta">
              {[item.data[ledger.itemFields.sku], item.data[ledger.itemFields.barcode]].filter(Boolean).join(' · ')}
            </div>
            <Link to={`/stock/${encodeURIComponent(form.id)}/card/${encodeURIComponent(item.id)}`}>{t('stock.scan.openCard')}</Link>
            <button
              type="button"
              className="fl-btn fl-btn--primary fl-btn--block fl-stock__big"
              disabled={busy}
              onClick={() => void save(item)}
            >
              {t(`stock.scan.save.${kind}`, { quantity: quantity || '0' })}
            </button>
          </div>
        )}

        <div className="fl-stock__actions">
          <button type="button" className="fl-btn fl-btn--secondary fl-stock__big" onClick={() => setCamera(true)}>
            {t('stock.scan.camera')}
          </button>
        </div>
        <form className="fl-stock__manual" onSubmit={submitManual}>
          <div className="fl-stock__field">
            <label className="fl-stock__label" htmlFor={`${ids}-code`}>
              {t('stock.scan.manual')}
            </label>
            <input
              id={`${ids}-code`}
              className="fl-stock__text"
              value={manual}
              onChange={(e) => setManual(e.target.value)}
              autoComplete="off"
              autoCapitalize="characters"
              enterKeyHint="search"
            />
          </div>
          <button type="submit" className="fl-btn fl-btn--secondary" disabled={!manual.trim()}>
            {t('stock.scan.find')}
          </button>
        </form>
      </section>

      {saved.length > 0 && (
        <section className="fl-card fl-panel" aria-labelledby="fl-recent">
          <h2 id="fl-recent" className="fl-stock__subtitle">
            {t('stock.scan.recent')}
          </h2>
          <ul className="fl-stock__recent">
            {saved.map((s) => (
              <li key={s.id}>
                <span className={`fl-stock__tag fl-stock__tag--${s.kind}`}>{t(`stock.kind.${s.kind}`)}</span> {s.item} ×{' '}
                {formatQuantity(Number(s.quantity), locale)} · {s.zone}
                {s.entryId && keptState(s.entryId) !== 'sent' && (
                  <span className="fl-stock__on-device"> · {t(`stock.scan.recentKept.${keptState(s.entryId)}`)}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {camera && (
        <CameraScanner
          continuous
          onScan={(event) => {
            if (cameraGuard.current.check(event.code) === 'ignore') return false;
            onCode(event.code);
          }}
          onClose={() => setCamera(false)}
        />
      )}
    </main>
  );
}
