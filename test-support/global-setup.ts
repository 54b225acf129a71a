/**
 * Starts one throw-away PostgreSQL server for the whole test run and hands its URL to the tests
 * through `inject('postgresUrl')`. Without server binaries the PostgreSQL suites are skipped,
 * except on CI, which must run them.
 */
import type { TestProject } from 'vitest/node';
import { MISSING_BINARIES_MESSAGE, postgresAvailable, startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!postgresAvailable()) {
    if (process.env.CI) throw new Error(MISSING_BINARIES_MESSAGE);
    process.stderr.write(`PostgreSQL tests skipped. ${MISSING_BINARIES_MESSAGE}\n`);
    project.provide('postgresUrl', null);
    return async () => undefined;
  }
  const server = await startPostgres({ name: 'suite' });
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
  };
}
