/**
 * One fresh database per test file on the suite's shared PostgreSQL server, so files running in
 * parallel never see each other's tables.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  /** Connection URL of the new database (trust auth, no password). */
  url: string;
  /** Terminates its connections and drops it. */
  drop(): Promise<void>;
}

/** True when the global setup started a server; use with `describe.skipIf(!hasPostgres())`. */
export function hasPostgres(): boolean {
  return inject('postgresUrl') !== null;
}

function serverUrl(): string {
  const url = inject('postgresUrl');
  if (url === null) throw new Error('No PostgreSQL server in this test run: guard the suite with describe.skipIf(!hasPostgres())');
  return url;
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = serverUrl();
  // The name is generated here, never taken from input, so quoting it is enough.
  const name = `ps_test_${randomBytes(6).toString('hex')}`;
  await onServer(base, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await onServer(base, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}
