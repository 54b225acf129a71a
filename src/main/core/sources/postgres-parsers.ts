/**
 * Per-connection type parsers (never the process-wide `pg.types`, which other code may rely on):
 * numbers as numbers, dates and timestamps as the ISO text the rule language compares.
 */
import pg from 'pg';
import type { CustomTypesConfig } from 'pg';

const OID = { int8: 20, numeric: 1700, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;

/** Exact decimals become JS numbers; NaN and ±Infinity stay text so they survive JSON. */
function parseNumber(text: string): number | string {
  const value = Number(text);
  return Number.isFinite(value) ? value : text;
}

/**
 * The session runs with `TimeZone = UTC` and `DateStyle = ISO`, so the server sends
 * `2024-03-09 14:30:00.123+00`; this gives `2024-03-09T14:30:00.123Z` (microseconds kept).
 */
export function parseTimestamptz(text: string): string {
  const match = /^(\d{4,}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)\+00(?::00)?$/.exec(text);
  return match ? `${match[1]}T${match[2]}Z` : text;
}

const identity = (text: string): string => text;

const textParsers: ReadonlyMap<number, (text: string) => unknown> = new Map<number, (text: string) => unknown>([
  [OID.int8, parseNumber],
  [OID.numeric, parseNumber],
  [OID.date, identity],
  [OID.timestamp, identity],
  [OID.timestamptz, parseTimestamptz],
]);

export const sourceTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary') {
      const parser = textParsers.get(oid);
      if (parser) return parser;
    }
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as CustomTypesConfig['getTypeParser'],
};
