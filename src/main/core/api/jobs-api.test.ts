import { afterEach, describe, expect, it } from 'vitest';
import type { JobRunView } from '../../../shared/api/jobs.js';
import { createTestApi, type TestApi } from '../../../../test-support/core-api-harness.js';
import { rejection } from '../../../../test-support/rejection.js';

let t: TestApi;
afterEach(async () => {
  await t?.close();
});

async function settled(name: string): Promise<JobRunView> {
  for (let i = 0; i < 300; i++) {
    const [last] = await t.api.jobHistory({ name });
    if (last && last.status !== 'running') return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${name} did not finish`);
}

describe('jobs API', () => {
  it('adds a job with its next run, runs it now in a worker, and keeps the execution in its history', async () => {
    t = await createTestApi();
    const added = await t.api.addJob({ job: { name: 'shop-checks', schedule: { kind: 'every', minutes: 15 }, rules: { kind: 'all-active' } } });
    expect(added).toMatchObject({ name: 'shop-checks', scheduleText: 'every 15 minutes', rulesText: 'all active rules', incremental: false, lastRun: null });
    expect(added.nextRunAt).toMatch(/^2024-01-01T00:15:00/);

    await t.api.runJobNow({ name: 'shop-checks' });
    const run = await settled('shop-checks');
    expect(run).toMatchObject({ trigger: 'manual', status: 'completed', mode: 'full', error: null });
    expect(run.violationsNew).toBeGreaterThan(0);
    expect(run.runId).not.toBeNull();
    expect((await t.api.getRun({ id: run.runId! })).run.status).toBe('completed');

    const { jobs } = await t.api.listJobs({});
    expect(jobs.map((j) => [j.name, j.lastRun?.status])).toEqual([['shop-checks', 'completed']]);
    expect(t.events.some((e) => e.type === 'data.changed' && e.what === 'violations')).toBe(true);

    await t.api.removeJob({ name: 'shop-checks' });
    expect((await t.api.listJobs({})).jobs).toEqual([]);
    const audit = await t.api.listAudit({ filter: { action: 'job.' }, offset: 0, limit: 50 });
    expect(audit.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['job.added', 'job.removed']));
  }, 60_000);

  it('refuses an unknown job, a duplicate name and a bad schedule with messages that say what is wrong', async () => {
    t = await createTestApi({ rules: 'none' });
    expect((await rejection(t.api.runJobNow({ name: 'nope' }))).message).toMatch(/no job named "nope"/);
    await t.api.addJob({ job: { name: 'daily', schedule: { kind: 'daily', at: '02:00' }, rules: { kind: 'all-active' } } });
    expect(await rejection(t.api.addJob({ job: { name: 'daily', schedule: { kind: 'daily', at: '03:00' }, rules: { kind: 'all-active' } } }))).toMatchObject({ code: 'ALREADY_EXISTS' });
    const bad = await rejection(t.api.addJob({ job: { name: 'bad', schedule: { kind: 'daily', at: '25:00' }, rules: { kind: 'all-active' } } }));
    expect(bad.message).toMatch(/02:30|time/);
  });
});
