import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyPage } from '../../../../shared/policy.js';
import type { SourceSchema } from '../../../../shared/schema.js';
import { startOllamaTestServer, type ChatBody, type OllamaTestServer } from '../../../../../test-support/ollama-server.js';
import { printExpression } from '../../rules/printer.js';
import { listModels } from './client.js';
import { extractWithOllama, MAX_LLM_CONFIDENCE, type AiCallRecord, type OllamaExtractOptions } from './extract.js';
import { findResponseSchema, jsonSchemaOf, mapResponseSchema } from './responses.js';
import { rejection } from '../../../../../test-support/rejection.js';
import { freePort } from '../../../../../test-support/free-port.js';

const QUOTE_1 = 'All expenses over $75 must be supported by an itemised receipt.';
const QUOTE_2 = 'Expense reports must be submitted within 30 days of the expense date.';
const pages: PolicyPage[] = [
  { number: 1, text: `Travel and Expense Policy\nAll expenses over $75 must be supported\nby an itemised receipt. Employees may claim mileage.`, hasTextLayer: true },
  { number: 2, text: `Expense reports must be submitted within 30 days of the expense date.\nLate reports are escalated.`, hasTextLayer: true },
  { number: 3, text: '', hasTextLayer: false },
];
const schema: SourceSchema = {
  tables: [
    {
      name: 'expenses',
      columns: [
        { name: 'id', type: 'number', nativeType: 'INTEGER', nullable: false },
        { name: 'amount', type: 'number', nativeType: 'REAL', nullable: false },
        { name: 'receipt', type: 'boolean', nativeType: 'BOOLEAN', nullable: true },
        { name: 'expense_date', type: 'date', nativeType: 'DATE', nullable: false },
        { name: 'submitted_date', type: 'date', nativeType: 'DATE', nullable: true },
      ],
      primaryKey: ['id'],
      rowEstimate: null,
    },
  ],
};

const found = (quote: string, page: number, over: Record<string, unknown> = {}): string =>
  JSON.stringify({ candidates: [{ quote, page, title: 't', description: 'd', severity: 'high', confidence: 0.9, ...over }] });
const mapped = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({ mappable: true, table: 'expenses', key: [], when: 'amount > 75', require: 'receipt = TRUE', violation: null, problems: [], ...over });



describe('extractWithOllama against the Ollama test double', () => {
  let server: OllamaTestServer;
  let calls: AiCallRecord[];
  const options = (over: Partial<OllamaExtractOptions> = {}): OllamaExtractOptions => ({
    host: server.url,
    model: 'llama3.1',
    logCall: (c) => calls.push(c),
    ...over,
  });

  beforeAll(async () => {
    server = await startOllamaTestServer({ models: ['llama3.1:latest', 'qwen2.5:7b'] });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(() => {
    server.requests.length = 0;
    server.setHandler(null);
    calls = [];
  });
  calls = [];

  it('lists the installed models', async () => {
    expect(await listModels(server.url)).toEqual(['llama3.1:latest', 'qwen2.5:7b']);
  });

  it('finds candidates page by page and maps them onto the schema (happy path)', async () => {
    server.enqueue(found(QUOTE_1, 1, { confidence: 1.7 }), found(QUOTE_2, 2, { severity: 'medium', confidence: 0.6 }));
    server.enqueue(mapped(), mapped({ when: null, require: 'days_between(expense_date, submitted_date) <= 30' }));
    const progress: string[] = [];
    const drafts = await extractWithOllama(pages, options({ mapping: { schema, connection: 'demo' }, onProgress: (p) => progress.push(`${p.phase}:${p.page}`) }));

    expect(drafts).toHaveLength(2);
    const [a, b] = drafts;
    expect(a).toMatchObject({ quote: QUOTE_1, page: 1, origin: 'llm', severity: 'high' });
    expect(a!.confidence).toBe(MAX_LLM_CONFIDENCE); // 1.7 from the model, capped below 1
    expect(a!.problems).toBeUndefined();
    expect(a!.rule?.target).toEqual({ connection: 'demo', table: 'expenses', key: ['id'] });
    expect(printExpression(a!.rule!.when!)).toBe('amount > 75');
    expect(b).toMatchObject({ quote: QUOTE_2, page: 2, severity: 'medium', confidence: 0.6 });
    expect(printExpression(b!.rule!.require!)).toBe('days_between(expense_date, submitted_date) <= 30');
    expect(progress).toEqual(['finding:1', 'finding:2', 'finding:3', 'mapping:1', 'mapping:2']);

    // The scanned page is never sent; two find calls and two map calls, all logged.
    expect(calls.map((c) => `${c.operation}:${c.page}:${c.ok}`)).toEqual([
      'find_candidates:1:true', 'find_candidates:2:true', 'map_candidate:1:true', 'map_candidate:2:true',
    ]);
    expect(calls[2]).toMatchObject({ candidateIndex: 0, model: 'llama3.1', response: mapped() });
    expect(calls[0]!.prompt).toContain('All expenses over $75 must be supported\nby an itemised receipt.');
    expect(calls[2]!.prompt).toContain('expenses(id number not null, amount number not null');
    expect(calls[2]!.prompt).toContain('days_between');
  });

  it('sends a JSON-schema format, temperature 0, an explicit num_ctx and streams', async () => {
    server.enqueue(found(QUOTE_1, 1), mapped());
    await extractWithOllama([pages[0]!], options({ numCtx: 16384, mapping: { schema, connection: 'demo' } }));
    const [find, map] = server.chats() as [ChatBody, ChatBody];
    for (const chat of [find, map]) {
      expect(chat.stream).toBe(true);
      expect(chat.options).toEqual({ temperature: 0, num_ctx: 16384 });
      expect(chat.model).toBe('llama3.1');
    }
    expect(find.format).toEqual(jsonSchemaOf(findResponseSchema));
    expect(map.format).toEqual(jsonSchemaOf(mapResponseSchema));
    // The schema is described in the prompt too.
    expect(find.messages[0]!.content).toContain(JSON.stringify(jsonSchemaOf(findResponseSchema)));
    expect(server.requests.some((r) => r.path === '/api/tags')).toBe(true);
  });

  it('defaults num_ctx to 8192 and chunks a long page to fit it', async () => {
    const sentence = 'Each purchase must be approved by a manager before payment. ';
    const long: PolicyPage = { number: 4, text: sentence.repeat(600), hasTextLayer: true }; // ~36,000 chars
    server.setHandler(() => JSON.stringify({ candidates: [{ quote: sentence.trim(), page: 4, title: 't', description: 'd', severity: 'low', confidence: 0.5 }] }));
    const drafts = await extractWithOllama([long], options());
    const chats = server.chats();
    expect(chats.length).toBeGreaterThanOrEqual(2);
    for (const chat of chats) {
      expect(chat.options?.num_ctx).toBe(8192);
      const chars = chat.messages.reduce((n, m) => n + m.content.length, 0);
      expect(chars / 4).toBeLessThan(8192);
    }
    // The same quote found in every chunk is one candidate.
    expect(drafts).toHaveLength(1);
  });

  it('retries a malformed answer and succeeds on the next one, telling the model what was wrong', async () => {
    server.enqueue('{"candidates": [ {"quote": ', found(QUOTE_1, 1));
    const drafts = await extractWithOllama([pages[0]!], options());
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.problems).toBeUndefined();
    expect(calls.map((c) => c.ok)).toEqual([false, true]);
    expect(calls[0]!.error).toMatch(/not valid JSON/);
    expect(calls[0]!.response).toBe('{"candidates": [ {"quote": ');
    const retry = server.chats()[1]!;
    expect(retry.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(retry.messages[3]!.content).toMatch(/rejected: the answer is not valid JSON/);
  });

  it('retries an answer that is JSON but not the schema', async () => {
    server.enqueue(JSON.stringify({ candidates: [{ quote: QUOTE_1, severity: 'urgent' }] }), found(QUOTE_1, 1));
    const drafts = await extractWithOllama([pages[0]!], options());
    expect(drafts[0]!.problems).toBeUndefined();
    expect(calls[0]!.error).toMatch(/does not match the schema/);
  });

  it('records a page failure after three malformed answers and goes on with the next page', async () => {
    server.enqueue('not json', '{"candidates": 5}', '[', found(QUOTE_2, 2));
    const drafts = await extractWithOllama(pages.slice(0, 2), options());
    expect(calls.map((c) => `${c.page}:${c.ok}`)).toEqual(['1:false', '1:false', '1:false', '2:true']);
    expect(drafts).toHaveLength(2);
    const failed = drafts[0]!;
    expect(failed).toMatchObject({ page: 1, quote: '', confidence: 0, origin: 'llm' });
    expect(failed.problems![0]).toMatch(/could not analyse page 1: no valid answer after 3 attempts; the last one: the answer is not valid JSON/);
    expect(drafts[1]).toMatchObject({ quote: QUOTE_2, page: 2 });
  });

  it('marks a candidate failed when its mapping stays malformed', async () => {
    server.enqueue(found(QUOTE_1, 1), 'x', 'y', 'z');
    const drafts = await extractWithOllama([pages[0]!], options({ mapping: { schema, connection: 'demo' } }));
    expect(drafts[0]!.rule).toBeUndefined();
    expect(drafts[0]!.problems![0]).toMatch(/could not map this rule onto connection "demo": no valid answer after 3 attempts/);
    expect(calls.filter((c) => c.operation === 'map_candidate').map((c) => c.candidateIndex)).toEqual([0, 0, 0]);
  });

  it('turns an invalid proposed expression into problems, not a crash', async () => {
    server.enqueue(found(QUOTE_1, 1), mapped({ require: 'receipt = TRUE; DELETE FROM expenses' }));
    const drafts = await extractWithOllama([pages[0]!], options({ mapping: { schema, connection: 'demo' } }));
    expect(drafts[0]!.rule).toBeUndefined();
    expect(drafts[0]!.problems![0]).toMatch(/not valid rule language/);
  });

  it('flags a quote that is not on the page and does not map it', async () => {
    server.enqueue(found('Expenses above $75 need a receipt.', 1, { confidence: 0.8 }));
    const drafts = await extractWithOllama([pages[0]!], options({ mapping: { schema, connection: 'demo' } }));
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.problems![0]).toMatch(/does not occur on page 1/);
    expect(drafts[0]!.confidence).toBe(0.4);
    expect(drafts[0]!.rule).toBeUndefined();
    expect(calls.map((c) => c.operation)).toEqual(['find_candidates']);
  });

  it('uses the page it asked about even when the model names another', async () => {
    server.enqueue(found(QUOTE_1, 7));
    const drafts = await extractWithOllama([pages[0]!], options());
    expect(drafts[0]!.page).toBe(1);
    expect(drafts[0]!.problems).toBeUndefined();
  });

  it('says how to install a missing model, before sending any chat', async () => {
    const error = await rejection(extractWithOllama(pages, options({ model: 'mistral' })));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Model "mistral" is not installed in Ollama. Run: ollama pull mistral');
    expect(server.chats()).toHaveLength(0);
  });

  it('turns a 404 from the chat endpoint into the same error', async () => {
    // Installed when listed, gone when asked (removed in between).
    server.enqueue({ kind: 'error', status: 404, error: 'model "llama3.1" not found, try pulling it first' });
    const error = await rejection(extractWithOllama([pages[0]!], options()));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toMatch(/ollama pull llama3.1/);
    expect(calls[0]).toMatchObject({ ok: false, operation: 'find_candidates' });
  });

  it('says Ollama is not running when nothing listens', async () => {
    const host = `http://127.0.0.1:${await freePort()}`;
    for (const attempt of [listModels(host), extractWithOllama(pages, options({ host }))]) {
      const error = await rejection(attempt);
      expect(error.code).toBe('SOURCE_UNREACHABLE');
      expect(error.message).toBe(`Ollama is not running at ${host}. Start Ollama (ollama serve), or use --extractor heuristic.`);
    }
  });

  it('cancels a streaming answer mid-way', async () => {
    server.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const started = Date.now();
    const running = extractWithOllama(pages, options({ signal: controller.signal }));
    // Abort once the stream has started.
    while (!server.chats().length) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const error = await rejection(running);
    expect(error.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ ok: false, response: '{"candidates": [' });
  });

  it('cancels before the first byte of a slow answer, and does not start when already aborted', async () => {
    server.enqueue({ kind: 'content', content: found(QUOTE_1, 1), pieces: 2, delayMs: 2000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect((await rejection(extractWithOllama([pages[0]!], options({ signal: controller.signal })))).code).toBe('CANCELLED');
    const error = await rejection(extractWithOllama([pages[0]!], options({ signal: AbortSignal.abort() })));
    expect(error.code).toBe('CANCELLED');
  });

  it('gives up on a model that stops streaming, with a clear error', async () => {
    server.enqueue({ kind: 'hang' });
    const error = await rejection(extractWithOllama([pages[0]!], options({ idleTimeoutMs: 200 })));
    expect(error.code).toBe('SOURCE_ERROR');
    expect(error.message).toMatch(/sent nothing for 0.2 s with model "llama3.1"/);
  });

  it('lets a long answer run past the idle timeout while pieces keep coming', async () => {
    server.enqueue({ kind: 'content', content: found(QUOTE_1, 1), pieces: 6, delayMs: 80 });
    const started = Date.now();
    const drafts = await extractWithOllama([pages[0]!], options({ idleTimeoutMs: 250 }));
    expect(Date.now() - started).toBeGreaterThan(250);
    expect(drafts[0]!.quote).toBe(QUOTE_1);
  });

  it('reads a slow streamed answer piece by piece', async () => {
    server.enqueue({ kind: 'content', content: found(QUOTE_1, 1), pieces: 5, delayMs: 20 });
    const drafts = await extractWithOllama([pages[0]!], options());
    expect(drafts[0]!.quote).toBe(QUOTE_1);
  });
});

const realHost = process.env.OLLAMA_HOST;
// Runs only against a real Ollama named by OLLAMA_HOST: none can be installed on these machines.
describe.skipIf(realHost === undefined)('extractWithOllama against a real Ollama (OLLAMA_HOST)', () => {
  const host = realHost ?? '';
  let model = process.env.OLLAMA_MODEL ?? '';

  beforeAll(async () => {
    if (model === '') model = (await listModels(host))[0] ?? '';
  });

  it('lists models', async () => {
    expect(Array.isArray(await listModels(host))).toBe(true);
  });

  it('finds candidates whose quotes are verified or flagged, and maps them', { timeout: 600_000 }, async () => {
    if (model === '') return expect.fail('no model installed in the Ollama at OLLAMA_HOST; set OLLAMA_MODEL or pull one');
    const calls: AiCallRecord[] = [];
    const drafts = await extractWithOllama(pages.slice(0, 2), { host, model, logCall: (c) => calls.push(c), mapping: { schema, connection: 'demo' } });
    expect(calls.filter((c) => c.operation === 'find_candidates').length).toBeGreaterThanOrEqual(2);
    for (const d of drafts) {
      expect(d.confidence).toBeLessThan(1);
      const page = pages.find((p) => p.number === d.page)!;
      if (d.problems === undefined) expect(page.text.replace(/\s+/g, ' ')).toContain(d.quote);
      else expect(d.rule).toBeUndefined();
    }
  });

  it('says how to install a missing model', async () => {
    const error = await rejection(extractWithOllama(pages, { host, model: 'no-such-model-policysentinel', logCall: () => undefined }));
    expect(error.code).toBe('NOT_FOUND');
  });
});

