import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, isEvent, type TestApi } from '../../../../test-support/core-api-harness.js';
import { LATEST_SCHEMA_VERSION } from '../workspace/migrations/index.js';

let t: TestApi | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('getWorkspace', () => {
  it('describes the open workspace and counts what it holds', async () => {
    t = await createTestApi({ actor: 'app:alice', host: 'electron' });
    await t.api.setRuleStatus({ id: 'list-price', status: 'inactive' });
    await t.api.startScan({});
    await t.waitForEvent(isEvent('scan.finished'));
    const info = await t.api.getWorkspace({});
    expect(info).toEqual({
      path: t.ws.path,
      fileName: 'test.psw',
      schemaVersion: LATEST_SCHEMA_VERSION,
      actor: 'app:alice',
      host: 'electron',
      // list-price is inactive: not scanned, so 2 late shipments + 1 split purchase are open.
      counts: { connections: 1, rules: 3, activeRules: 2, openViolations: 3, policies: 0, runs: 1 },
    });
  });
});
