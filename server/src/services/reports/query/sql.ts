/**
 * The SQL pieces a report needs beyond the data views' (submissionQuerySql): date buckets in a time
 * zone, exact money, one row per chosen value of a multi-select. SQLite and PostgreSQL side by side;
 * every piece is `[sql, bindings]`, with user values only ever in the bindings.
 */
import type { DateBucket } from '@formloom/schemas';
import type { Knex } from 'knex';
import type { SqlPiece } from '../../submissionQuerySql.ts';

export type { SqlPiece };

/** Wraps a piece: `wrap('ROUND(#)', piece)` puts the piece's SQL where # is and keeps its bindings. */
export const wrap = (template: string, [sql, bindings]: SqlPiece, after: Knex.Value[] = []): SqlPiece => [
  template.replace('#', sql),
  [...bindings, ...after],
];

export interface BucketZone {
  name: string;
  /** The zone's UTC offset now (SQLite's approximation). */
  offsetMinutes: number;
  /** The value is always a valid ISO instant (submission times), so it needs no check before the cast. */
  trusted?: boolean;
}

export interface ReportDialect {
  /**
   * The first day (`YYYY-MM-DD`) of the bucket holding a value: a date-time (ISO text) on the wall
   * clock of `zone`, or a date (`YYYY-MM-DD` text) as it is.
   */
  bucket(value: SqlPiece, kind: 'date' | 'datetime', bucket: DateBucket, zone: BucketZone): SqlPiece;
  /** A number value in whole cents, exactly (money). */
  cents(value: SqlPiece): SqlPiece;
  /** A join giving each chosen value of a multi-select its own row, as `<alias>.value` text. */
  listJoin(alias: string, key: string): SqlPiece;
  listValue(alias: string): string;
}

// Only these words reach the SQL text for a bucket (date_trunc's unit, strftime's pattern).
const PG_UNIT: Record<DateBucket, string> = { day: 'day', week: 'week', month: 'month', year: 'year' };
const SQLITE_BUCKET: Record<DateBucket, (moment: string) => string> = {
  day: (m) => `date(${m})`,
  // 'weekday 0' moves forward to the Sunday ending the ISO week (or stays on it); six days back is its Monday.
  week: (m) => `date(${m}, 'weekday 0', '-6 days')`,
  month: (m) => `strftime('%Y-%m-01', ${m})`,
  year: (m) => `strftime('%Y-01-01', ${m})`,
};

const postgres: ReportDialect = {
  bucket([sql, bindings], kind, bucket, zone) {
    const unit = PG_UNIT[bucket];
    if (kind === 'date') {
      return [
        `(CASE WHEN ${sql} ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN to_char(date_trunc('${unit}', (${sql})::timestamp), 'YYYY-MM-DD') END)`,
        [...bindings, ...bindings],
      ];
    }
    const local = `to_char(date_trunc('${unit}', (${sql})::timestamptz AT TIME ZONE ?), 'YYYY-MM-DD')`;
    if (zone.trusted) return [local, [...bindings, zone.name]];
    // A text that is not a date-time reads as no value rather than failing the whole report on a cast.
    return [`(CASE WHEN ${sql} ~ '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}' THEN ${local} END)`, [...bindings, ...bindings, zone.name]];
  },
  cents: ([sql, bindings]) => [`ROUND((${sql}) * 100)`, bindings],
  listJoin: (alias, key) => [
    `LEFT JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.data -> ?) = 'array' THEN s.data -> ? END) AS ${alias}(value) ON true`,
    [key, key],
  ],
  listValue: (alias) => `${alias}.value`,
};

/** A SQLite date modifier moving UTC to the zone's wall clock: '+480 minutes'. */
const zoneShift = (minutes: number) => `${minutes >= 0 ? '+' : '-'}${Math.abs(minutes)} minutes`;

const sqlite: ReportDialect = {
  bucket([sql, bindings], kind, bucket, zone) {
    if (kind === 'date') return [SQLITE_BUCKET[bucket](sql), bindings];
    // SQLite knows no time zones (and node-sqlite3 takes no user functions), so the wall clock is the
    // UTC time shifted by the zone's offset now. Exact for zones without daylight saving (Asia/Hong_Kong);
    // in a zone with daylight saving, times from the other part of the year are shifted by the offset of
    // this part, so those within an hour of midnight can land on the neighbouring day (PostgreSQL is exact).
    return [SQLITE_BUCKET[bucket](`${sql}, ?`), [...bindings, zoneShift(zone.offsetMinutes)]];
  },
  cents: ([sql, bindings]) => [`CAST(ROUND((${sql}) * 100) AS INTEGER)`, bindings],
  listJoin: (alias, key) => [
    // A scalar where a list was expected counts as one chosen value; objects and arrays inside count as none.
    `LEFT JOIN json_each(s.data, ?) AS ${alias} ON ${alias}.type IN ('text', 'integer', 'real', 'true', 'false')`,
    [`$."${key}"`],
  ],
  listValue: (alias) => `(CASE ${alias}.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(${alias}.value AS TEXT) END)`,
};

export function reportDialect(db: Knex): ReportDialect {
  return db.client.config.client === 'pg' ? postgres : sqlite;
}
