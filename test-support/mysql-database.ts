/**
 * One fresh database per test file on the suite's shared MariaDB server, so files running in
 * parallel never see each other's tables.
 */
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { inject } from 'vitest';

export interface MysqlTestDatabase {
  /** Connection URL of the new database, without the password (as the workspace stores it). */
  url: string;
  /** The password of the URL's user (the product reads it from an environment variable). */
  password: string;
  /** The same URL with the password in it, for test setup (creating tables, inserting rows). */
  adminUrl: string;
  name: string;
  /** Drops the database. */
  drop(): Promise<void>;
}

/** True when the global setup started a server; use with `describe.skipIf(!hasMysql())`. */
export function hasMysql(): boolean {
  return inject('mysqlUrl') !== null;
}

function serverUrl(): string {
  const url = inject('mysqlUrl');
  if (url === null) throw new Error('No MariaDB server in this test run: guard the suite with describe.skipIf(!hasMysql())');
  return url;
}

async function onServer(url: string, sql: string): Promise<void> {
  const connection = await mysql.createConnection(url);
  try {
    await connection.query(sql);
  } finally {
    await connection.end();
  }
}

export async function createMysqlTestDatabase(): Promise<MysqlTestDatabase> {
  const base = serverUrl();
  // The name is generated here, never taken from input, so quoting it is enough.
  const name = `ps_test_${randomBytes(6).toString('hex')}`;
  await onServer(base, `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  const admin = new URL(base);
  admin.pathname = `/${name}`;
  const password = decodeURIComponent(admin.password);
  const plain = new URL(admin.toString());
  plain.password = '';
  let dropped = false;
  return {
    url: plain.toString(),
    password,
    adminUrl: admin.toString(),
    name,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await onServer(base, `DROP DATABASE IF EXISTS \`${name}\``);
    },
  };
}
