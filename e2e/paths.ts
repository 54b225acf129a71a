import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * This run's scratch folder: made by the global setup and handed to the test workers through the
 * environment, so two runs on one machine never share (or delete) each other's files.
 */
export function e2eRoot(): string {
  const root = process.env.POLICYSENTINEL_E2E_ROOT;
  if (!root) throw new Error('POLICYSENTINEL_E2E_ROOT is not set: run the e2e tests through playwright test (its global setup makes it).');
  return root;
}

export function makeE2eRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'policysentinel-e2e-'));
  process.env.POLICYSENTINEL_E2E_ROOT = root;
  return root;
}

export const demoDir = (): string => join(e2eRoot(), 'demo');
export const SCREENSHOTS = join(process.cwd(), 'e2e', 'screenshots');
