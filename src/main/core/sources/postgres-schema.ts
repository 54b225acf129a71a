/**
 * Schema discovery from pg_catalog. Only relations reachable through the session's search_path
 * (normally `public`) are listed, under their bare names, so compilers quote them as one
 * identifier; tables in other schemas are left out until the rule model can name a schema.
 */
import type pg from 'pg';
import type { ColumnInfo, SourceSchema, TableInfo } from '../../../shared/schema.js';
import { mapPostgresType } from './postgres-types.js';

const visibleRelations = `
  c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_%'
  AND pg_catalog.pg_table_is_visible(c.oid)`;

const columnsSql = `
  SELECT c.oid::int8 AS relid, c.relname, c.relkind, c.reltuples::float8 AS reltuples,
         a.attname, a.attnotnull,
         pg_catalog.format_type(a.atttypid, a.atttypmod) AS native_type,
         COALESCE(base.typname, t.typname) AS typname
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_type base ON t.typtype = 'd' AND base.oid = t.typbasetype
  WHERE ${visibleRelations}
  ORDER BY c.relname, a.attnum`;

const primaryKeysSql = `
  SELECT i.indrelid::int8 AS relid, a.attname
  FROM pg_catalog.pg_index i
  JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position)
  JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
  WHERE i.indisprimary AND ${visibleRelations}
  ORDER BY i.indrelid, k.position`;

interface ColumnRow {
  relid: number;
  relname: string;
  relkind: string;
  reltuples: number;
  attname: string;
  attnotnull: boolean;
  native_type: string;
  typname: string;
}

export async function discoverPostgresSchema(session: pg.Client): Promise<SourceSchema> {
  const columns = (await session.query<ColumnRow>(columnsSql)).rows;
  const keys = (await session.query<{ relid: number; attname: string }>(primaryKeysSql)).rows;

  const tables = new Map<number, TableInfo>();
  for (const row of columns) {
    let table = tables.get(row.relid);
    if (!table) {
      const hasStorage = row.relkind === 'r' || row.relkind === 'm' || row.relkind === 'p';
      // reltuples is -1 until the table is first vacuumed or analysed.
      const rowEstimate = hasStorage && row.reltuples >= 0 ? Math.round(row.reltuples) : null;
      table = { name: row.relname, columns: [], primaryKey: [], rowEstimate };
      tables.set(row.relid, table);
    }
    const column: ColumnInfo = {
      name: row.attname,
      type: mapPostgresType(row.typname),
      nativeType: row.native_type,
      nullable: !row.attnotnull,
    };
    table.columns.push(column);
  }
  for (const key of keys) tables.get(key.relid)?.primaryKey.push(key.attname);
  return { tables: [...tables.values()] };
}

/** Type names (a domain's base type name) for OIDs not in the built-in table. */
export async function typeNamesFor(session: pg.Client, oids: number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  if (oids.length === 0) return names;
  const result = await session.query<{ oid: number; typname: string }>(
    `SELECT t.oid::int8 AS oid, COALESCE(base.typname, t.typname) AS typname
     FROM pg_catalog.pg_type t
     LEFT JOIN pg_catalog.pg_type base ON t.typtype = 'd' AND base.oid = t.typbasetype
     WHERE t.oid = ANY($1::oid[])`,
    [[...new Set(oids)]],
  );
  for (const row of result.rows) names.set(row.oid, row.typname);
  return names;
}
