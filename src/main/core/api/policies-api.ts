import { randomUUID } from 'node:crypto';
import type { CandidateView, PoliciesApi, PolicyImportRequest, PolicySummary } from '../../../shared/api/policies.js';
import { AppError, serializeError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import { DEFAULT_OLLAMA_HOST, importPolicyBytes, MODEL_SETTING } from '../policies/import-policy.js';
import { acceptCandidate, rejectCandidate } from '../policies/review-candidates.js';
import type { CandidateRecord, PolicyRecord } from '../workspace/policies-repo.js';
import type { ApiContext } from './api-context.js';
import { withValidDraft } from './draft-check.js';
import { draftFromRule } from './rule-draft.js';

const log = createLogger('api.policies');

interface ImportJob {
  controller: AbortController;
  done: Promise<void>;
}

type CandidateCounts = PolicySummary['candidates'];

function candidateView(c: CandidateRecord): CandidateView {
  return {
    id: c.id,
    policyId: c.policyId,
    page: c.page,
    quote: c.quote,
    title: c.title,
    description: c.description,
    severity: c.severity,
    confidence: c.confidence,
    origin: c.origin,
    status: c.status,
    draft: c.rule ? draftFromRule(c.rule) : null,
    problems: c.problems ?? [],
    ruleId: c.ruleId,
    decidedBy: c.decidedBy,
    decidedAt: c.decidedAt,
    reason: c.reason,
  };
}

function policySummary(p: PolicyRecord, candidates: CandidateCounts | undefined): PolicySummary {
  return {
    id: p.id,
    filename: p.filename,
    title: p.title,
    pages: p.pages,
    extractor: p.extractor,
    connection: p.connection,
    importedAt: p.importedAt,
    candidates: candidates ?? { pending: 0, accepted: 0, rejected: 0 },
  };
}

/** Candidate counts per policy and status, in one grouped query. */
function candidateCounts(ctx: ApiContext, policyId?: string): Map<string, CandidateCounts> {
  const rows = ctx.ws.db
    .prepare(`SELECT policy_id, status, count(*) AS n FROM candidates ${policyId === undefined ? '' : 'WHERE policy_id = @policyId'} GROUP BY policy_id, status`)
    .all(policyId === undefined ? {} : { policyId }) as Array<{ policy_id: string; status: keyof CandidateCounts; n: number }>;
  const counts = new Map<string, CandidateCounts>();
  for (const row of rows) {
    const entry = counts.get(row.policy_id) ?? { pending: 0, accepted: 0, rejected: 0 };
    if (row.status in entry) entry[row.status] = row.n;
    counts.set(row.policy_id, entry);
  }
  return counts;
}

function decodePdf(request: PolicyImportRequest): Uint8Array {
  if (typeof request.fileName !== 'string' || request.fileName.trim() === '') {
    throw new AppError('INVALID_INPUT', 'The file has no name; choose the policy PDF again.', { field: 'fileName' });
  }
  if (request.extractor !== 'heuristic' && request.extractor !== 'ollama') {
    throw new AppError('INVALID_INPUT', `The extractor must be heuristic or ollama, not "${String(request.extractor)}".`, { field: 'extractor' });
  }
  const bytes = typeof request.dataBase64 === 'string' ? Buffer.from(request.dataBase64, 'base64') : Buffer.alloc(0);
  if (bytes.length === 0) throw new AppError('INVALID_INPUT', `${request.fileName} is empty (0 bytes): choose the policy's PDF file.`, { field: 'dataBase64' });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function createPoliciesApi(ctx: ApiContext): PoliciesApi & { dispose(): Promise<void> } {
  const jobs = new Map<string, ImportJob>();
  /** Jobs that ended, so a cancel that raced the end is not an error. */
  const ended = new Set<string>();

  const pendingOrFail = (id: string): CandidateRecord => {
    const candidate = ctx.ws.policies.candidate(id);
    if (!candidate) throw new AppError('NOT_FOUND', `There is no candidate "${id}". Reload the policy.`, { candidateId: id });
    return candidate;
  };

  const api: PoliciesApi = {
    async listPolicies() {
      const counts = candidateCounts(ctx);
      return ctx.ws.policies.list().map((p) => policySummary(p, counts.get(p.id)));
    },

    async getPolicy({ id }) {
      const policy = ctx.ws.policies.get(id);
      if (!policy) throw new AppError('NOT_FOUND', `There is no policy "${id}". Reload the list of policies.`, { policyId: id });
      return {
        policy: policySummary(policy, candidateCounts(ctx, id).get(id)),
        pages: ctx.ws.policies.pages(id),
        candidates: ctx.ws.policies.candidates(id).map(candidateView),
      };
    },

    async importPolicy(request) {
      const bytes = decodePdf(request);
      const fileName = request.fileName.trim();
      // A form's empty choice means "no connection".
      const connection = typeof request.connection === 'string' && request.connection.trim() !== '' ? request.connection.trim() : undefined;
      if (connection !== undefined && !ctx.ws.connections.get(connection)) {
        throw new AppError('NOT_FOUND', `There is no connection "${connection}" to map the candidates onto; choose another or none.`, { connection });
      }
      const jobId = randomUUID();
      const controller = new AbortController();
      const model = request.model ?? (() => {
        const chosen = ctx.ws.settings.get(MODEL_SETTING);
        return typeof chosen === 'string' ? chosen : undefined;
      })();
      const running = importPolicyBytes(ctx.ws, bytes, fileName, {
        extractor: request.extractor,
        model,
        ollamaHost: ctx.env.OLLAMA_HOST ?? DEFAULT_OLLAMA_HOST,
        fallback: request.fallback ?? true,
        connection,
        actor: ctx.actor,
        signal: controller.signal,
        openSource: ctx.openSource,
        extractors: ctx.extractors,
        onProgress: (progress) => ctx.emit({ type: 'policy.progress', jobId, fileName, progress }),
      });
      const done = running.then(
        (result) => {
          ctx.emit({ type: 'policy.finished', jobId, fileName, policyId: result.policy.id, alreadyImported: result.alreadyImported, notes: result.notes, error: null });
          if (!result.alreadyImported) ctx.emit({ type: 'data.changed', what: 'policies' });
        },
        (error: unknown) => {
          const serialized = serializeError(controller.signal.aborted ? new AppError('CANCELLED', `The import of ${fileName} was cancelled.`) : error);
          // A refused file is the user's to fix; only an unexpected failure is worth a warning in the log.
          if (serialized.code === 'INTERNAL') log.warn('policy import failed', { fileName, error: serialized.message });
          else log.info('policy import ended without a policy', { fileName, code: serialized.code });
          ctx.emit({ type: 'policy.finished', jobId, fileName, policyId: null, alreadyImported: false, notes: [], error: serialized });
        },
      ).finally(() => {
        jobs.delete(jobId);
        ended.add(jobId);
      });
      jobs.set(jobId, { controller, done });
      return { jobId };
    },

    async cancelPolicyImport({ jobId }) {
      const job = jobs.get(jobId);
      if (!job) {
        if (ended.has(jobId)) return;
        throw new AppError('NOT_FOUND', `There is no policy import "${jobId}".`, { jobId });
      }
      job.controller.abort();
      await job.done;
    },

    async acceptCandidate({ id, draft, activate }) {
      const candidate = pendingOrFail(id);
      const edited = draft === undefined ? undefined : await withValidDraft(ctx, draft, candidate.rule, async (valid) => valid.rule);
      const result = await acceptCandidate(ctx.ws, id, { actor: ctx.actor, edited, activate, openSource: ctx.openSource });
      ctx.emit({ type: 'data.changed', what: 'policies' });
      ctx.emit({ type: 'data.changed', what: 'rules' });
      return { candidate: candidateView(result.candidate), ruleId: result.rule.id };
    },

    async rejectCandidate({ id, reason }) {
      pendingOrFail(id);
      const decided = rejectCandidate(ctx.ws, id, { actor: ctx.actor, reason: typeof reason === 'string' ? reason : '' });
      ctx.emit({ type: 'data.changed', what: 'policies' });
      return candidateView(decided);
    },
  };

  return {
    ...api,
    /** Cancels every running import and waits for each to end. */
    async dispose() {
      const running = [...jobs.values()];
      for (const job of running) job.controller.abort();
      await Promise.all(running.map((job) => job.done));
    },
  };
}
