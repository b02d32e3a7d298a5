/**
 * Saving the draft while the person works: a save ~800 ms after the last change, one request at a
 * time, each sent with the revision the server gave last (If-Match). A 412 means someone else saved
 * in between: saving stops for good and the page says so; nothing is ever overwritten.
 * Plain TypeScript so its timing is tested without React.
 */
import { isApiError } from '@formloom/runtime';
import type { FormDoc } from '../core/index.ts';

export const AUTOSAVE_DELAY_MS = 800;

export type SaveStatus =
  | { state: 'saved' }
  /** Changes waiting for the pause that triggers a save. */
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'failed'; error: unknown }
  /** The draft changed elsewhere; this page will not save again until it is reloaded. */
  | { state: 'conflict' };

interface StoreLike {
  getState(): { doc: FormDoc };
  subscribe(listener: () => void): () => void;
}

export interface AutosaveOptions {
  store: StoreLike;
  /** The draft's revision on the server when the page loaded it. */
  revision: number;
  /** Saves `doc` over revision `revision`; resolves to the new revision. */
  save: (revision: number, doc: FormDoc) => Promise<number>;
  delay?: number;
}

export const isConflict = (err: unknown) => isApiError(err, 'version_conflict') || (isApiError(err) && err.status === 412);

export class Autosave {
  private status: SaveStatus = { state: 'saved' };
  private readonly listeners = new Set<() => void>();
  private savedDoc: FormDoc;
  private revision: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly delay: number;

  constructor(private readonly options: AutosaveOptions) {
    this.savedDoc = options.store.getState().doc;
    this.revision = options.revision;
    this.delay = options.delay ?? AUTOSAVE_DELAY_MS;
  }

  /** Starts watching the store; returns the stop function (for a React effect). */
  start = (): (() => void) => {
    this.unsubscribe = this.options.store.subscribe(this.onChange);
    this.onChange(); // changes made before the effect ran
    return this.stop;
  };

  stop = (): void => {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.clearTimer();
  };

  getStatus = (): SaveStatus => this.status;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The revision of the last successful save (what the next If-Match sends). */
  get currentRevision(): number {
    return this.revision;
  }

  /** Whether the server holds everything the person has done. */
  get isSaved(): boolean {
    return this.status.state === 'saved' && this.options.store.getState().doc === this.savedDoc;
  }

  /**
   * Saves now, waiting for any save under way, until the server has the current draft. Resolves to
   * whether it does (false after a failure or a conflict), so Publish knows whether to go on.
   */
  flush = async (): Promise<boolean> => {
    this.clearTimer();
    const state = () => this.status.state; // read afresh after each await
    for (let attempts = 0; attempts < 5; attempts++) {
      if (this.inFlight) await this.inFlight;
      if (state() === 'conflict') return false;
      if (this.options.store.getState().doc === this.savedDoc) {
        this.setStatus({ state: 'saved' });
        return true;
      }
      await this.run();
      if (state() === 'failed' || state() === 'conflict') return false;
    }
    return this.isSaved;
  };

  /** After a failure: try again now. */
  retry = (): void => {
    if (this.status.state === 'conflict') return;
    void this.run();
  };

  private onChange = (): void => {
    if (this.status.state === 'conflict') return;
    if (this.options.store.getState().doc === this.savedDoc) {
      // Undone back to what the server has.
      this.clearTimer();
      if (!this.inFlight && this.status.state !== 'failed') this.setStatus({ state: 'saved' });
      return;
    }
    if (!this.inFlight) this.setStatus({ state: 'pending' });
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.delay);
  };

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight; // the change is picked up when it finishes
    const doc = this.options.store.getState().doc;
    if (doc === this.savedDoc) return Promise.resolve();
    this.setStatus({ state: 'saving' });
    const saved = Promise.resolve()
      .then(() => this.options.save(this.revision, doc))
      .then(
        (revision) => {
          this.revision = revision;
          this.savedDoc = doc;
          return true;
        },
        (error: unknown) => {
          this.clearTimer();
          this.setStatus(isConflict(error) ? { state: 'conflict' } : { state: 'failed', error });
          return false;
        },
      );
    const attempt = saved.then(async (ok) => {
      this.inFlight = null;
      if (!ok) return;
      if (this.options.store.getState().doc === this.savedDoc) this.setStatus({ state: 'saved' });
      else if (this.timer === null)
        await this.run(); // changed during the save, and its pause is already over
      else this.setStatus({ state: 'pending' });
    });
    this.inFlight = attempt;
    return attempt;
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private setStatus(status: SaveStatus): void {
    if (this.status.state === status.state && status.state !== 'failed') return;
    this.status = status;
    for (const listener of this.listeners) listener();
  }
}
