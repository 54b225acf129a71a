import type { Message } from 'ollama';
import type { z } from 'zod';
import { AppError } from '../../../../shared/errors.js';
import type { CandidateDraft, ExtractionProgress, PolicyPage } from '../../../../shared/policy.js';
import type { SourceSchema } from '../../../../shared/schema.js';
import { buildRule } from './build-rule.js';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_NUM_CTX, ensureModel, streamChat } from './client.js';
import { chunkText, estimateTokens, normaliseWhitespace, quoteOccursOn } from './page-text.js';
import { findCandidatesMessages, mapCandidateMessages, promptText } from './prompts.js';
import { findResponseSchema, jsonSchemaOf, mapResponseSchema, validateResponse } from './responses.js';

/** One request to the model, as the workspace logs it for the auditor. */
export interface AiCallRecord {
  operation: 'find_candidates' | 'map_candidate';
  model: string;
  prompt: string;
  response: string;
  durationMs: number;
  page?: number;
  /** Index into the returned candidates (map_candidate only). */
  candidateIndex?: number;
  /** The candidate's confidence (map_candidate only). */
  confidence?: number;
  ok: boolean;
  error?: string;
}

export interface OllamaExtractOptions {
  host: string;
  model: string;
  /** Context window set on every request; Ollama's own default is far smaller than a policy page needs. */
  numCtx?: number;
  signal?: AbortSignal;
  /** A chat that streams nothing for this long fails (default 180 s). */
  idleTimeoutMs?: number;
  onProgress?: (progress: ExtractionProgress) => void;
  logCall: (call: AiCallRecord) => void;
  mapping?: { schema: SourceSchema; connection: string } | null;
}

/** A model's confidence never reaches certainty: a person still reviews every candidate. */
export const MAX_LLM_CONFIDENCE = 0.95;
/** A bad answer is asked again at most this many times. */
export const MAX_RETRIES = 2;
/** Tokens kept free for the model's answer. */
const ANSWER_RESERVE_TOKENS = 2048;
const MIN_CHUNK_CHARS = 1000;

export function clampConfidence(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.round(Math.min(MAX_LLM_CONFIDENCE, Math.max(0, value)) * 100) / 100;
}

type Asked<T> = { ok: true; value: T } | { ok: false; reason: string };

interface Session {
  options: OllamaExtractOptions;
  numCtx: number;
}

/**
 * Asks until the answer validates, at most 1 + MAX_RETRIES times. Each retry shows the model its
 * previous answer and what was wrong with it: at temperature 0 the same prompt would give the same
 * answer. Errors of the connection (not running, cancelled) are thrown, not retried.
 */
async function ask<T>(
  session: Session,
  messages: Message[],
  schema: z.ZodType<T>,
  log: Pick<AiCallRecord, 'operation' | 'page' | 'candidateIndex' | 'confidence'>,
): Promise<Asked<T>> {
  const { options, numCtx } = session;
  const format = jsonSchemaOf(schema);
  let conversation = messages;
  let reason = '';
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    const started = performance.now();
    let response = '';
    const record = (ok: boolean, error?: string): void =>
      options.logCall({
        ...log,
        model: options.model,
        prompt: promptText(conversation),
        response,
        durationMs: Math.round(performance.now() - started),
        ok,
        ...(error !== undefined ? { error } : {}),
      });
    try {
      response = await streamChat(
        { model: options.model, messages: conversation, format, numCtx },
        options.host,
        options.signal,
        (t) => {
          response = t;
        },
        options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
      );
    } catch (error) {
      record(false, error instanceof Error ? error.message : String(error));
      throw error;
    }
    const checked = validateResponse(schema, response);
    if (checked.ok) {
      record(true);
      return checked;
    }
    reason = checked.reason;
    record(false, reason);
    conversation = [
      ...messages,
      { role: 'assistant', content: response },
      { role: 'user', content: `That answer was rejected: ${reason}. Answer again with only the JSON object that follows the schema.` },
    ];
  }
  return { ok: false, reason: `no valid answer after ${MAX_RETRIES + 1} attempts; the last one: ${reason}` };
}

/** How many characters of page text fit into one request next to the instructions and the answer. */
function chunkChars(numCtx: number, page: number, findSchema: Record<string, unknown>): number {
  const overhead = estimateTokens(promptText(findCandidatesMessages(page, '', findSchema)));
  return Math.max(MIN_CHUNK_CHARS, (numCtx - overhead - ANSWER_RESERVE_TOKENS) * 4);
}

function pageFailure(page: number, reason: string): CandidateDraft {
  const problem = `The model could not analyse page ${page}: ${reason}. Read this page yourself.`;
  return {
    quote: '',
    page,
    title: `Page ${page} could not be analysed`,
    description: problem,
    severity: 'low',
    confidence: 0,
    origin: 'llm',
    problems: [problem],
  };
}

async function findOnPage(session: Session, page: PolicyPage, seen: Set<string>): Promise<CandidateDraft[]> {
  const findSchema = jsonSchemaOf(findResponseSchema);
  const drafts: CandidateDraft[] = [];
  for (const text of chunkText(page.text, chunkChars(session.numCtx, page.number, findSchema))) {
    const answer = await ask(session, findCandidatesMessages(page.number, text, findSchema), findResponseSchema, {
      operation: 'find_candidates',
      page: page.number,
    });
    if (!answer.ok) {
      drafts.push(pageFailure(page.number, answer.reason));
      continue;
    }
    for (const found of answer.value.candidates) {
      const quote = normaliseWhitespace(found.quote);
      const dedupe = `${page.number}\u0000${quote}`;
      if (seen.has(dedupe)) continue;
      seen.add(dedupe);
      const draft: CandidateDraft = {
        quote,
        // The page is the one we asked about, whatever the model wrote.
        page: page.number,
        title: found.title.trim(),
        description: found.description.trim(),
        severity: found.severity,
        confidence: clampConfidence(found.confidence),
        origin: 'llm',
      };
      if (!quoteOccursOn(quote, page.text)) {
        draft.confidence = Math.round(draft.confidence * 50) / 100;
        draft.problems = [`The quote does not occur on page ${page.number}; the model may have paraphrased it. Check it against the PDF before accepting.`];
      }
      drafts.push(draft);
    }
  }
  return drafts;
}

async function mapDraft(session: Session, draft: CandidateDraft, index: number, mapping: { schema: SourceSchema; connection: string }): Promise<void> {
  const mapSchema = jsonSchemaOf(mapResponseSchema);
  const answer = await ask(session, mapCandidateMessages(draft, mapping.schema, mapSchema), mapResponseSchema, {
    operation: 'map_candidate',
    page: draft.page,
    candidateIndex: index,
    confidence: draft.confidence,
  });
  if (!answer.ok) {
    draft.problems = [`The model could not map this rule onto connection "${mapping.connection}": ${answer.reason}.`];
    return;
  }
  const built = buildRule(draft, answer.value, mapping.schema, mapping.connection);
  if (built.rule !== undefined) draft.rule = built.rule;
  else draft.problems = built.problems;
}

/**
 * Finds rule candidates in a policy with a local model, page by page, and (with `mapping`) maps
 * each onto the connection's schema as a draft rule. Nothing the model says is trusted: answers
 * are validated against a schema and retried, quotes are looked up on their page, expressions go
 * through the rule-language parser and checker.
 *
 * A page whose answers stay invalid after the retries does not stop the extraction: it yields a
 * candidate without a quote whose `problems` say that page was not analysed, so the reviewer sees
 * the gap. Not running, model missing and cancel are thrown as AppError (SOURCE_UNREACHABLE,
 * NOT_FOUND, CANCELLED).
 */
export async function extractWithOllama(pages: PolicyPage[], options: OllamaExtractOptions): Promise<CandidateDraft[]> {
  const numCtx = options.numCtx ?? DEFAULT_NUM_CTX;
  if (!Number.isInteger(numCtx) || numCtx < 2 * ANSWER_RESERVE_TOKENS) {
    throw new AppError('INVALID_INPUT', `The context size must be a whole number of at least ${2 * ANSWER_RESERVE_TOKENS} tokens, not ${numCtx}.`);
  }
  await ensureModel(options.host, options.model);
  const session: Session = { options, numCtx };
  const pageCount = pages.length;
  const drafts: CandidateDraft[] = [];
  const seen = new Set<string>();
  for (const page of pages) {
    options.onProgress?.({ phase: 'finding', page: page.number, pageCount, candidates: drafts.length });
    if (!page.hasTextLayer || page.text.trim() === '') continue;
    drafts.push(...(await findOnPage(session, page, seen)));
  }
  const mapping = options.mapping;
  if (mapping) {
    for (const [index, draft] of drafts.entries()) {
      // Unverified quotes and failed pages are left for a person; mapping them would only add noise.
      if (draft.problems !== undefined) continue;
      options.onProgress?.({ phase: 'mapping', page: draft.page, pageCount, candidates: drafts.length });
      await mapDraft(session, draft, index, mapping);
    }
  }
  return drafts;
}
