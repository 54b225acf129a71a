/**
 * Starts one throw-away PostgreSQL server for the whole test run and hands its URL to the tests
 * through `inject('postgresUrl')`. Without server binaries the PostgreSQL suites are skipped,
 * except on CI, which must run them.
 */
import type { TestProject } from 'vitest/node';
import { MISSING_BINARIES_MESSAGE, postgresAvailable, startPostgres } from './postgres.js';
import { provideMysql } from './mariadb-setup.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Both servers start at once; MariaDB's bootstrap takes about two seconds.
  const mysqlReady = provideMysql(project);
  mysqlReady.catch(() => undefined);
  if (!postgresAvailable()) {
    if (process.env.CI) throw new Error(MISSING_BINARIES_MESSAGE);
    process.stderr.write(`PostgreSQL tests skipped. ${MISSING_BINARIES_MESSAGE}\n`);
    project.provide('postgresUrl', null);
    return mysqlReady;
  }
  const server = await startPostgres({ name: 'suite' });
  project.provide('postgresUrl', server.url);
  const stopMysql = await mysqlReady;
  return async () => {
    await server.stop();
    await stopMysql();
  };
}
