import type { ValueType } from '../../../shared/schema.js';

const numberTypes = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint', 'decimal', 'numeric', 'float', 'double', 'real', 'year']);
const textTypes = new Set(['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext', 'enum', 'set']);

/**
 * Folds a MySQL/MariaDB column type (information_schema DATA_TYPE and COLUMN_TYPE) into a
 * rule-language type. `tinyint(1)` is how both servers store BOOLEAN. Binary strings, BIT, TIME,
 * JSON and spatial types stay unknown.
 */
export function mapMysqlType(dataType: string, columnType: string): ValueType {
  const data = dataType.toLowerCase();
  if (data === 'tinyint' && /^tinyint\(1\)/i.test(columnType)) return 'boolean';
  if (data === 'bool' || data === 'boolean') return 'boolean';
  if (numberTypes.has(data)) return 'number';
  if (textTypes.has(data)) return 'text';
  if (data === 'date') return 'date';
  if (data === 'datetime' || data === 'timestamp') return 'timestamp';
  return 'unknown';
}

/** Protocol column type codes (mysql2's `Types`) of a result column. */
const BINARY_CHARSET = 63;

export interface ResultField {
  name: string;
  columnType?: number;
  columnLength?: number;
  characterSet?: number;
}

/** The rule-language type of a result column of a custom query, and a native type name to show. */
export function mapMysqlField(field: ResultField): { type: ValueType; nativeType: string } {
  const code = field.columnType ?? -1;
  const binary = field.characterSet === BINARY_CHARSET;
  switch (code) {
    case 1:
      return field.columnLength === 1 ? { type: 'boolean', nativeType: 'tinyint(1)' } : { type: 'number', nativeType: 'tinyint' };
    case 0:
    case 246:
      return { type: 'number', nativeType: 'decimal' };
    case 2:
    case 3:
    case 8:
    case 9:
    case 13:
      return { type: 'number', nativeType: 'integer' };
    case 4:
    case 5:
      return { type: 'number', nativeType: 'double' };
    case 10:
    case 14:
      return { type: 'date', nativeType: 'date' };
    case 7:
    case 12:
      return { type: 'timestamp', nativeType: 'datetime' };
    case 15:
    case 253:
    case 254:
    case 247:
    case 248:
    case 249:
    case 250:
    case 251:
    case 252:
      return binary ? { type: 'unknown', nativeType: 'binary' } : { type: 'text', nativeType: 'varchar' };
    default:
      return { type: 'unknown', nativeType: `type ${code}` };
  }
}
