/**
 * Schema discovery from information_schema, limited to the connection's database (the one in the
 * URL), so tables are listed under their bare names and compilers quote them as one identifier.
 */
import type { ColumnInfo, SourceSchema, TableInfo } from '../../../shared/schema.js';
import { mapMysqlType } from './mysql-types.js';

const columnsSql = `
  SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.DATA_TYPE AS data_type,
         c.COLUMN_TYPE AS column_type, c.IS_NULLABLE AS is_nullable,
         t.TABLE_TYPE AS table_type, t.TABLE_ROWS AS table_rows
  FROM information_schema.COLUMNS c
  JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
  WHERE c.TABLE_SCHEMA = DATABASE()
  ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`;

const primaryKeysSql = `
  SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name
  FROM information_schema.KEY_COLUMN_USAGE
  WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY'
  ORDER BY TABLE_NAME, ORDINAL_POSITION`;

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  column_type: string;
  is_nullable: string;
  table_type: string;
  table_rows: number | string | null;
}

/** Runs one read-only statement and returns its rows as objects. */
export type SchemaQuery = <T>(sql: string) => Promise<T[]>;

const text = (value: unknown): string => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value ?? ''));

export async function discoverMysqlSchema(query: SchemaQuery): Promise<SourceSchema> {
  const columns = await query<ColumnRow>(columnsSql);
  const keys = await query<{ table_name: string; column_name: string }>(primaryKeysSql);
  const tables = new Map<string, TableInfo>();
  for (const row of columns) {
    const name = text(row.table_name);
    let table = tables.get(name);
    if (!table) {
      // TABLE_ROWS is an estimate for InnoDB and NULL for views.
      const rows = row.table_rows === null ? null : Number(row.table_rows);
      const rowEstimate = text(row.table_type) === 'BASE TABLE' && rows !== null && Number.isFinite(rows) ? rows : null;
      table = { name, columns: [], primaryKey: [], rowEstimate };
      tables.set(name, table);
    }
    const column: ColumnInfo = {
      name: text(row.column_name),
      type: mapMysqlType(text(row.data_type), text(row.column_type)),
      nativeType: text(row.column_type),
      nullable: text(row.is_nullable) === 'YES',
    };
    table.columns.push(column);
  }
  for (const key of keys) tables.get(text(key.table_name))?.primaryKey.push(text(key.column_name));
  return { tables: [...tables.values()] };
}
