import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cli, tempDir } from '../../../test-support/cli-harness.js';
import { encryptedPdf, oversizedPdf, renamedDocx, scannedPagePdf, truncatedPdf, writePolicyPdf } from '../../../test-support/pdf-fixtures.js';
import { startOllamaTestServer, type OllamaTestServer } from '../../../test-support/ollama-server.js';
import { generateDemoDatabase } from '../core/demo/demo-data.js';

interface Candidate {
  id: string;
  quote: string;
  page: number;
  origin: string;
  confidence: number;
  rule?: { id: string; target: { table: string }; when?: string; require?: string; violation?: string };
  problems?: string[];
}
interface ImportJson {
  policy: { id: string; filename: string; sha256: string; pages: number; status: string };
  alreadyImported: boolean;
  candidates: Candidate[];
}

const EXPENSE_POLICY = [
  [
    'Travel and Expense Policy. This policy applies to all employees.',
    'Expenses over $75 require a receipt. Employees may claim meals during business travel.',
  ],
  ['Expense reports must be submitted within 30 days of the expense. Violations will result in disciplinary action.'],
];

describe('policy import and review, end to end on the demo database', () => {
  const tmp = tempDir('policy');
  const ws = join(tmp.dir, 'audit.psw');
  const w = ['--workspace', ws];
  const pdf = join(tmp.dir, 'expense-policy.pdf');

  beforeAll(async () => {
    generateDemoDatabase(join(tmp.dir, 'demo.sqlite'), { size: { employees: 50, vendors: 20, expenses: 500 }, endDate: '2025-06-30' });
    writeFileSync(pdf, await writePolicyPdf(EXPENSE_POLICY));
    await cli(['init', ws]);
    await cli(['connection', 'add', 'demo', '--sqlite', join(tmp.dir, 'demo.sqlite'), ...w]);
  });
  afterAll(() => tmp.remove());

  let imported: ImportJson;

  it('imports a policy with the offline extractor and maps candidates onto the schema', async () => {
    const result = await cli(['policy', 'import', pdf, '--connection', 'demo', ...w, '--json']);
    expect(result.code).toBe(0);
    imported = result.json<ImportJson>();
    expect(imported.policy).toMatchObject({ filename: 'expense-policy.pdf', pages: 2, status: 'imported' });
    expect(imported.policy.sha256).toMatch(/^[0-9a-f]{64}$/);
    const receipt = imported.candidates.find((c) => c.quote.includes('over $75'))!;
    expect(receipt).toMatchObject({ page: 1, origin: 'heuristic', quote: 'Expenses over $75 require a receipt.' });
    expect(receipt.confidence).toBeLessThan(0.8);
    expect(receipt.rule).toMatchObject({ target: { table: 'expenses' }, when: 'amount > 75', require: 'receipt = TRUE' });
    // Permissions and sanctions are not rules.
    expect(imported.candidates.some((c) => c.quote.includes('may claim'))).toBe(false);
    expect(imported.candidates.some((c) => c.quote.includes('disciplinary'))).toBe(false);
  });

  it('says so when the same file is imported again, and stores nothing twice', async () => {
    const again = (await cli(['policy', 'import', pdf, '--connection', 'demo', ...w, '--json'])).json<ImportJson>();
    expect(again.alreadyImported).toBe(true);
    expect(again.policy.id).toBe(imported.policy.id);
    expect((await cli(['policy', 'list', ...w, '--json'])).json<{ policies: unknown[] }>().policies).toHaveLength(1);
  });

  it('accepts a candidate as a draft rule linked to its page and quote; nothing is active until a person says so', async () => {
    const receipt = imported.candidates.find((c) => c.quote.includes('over $75'))!;
    const accepted = await cli(['policy', 'accept', receipt.id, ...w, '--json']);
    expect(accepted.code).toBe(0);
    const rules = (await cli(['rules', 'list', ...w, '--json'])).json<{ rules: Array<{ id: string; status: string; origin: string }> }>().rules;
    expect(rules).toEqual([expect.objectContaining({ status: 'draft', origin: 'heuristic' })]);
    const exported = join(tmp.dir, 'rules.yaml');
    await cli(['rules', 'export', exported, ...w]);
    const again = await cli(['policy', 'accept', receipt.id, ...w]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already accepted/);
    const audit = (await cli(['audit', 'list', ...w, '--json'])).json<{ entries: Array<{ action: string }> }>().entries.map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['policy.imported', 'candidate.accepted', 'rule.imported']));
  });

  it('needs a reason to reject a candidate', async () => {
    const other = imported.candidates.find((c) => c.quote.includes('30 days'))!;
    expect((await cli(['policy', 'reject', other.id, ...w])).code).toBe(2);
    const rejected = await cli(['policy', 'reject', other.id, '--reason', 'covered by the finance system', ...w, '--json']);
    expect(rejected.code).toBe(0);
    expect(rejected.json<{ candidate: { status: string } }>().candidate.status).toBe('rejected');
  });

  it('refuses bad files with a specific message and stores nothing', async () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ['report.pdf', renamedDocx(), /Word document/],
      ['locked.pdf', await encryptedPdf(), /password/i],
      ['broken.pdf', await truncatedPdf(), /damaged|incomplete/i],
      ['huge.pdf', await oversizedPdf(), /up to 50(\.0)? MB/],
    ];
    for (const [name, bytes, message] of cases) {
      const file = join(tmp.dir, name);
      writeFileSync(file, bytes);
      const result = await cli(['policy', 'import', file, ...w]);
      expect(result.code, name).toBe(2);
      expect(result.stderr, name).toMatch(message);
    }
    expect((await cli(['policy', 'list', ...w, '--json'])).json<{ policies: unknown[] }>().policies).toHaveLength(1);
  });

  it('tells the user which pages have no text layer', async () => {
    const file = join(tmp.dir, 'scanned.pdf');
    writeFileSync(file, await scannedPagePdf());
    const result = await cli(['policy', 'import', file, ...w]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/Page 2 has no text layer/);
  });

  describe('with Ollama', () => {
    let server: OllamaTestServer;
    beforeAll(async () => {
      server = await startOllamaTestServer({ models: ['llama3.1:latest'] });
    });
    afterAll(async () => server.close());

    it('falls back to the offline extractor when the model is not installed, and says why', async () => {
      const file = join(tmp.dir, 'second-policy.pdf');
      writeFileSync(file, await writePolicyPdf([['Purchases over $5,000 must be approved by a manager.']]));
      const result = await cli(['policy', 'import', file, '--extractor', 'ollama', '--model', 'mistral', '--ollama-host', server.url, ...w, '--json']);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/ollama pull mistral/);
      expect(result.json<ImportJson>().candidates.every((c) => c.origin === 'heuristic')).toBe(true);
    });

    it('lists the installed models and keeps the chosen one as the default', async () => {
      const listed = await cli(['policy', 'models', '--ollama-host', server.url, ...w, '--json']);
      expect(listed.json()).toMatchObject({ models: ['llama3.1:latest'], default: 'llama3.1' });
      const missing = await cli(['policy', 'models', '--use', 'mistral', '--ollama-host', server.url, ...w]);
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/ollama pull mistral/);
      expect((await cli(['policy', 'models', '--use', 'llama3.1:latest', '--ollama-host', server.url, ...w, '--json'])).json()).toMatchObject({ default: 'llama3.1:latest' });
      const down = await cli(['policy', 'models', '--ollama-host', 'http://127.0.0.1:9', ...w]);
      expect(down.stderr).toMatch(/Ollama is not running/);
    });

    it('logs every model call in the workspace', async () => {
      const file = join(tmp.dir, 'third-policy.pdf');
      writeFileSync(file, await writePolicyPdf([['Cash refunds over $200 are prohibited without a supervisor.']]));
      server.enqueue(JSON.stringify({ candidates: [{ quote: 'Cash refunds over $200 are prohibited without a supervisor.', page: 1, title: 'Cash refunds need a supervisor', description: 'x', severity: 'high', confidence: 0.9 }] }));
      const result = await cli(['policy', 'import', file, '--extractor', 'ollama', '--model', 'llama3.1', '--ollama-host', server.url, ...w, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const candidates = result.json<ImportJson>().candidates;
      expect(candidates).toEqual([expect.objectContaining({ origin: 'llm', page: 1 })]);
      const db = new Database(ws, { readonly: true });
      const calls = db.prepare('SELECT operation, model, prompt, response FROM ai_calls WHERE policy_id = ?').all(result.json<ImportJson>().policy.id) as Array<{ operation: string; model: string; prompt: string; response: string }>;
      db.close();
      expect(calls.length).toBeGreaterThan(0);
      expect(calls[0]).toMatchObject({ operation: 'find_candidates', model: 'llama3.1' });
      expect(calls[0]!.prompt).toContain('Cash refunds over $200');
    });
  });
});
