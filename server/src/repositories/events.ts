import type { DomainEvent, DomainEventPayload, DomainEventType } from '@formloom/schemas';
import { newId } from '../lib/ids.ts';
import { nowIso, writeJson } from '../db/dialect.ts';
import type { Db } from './types.ts';

export interface NewEvent<T extends DomainEventType> {
  type: T;
  appId?: string | null;
  formId?: string | null;
  actorId?: string | null;
  payload: DomainEventPayload<T>;
}

/**
 * The outbox: call with the same transaction as the change it describes, so an event exists
 * if and only if the change committed.
 */
export async function appendEvent<T extends DomainEventType>(db: Db, event: NewEvent<T>): Promise<DomainEvent> {
  const { row, event: out } = eventRow(event);
  await db('domain_events').insert(row);
  return out;
}

/** The row and the event it stores, for callers that batch the insert with others. */
export function eventRow<T extends DomainEventType>(event: NewEvent<T>) {
  const row = {
    id: newId(),
    type: event.type,
    app_id: event.appId ?? null,
    form_id: event.formId ?? null,
    actor_id: event.actorId ?? null,
    payload: writeJson(event.payload),
    occurred_at: nowIso(),
  };
  const out = {
    id: row.id,
    type: event.type,
    appId: row.app_id,
    formId: row.form_id,
    actorId: row.actor_id,
    occurredAt: row.occurred_at,
    payload: event.payload,
  } as DomainEvent;
  return { row, event: out };
}
