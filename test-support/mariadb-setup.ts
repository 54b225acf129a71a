/**
 * The MariaDB part of the global test setup: one server for the whole run, its admin URL handed to
 * the tests through `inject('mysqlUrl')`. Without server binaries the MariaDB suites are skipped,
 * except on CI, which must run them.
 */
import type { TestProject } from 'vitest/node';
import { MISSING_MARIADB_MESSAGE, mariaDbAvailable, startMariaDb } from './mariadb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mysqlUrl: string | null;
  }
}

/** Starts the server (or records its absence) and returns the teardown. */
export async function provideMysql(project: TestProject): Promise<() => Promise<void>> {
  if (!mariaDbAvailable()) {
    if (process.env.CI) throw new Error(MISSING_MARIADB_MESSAGE);
    process.stderr.write(`MariaDB tests skipped. ${MISSING_MARIADB_MESSAGE}\n`);
    project.provide('mysqlUrl', null);
    return async () => undefined;
  }
  const server = await startMariaDb({ name: 'suite' });
  project.provide('mysqlUrl', server.url);
  return () => server.stop();
}
