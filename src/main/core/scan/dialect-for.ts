import type { Dialect } from '../rules/compile/dialect.js';
import { duckdbDialect } from '../rules/compile/duckdb-dialect.js';
import { mysqlDialect } from '../rules/compile/mysql-dialect.js';
import { postgresDialect } from '../rules/compile/postgres-dialect.js';
import { sqliteDialect } from '../rules/compile/sqlite-dialect.js';
import { mongoDialect } from '../sources/mongo/mongo-dialect.js';
import type { Engine } from '../sources/source.js';

export function dialectFor(engine: Engine): Dialect {
  switch (engine) {
    case 'sqlite':
      return sqliteDialect;
    case 'postgres':
      return postgresDialect;
    case 'mongodb':
      return mongoDialect;
    case 'files':
      return duckdbDialect;
    case 'mysql':
      return mysqlDialect;
    default: {
      const never: never = engine;
      throw new Error(`no SQL dialect for ${String(never)}`);
    }
  }
}
