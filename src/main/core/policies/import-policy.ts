import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { CandidateDraft, ExtractionProgress, ExtractorKind, PdfText, PolicyPage } from '../../../shared/policy.js';
import type { SourceSchema } from '../../../shared/schema.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import type { AiCallLog, CandidateRecord, PolicyRecord } from '../workspace/policies-repo.js';
import type { Workspace } from '../workspace/workspace.js';
import { checkPdfSize } from './pdf/check-pdf-bytes.js';

/** What the connection's schema looks like, for mapping candidates onto its tables. */
export interface MappingTarget {
  schema: SourceSchema;
  connection: string;
}

/** The pieces an import is made of; the defaults are in `policy-extractors.ts`, tests may swap them. */
export interface PolicyExtractors {
  readPdf(bytes: Uint8Array, options: { signal?: AbortSignal; onPage?: (page: number, pageCount: number) => void }): Promise<PdfText>;
  heuristic(pages: PolicyPage[], mapping: MappingTarget | null): CandidateDraft[];
  ollama(
    pages: PolicyPage[],
    options: { host: string; model: string; signal?: AbortSignal; mapping: MappingTarget | null; logCall: (call: AiCallLog) => void; onProgress?: (p: ExtractionProgress) => void },
  ): Promise<CandidateDraft[]>;
}

export interface ImportPolicyOptions {
  extractor: ExtractorKind;
  model?: string;
  ollamaHost?: string;
  /** Fall back to the offline extractor when the model cannot be reached. */
  fallback?: boolean;
  connection?: string;
  actor: string;
  signal?: AbortSignal;
  onProgress?: (progress: ExtractionProgress) => void;
  /** Notes for the user that are not errors (a fallback, pages without text). */
  onNote?: (message: string) => void;
  openSource: (config: ConnectionConfig) => Promise<Source>;
  extractors: PolicyExtractors;
}

export interface ImportPolicyResult {
  policy: PolicyRecord;
  candidates: CandidateRecord[];
  /** True when this file (same SHA-256) was imported before: nothing new was stored. */
  alreadyImported: boolean;
  notes: string[];
}

export const DEFAULT_OLLAMA_HOST = 'http://127.0.0.1:11434';
export const DEFAULT_MODEL = 'llama3.1';
/** The workspace setting that holds the model chosen with `policy models --use`. */
export const MODEL_SETTING = 'ollama.model';

async function mappingTarget(ws: Workspace, name: string | undefined, open: ImportPolicyOptions['openSource']): Promise<MappingTarget | null> {
  if (name === undefined) return null;
  const connection = ws.connections.get(name);
  if (!connection) throw new AppError('NOT_FOUND', `Connection "${name}" does not exist. See them with: connection list`);
  const source = await open(connection.config);
  try {
    return { schema: await source.schema(), connection: name };
  } finally {
    await source.close();
  }
}

/**
 * Reads a policy PDF, finds rule candidates (local model or offline heuristic), maps them onto a
 * connection's schema when one is named, and stores policy, pages and candidates together. A file
 * that fails validation stores nothing; the same file imported twice is reported, not duplicated.
 */
export async function importPolicy(ws: Workspace, path: string, options: ImportPolicyOptions): Promise<ImportPolicyResult> {
  const info = await stat(path).catch(() => null);
  if (!info || !info.isFile()) throw new AppError('NOT_FOUND', `There is no file at ${path}.`);
  // An oversized file is refused from its size alone, before it is read into memory.
  checkPdfSize(info.size);
  return importPolicyBytes(ws, new Uint8Array(await readFile(path)), basename(path), options);
}

/** The same import from bytes already in memory (a window sends the file's content, not a path). */
export async function importPolicyBytes(ws: Workspace, bytes: Uint8Array, filename: string, options: ImportPolicyOptions): Promise<ImportPolicyResult> {
  const notes: string[] = [];
  const note = (message: string): void => {
    notes.push(message);
    options.onNote?.(message);
  };
  checkPdfSize(bytes.byteLength);

  // A file imported before is recognised by its hash before any parsing.
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const existing = ws.policies.bySha256(sha256);
  if (existing) {
    note(`${filename} was already imported on ${existing.importedAt} as policy ${existing.id} ("${existing.filename}"); nothing new was stored.`);
    return { policy: existing, candidates: ws.policies.candidates(existing.id), alreadyImported: true, notes };
  }
  const pdf = await options.extractors.readPdf(bytes, {
    signal: options.signal,
    onPage: (page, pageCount) => options.onProgress?.({ phase: 'reading', page, pageCount, candidates: 0 }),
  });
  const blank = pdf.pages.filter((p) => !p.hasTextLayer).map((p) => p.number);
  if (blank.length > 0) {
    note(`Page${blank.length > 1 ? 's' : ''} ${blank.join(', ')} ha${blank.length > 1 ? 've' : 's'} no text layer (a scanned image?): nothing can be found there without OCR.`);
  }

  const mapping = await mappingTarget(ws, options.connection, options.openSource);
  let extractor: ExtractorKind = options.extractor;
  let drafts: CandidateDraft[];
  if (extractor === 'ollama') {
    try {
      drafts = await options.extractors.ollama(pdf.pages, {
        host: options.ollamaHost ?? DEFAULT_OLLAMA_HOST,
        model: options.model ?? DEFAULT_MODEL,
        signal: options.signal,
        mapping,
        onProgress: options.onProgress,
        logCall: (call) => ws.policies.logAiCall(call, { sha256: pdf.sha256 }),
      });
    } catch (error) {
      const recoverable = error instanceof AppError && (error.code === 'SOURCE_UNREACHABLE' || error.code === 'NOT_FOUND');
      if (!options.fallback || !recoverable) throw error;
      note(`${error.message} Falling back to the offline extractor.`);
      extractor = 'heuristic';
      drafts = options.extractors.heuristic(pdf.pages, mapping);
    }
  } else {
    drafts = options.extractors.heuristic(pdf.pages, mapping);
  }
  options.onProgress?.({ phase: 'done', page: pdf.pageCount, pageCount: pdf.pageCount, candidates: drafts.length });
  const stored = ws.policies.add({ filename, pdf, extractor, connection: options.connection ?? null, candidates: drafts }, options.actor);
  return { ...stored, alreadyImported: false, notes };
}
