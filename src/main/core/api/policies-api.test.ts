import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyImportRequest } from '../../../shared/api/policies.js';
import { createTestApi, isEvent, type TestApi } from '../../../../test-support/core-api-harness.js';
import { multiPagePolicyPdf } from '../../../../test-support/pdf-fixtures.js';
import { rejection } from '../../../../test-support/rejection.js';
import { DEMO_POLICY_PATH } from '../demo/build-demo.js';

let t: TestApi | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

const demoPolicy = (): PolicyImportRequest => ({
  fileName: 'demo-policy.pdf',
  dataBase64: readFileSync(DEMO_POLICY_PATH).toString('base64'),
  extractor: 'heuristic',
  connection: 'demo',
});

async function importDemoPolicy(api: TestApi): Promise<string> {
  const { jobId } = await api.api.importPolicy(demoPolicy());
  const finished = await api.waitForEvent((e) => e.type === 'policy.finished' && e.jobId === jobId);
  if (finished.type !== 'policy.finished' || finished.policyId === null) throw new Error(`import failed: ${JSON.stringify(finished)}`);
  return finished.policyId;
}

describe('importPolicy', () => {
  it('returns a job at once, then emits progress and finished with the policy, and stores it', async () => {
    t = await createTestApi();
    const pdf = await multiPagePolicyPdf();
    const { jobId } = await t.api.importPolicy({ fileName: 'travel.pdf', dataBase64: pdf.toString('base64'), extractor: 'heuristic' });
    const finished = await t.waitForEvent(isEvent('policy.finished'));
    expect(finished).toMatchObject({ jobId, fileName: 'travel.pdf', alreadyImported: false, error: null });
    const progress = t.events.filter(isEvent('policy.progress'));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.jobId === jobId)).toBe(true);
    expect(progress.at(-1)!.progress.phase).toBe('done');
    const types = t.events.map((e) => e.type);
    expect(types.lastIndexOf('policy.progress')).toBeLessThan(types.indexOf('policy.finished'));
    expect(types.indexOf('policy.finished')).toBeLessThan(t.events.findIndex((e) => e.type === 'data.changed' && e.what === 'policies'));

    const list = await t.api.listPolicies({});
    expect(list).toEqual([expect.objectContaining({ id: finished.policyId, filename: 'travel.pdf', pages: 4, extractor: 'heuristic', connection: null })]);
    expect(list[0]!.candidates.pending).toBeGreaterThan(0);
    const detail = await t.api.getPolicy({ id: finished.policyId! });
    expect(detail.pages.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    expect(detail.candidates.length).toBe(list[0]!.candidates.pending);
    // Not mapped onto a connection: no draft, and a reason.
    expect(detail.candidates.every((c) => c.draft === null)).toBe(true);

    // The same bytes again: recognised, nothing new stored.
    const again = await t.api.importPolicy({ fileName: 'copy.pdf', dataBase64: pdf.toString('base64'), extractor: 'heuristic' });
    const second = await t.waitForEvent((e) => e.type === 'policy.finished' && e.jobId === again.jobId);
    expect(second).toMatchObject({ alreadyImported: true, policyId: finished.policyId });
    expect(await t.api.listPolicies({})).toHaveLength(1);
  });

  it('reports a file that is not a PDF in policy.finished, storing nothing', async () => {
    t = await createTestApi();
    const { jobId } = await t.api.importPolicy({ fileName: 'notes.pdf', dataBase64: Buffer.from('hello, not a pdf').toString('base64'), extractor: 'heuristic' });
    const finished = await t.waitForEvent(isEvent('policy.finished'));
    expect(finished).toMatchObject({ jobId, policyId: null, error: { code: 'INVALID_INPUT' } });
    expect(await t.api.listPolicies({})).toEqual([]);
  });

  it('refuses empty data and an unknown connection at once', async () => {
    t = await createTestApi();
    expect((await rejection(t.api.importPolicy({ fileName: 'a.pdf', dataBase64: '', extractor: 'heuristic' }))).code).toBe('INVALID_INPUT');
    const pdf = (await multiPagePolicyPdf()).toString('base64');
    expect((await rejection(t.api.importPolicy({ fileName: 'a.pdf', dataBase64: pdf, extractor: 'heuristic', connection: 'erp' }))).code).toBe('NOT_FOUND');
  });

  it('cancels an import: it finishes with CANCELLED and stores nothing', async () => {
    t = await createTestApi();
    const pdf = await multiPagePolicyPdf();
    const { jobId } = await t.api.importPolicy({ fileName: 'travel.pdf', dataBase64: pdf.toString('base64'), extractor: 'heuristic' });
    await t.api.cancelPolicyImport({ jobId });
    const finished = await t.waitForEvent(isEvent('policy.finished'));
    expect(finished).toMatchObject({ jobId, policyId: null, error: { code: 'CANCELLED' } });
    expect(await t.api.listPolicies({})).toEqual([]);
    await t.api.cancelPolicyImport({ jobId });
    expect((await rejection(t.api.cancelPolicyImport({ jobId: 'nope' }))).code).toBe('NOT_FOUND');
  });
});

describe('reviewing candidates', () => {
  it('accepts a mapped candidate as a draft rule linked to its policy sentence', async () => {
    t = await createTestApi({ source: 'demo', rules: 'none' });
    const policyId = await importDemoPolicy(t);
    const detail = await t.api.getPolicy({ id: policyId });
    const mapped = detail.candidates.find((c) => c.draft !== null)!;
    expect(mapped.draft!.connection).toBe('demo');

    const accepted = await t.api.acceptCandidate({ id: mapped.id });
    expect(accepted.candidate).toMatchObject({ status: 'accepted', decidedBy: 'test:auditor', ruleId: accepted.ruleId });
    const rule = await t.api.getRule({ id: accepted.ruleId });
    expect(rule.summary.status).toBe('draft');
    expect(rule.source).toEqual({ policyId, filename: 'demo-policy.pdf', page: mapped.page, quote: mapped.quote });
    expect(t.events).toContainEqual({ type: 'data.changed', what: 'rules' });
    expect((await t.api.listPolicies({}))[0]!.candidates.accepted).toBe(1);
    // Decided once only.
    expect((await rejection(t.api.acceptCandidate({ id: mapped.id }))).code).toBe('INVALID_INPUT');
  });

  it('accepts an edited draft as an active rule, and refuses an invalid edit with its problems', async () => {
    t = await createTestApi({ source: 'demo', rules: 'none' });
    const policyId = await importDemoPolicy(t);
    const mapped = (await t.api.getPolicy({ id: policyId })).candidates.find((c) => c.draft !== null)!;

    const bad = await rejection(t.api.acceptCandidate({ id: mapped.id, draft: { ...mapped.draft!, require: 'amout > 1' } }));
    expect(bad.code).toBe('RULE_INVALID');
    expect(bad.details?.problems).toEqual([expect.objectContaining({ field: 'require', column: 1, length: 5 })]);
    expect(t.ws.policies.candidate(mapped.id)!.status).toBe('pending');

    const edited = { ...mapped.draft!, id: 'edited-rule', title: 'Edited by the reviewer' };
    const accepted = await t.api.acceptCandidate({ id: mapped.id, draft: edited, activate: true });
    expect(accepted.ruleId).toBe('edited-rule');
    const rule = t.ws.rules.get('edited-rule')!;
    expect(rule).toMatchObject({ title: 'Edited by the reviewer', status: 'active', source: { policyId, page: mapped.page } });
  });

  it('creates a rule of its own when a rule with the proposed id exists, and leaves that rule as it was', async () => {
    t = await createTestApi({ source: 'demo', rules: 'none' });
    const policyId = await importDemoPolicy(t);
    const [first, second] = (await t.api.getPolicy({ id: policyId })).candidates.filter((c) => c.draft !== null);
    const taken = await t.api.acceptCandidate({ id: first!.id, draft: { ...first!.draft!, id: 'expense-check' } });
    expect(taken.ruleId).toBe('expense-check');
    const before = t.ws.rules.get('expense-check')!;
    // The reviewer's edit (or a model) proposes an id that is already a rule.
    const accepted = await t.api.acceptCandidate({ id: second!.id, draft: { ...second!.draft!, id: 'expense-check' } });
    expect(accepted.ruleId).toBe('expense-check-2');
    expect(t.ws.rules.get('expense-check')).toEqual(before);
    expect(t.ws.rules.get('expense-check-2')).toMatchObject({ source: { policyId, page: second!.page, quote: second!.quote } });
  });

  it('rejects a candidate with a reason, and refuses one without', async () => {
    t = await createTestApi({ source: 'demo', rules: 'none' });
    const policyId = await importDemoPolicy(t);
    const candidate = (await t.api.getPolicy({ id: policyId })).candidates[0]!;
    expect((await rejection(t.api.rejectCandidate({ id: candidate.id, reason: '  ' }))).code).toBe('INVALID_INPUT');
    const rejected = await t.api.rejectCandidate({ id: candidate.id, reason: 'covered elsewhere' });
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'covered elsewhere', decidedBy: 'test:auditor' });
    expect((await rejection(t.api.rejectCandidate({ id: 'cand-nope', reason: 'x' }))).code).toBe('NOT_FOUND');
    expect((await rejection(t.api.getPolicy({ id: 'pol-nope' }))).code).toBe('NOT_FOUND');
  });
});
