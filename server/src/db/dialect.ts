import type { Dialect } from './connect.ts';

/** Everything that differs between SQLite and PostgreSQL lives here. */

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === '23505' || (e?.code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY KEY/.test(e.message ?? ''));
}

/** JSON columns come back parsed from PostgreSQL and as text from SQLite. */
export function readJson<T = Record<string, unknown>>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function writeJson(value: unknown): string {
  return JSON.stringify(value);
}

export function readInt(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function dialectLabel(d: Dialect): 'sqlite' | 'postgres' {
  return d;
}
