import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
import type { CandidateDraft, PdfText, PolicyPage } from '../../../shared/policy.js';
import type { Rule, Severity } from '../../../shared/rule.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Clock } from './clock.js';

export type CandidateStatus = 'pending' | 'accepted' | 'rejected';

export interface PolicyRecord {
  id: string;
  filename: string;
  sha256: string;
  pages: number;
  status: string;
  title: string | null;
  extractor: string | null;
  connection: string | null;
  importedAt: string;
}

export interface CandidateRecord {
  id: string;
  policyId: string;
  page: number;
  quote: string;
  title: string;
  description: string;
  severity: Severity;
  confidence: number;
  origin: 'heuristic' | 'llm';
  rule?: Rule;
  problems?: string[];
  status: CandidateStatus;
  ruleId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

/** One request to the model and its answer, as an auditor may later ask to see it. */
export interface AiCallLog {
  operation: string;
  model: string;
  prompt: string;
  response: string;
  durationMs: number;
  ok: boolean;
  error?: string;
  page?: number;
  confidence?: number;
  candidateId?: string;
}

export interface NewPolicy {
  filename: string;
  pdf: PdfText;
  extractor: string;
  connection: string | null;
  candidates: CandidateDraft[];
}

export interface PoliciesRepo {
  bySha256(sha256: string): PolicyRecord | null;
  get(id: string): PolicyRecord | null;
  list(): PolicyRecord[];
  pages(policyId: string): PolicyPage[];
  candidates(policyId: string, status?: CandidateStatus): CandidateRecord[];
  candidate(id: string): CandidateRecord | null;
  /** Stores the policy, its pages and its candidates in one transaction, with an audit entry. */
  add(policy: NewPolicy, actor: string): { policy: PolicyRecord; candidates: CandidateRecord[] };
  decide(id: string, decision: { status: Exclude<CandidateStatus, 'pending'>; actor: string; reason?: string; ruleId?: string }): CandidateRecord;
  logAiCall(call: AiCallLog, policy: { sha256: string; id?: string }): void;
  aiCalls(policyId: string): Array<AiCallLog & { at: string }>;
}

interface PolicyRow {
  id: string;
  filename: string;
  sha256: string;
  pages: number;
  status: string;
  title: string | null;
  extractor: string | null;
  connection: string | null;
  imported_at: string;
}

interface CandidateRow {
  id: string;
  policy_id: string;
  page: number;
  quote: string;
  title: string;
  description: string;
  severity: Severity;
  confidence: number;
  origin: 'heuristic' | 'llm';
  rule: string | null;
  problems: string | null;
  status: CandidateStatus;
  rule_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}

const toPolicy = (r: PolicyRow): PolicyRecord => ({
  id: r.id,
  filename: r.filename,
  sha256: r.sha256,
  pages: r.pages,
  status: r.status,
  title: r.title,
  extractor: r.extractor,
  connection: r.connection,
  importedAt: r.imported_at,
});

function toCandidate(r: CandidateRow): CandidateRecord {
  return {
    id: r.id,
    policyId: r.policy_id,
    page: r.page,
    quote: r.quote,
    title: r.title,
    description: r.description,
    severity: r.severity,
    confidence: r.confidence,
    origin: r.origin,
    ...(r.rule ? { rule: JSON.parse(r.rule) as Rule } : {}),
    ...(r.problems ? { problems: JSON.parse(r.problems) as string[] } : {}),
    status: r.status,
    ruleId: r.rule_id,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
  };
}

/** Short, stable ids a user can type: `pol-` / `cand-` and hex from the content. */
function shortId(prefix: string, ...parts: string[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 10)}`;
}

export function createPoliciesRepo(db: Database.Database, audit: AuditLog, clock: Clock): PoliciesRepo {
  const byShaStmt = db.prepare('SELECT * FROM policies WHERE sha256 = ?');
  const byIdStmt = db.prepare('SELECT * FROM policies WHERE id = ?');
  const candidateStmt = db.prepare('SELECT * FROM candidates WHERE id = ?');
  const insertPolicy = db.prepare(
    `INSERT INTO policies (id, filename, sha256, pages, status, imported_at, title, extractor, connection)
     VALUES (?, ?, ?, ?, 'imported', ?, ?, ?, ?)`,
  );
  const insertPage = db.prepare('INSERT INTO policy_pages (policy_id, number, text, has_text_layer) VALUES (?, ?, ?, ?)');
  const insertCandidate = db.prepare(
    `INSERT INTO candidates (id, policy_id, page, quote, title, description, severity, confidence, origin, rule, problems, status, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
  );
  const insertCall = db.prepare(
    `INSERT INTO ai_calls (policy_sha256, policy_id, candidate_id, operation, model, prompt, response, duration_ms, confidence, page, ok, error, at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const add = db.transaction((policy: NewPolicy, actor: string) => {
    const at = clock();
    const id = shortId('pol', policy.pdf.sha256);
    insertPolicy.run(id, policy.filename, policy.pdf.sha256, policy.pdf.pageCount, at, policy.pdf.title, policy.extractor, policy.connection);
    for (const page of policy.pdf.pages) insertPage.run(id, page.number, page.text, page.hasTextLayer ? 1 : 0);
    const seen = new Set<string>();
    policy.candidates.forEach((c, index) => {
      let candidateId = shortId('cand', id, String(c.page), c.quote);
      if (seen.has(candidateId)) candidateId = shortId('cand', id, String(c.page), c.quote, String(index));
      seen.add(candidateId);
      const rule = c.rule ? { ...c.rule, source: { policyId: id, page: c.page, quote: c.quote } } : null;
      insertCandidate.run(candidateId, id, c.page, c.quote, c.title, c.description, c.severity, c.confidence, c.origin,
        rule ? JSON.stringify(rule) : null, c.problems && c.problems.length > 0 ? JSON.stringify(c.problems) : null, at);
    });
    db.prepare('UPDATE ai_calls SET policy_id = ? WHERE policy_sha256 = ? AND policy_id IS NULL').run(id, policy.pdf.sha256);
    audit.append({
      actor,
      action: 'policy.imported',
      entityType: 'policy',
      entityId: id,
      details: { filename: policy.filename, sha256: policy.pdf.sha256, pages: policy.pdf.pageCount, extractor: policy.extractor, candidates: policy.candidates.length },
    });
    return id;
  });

  const decide = db.transaction(
    (id: string, d: { status: Exclude<CandidateStatus, 'pending'>; actor: string; reason?: string; ruleId?: string }) => {
      const row = candidateStmt.get(id) as CandidateRow | undefined;
      if (!row) throw new AppError('NOT_FOUND', `There is no candidate "${id}". See them with: policy candidates POLICY_ID`);
      if (row.status !== 'pending') {
        throw new AppError('INVALID_INPUT', `Candidate "${id}" was already ${row.status} by ${row.decided_by} on ${row.decided_at}.`);
      }
      db.prepare('UPDATE candidates SET status = ?, rule_id = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?').run(
        d.status, d.ruleId ?? null, d.actor, clock(), d.reason ?? null, id,
      );
      audit.append({
        actor: d.actor,
        action: `candidate.${d.status}`,
        entityType: 'candidate',
        entityId: id,
        details: { policyId: row.policy_id, page: row.page, ...(d.ruleId ? { ruleId: d.ruleId } : {}), ...(d.reason ? { reason: d.reason } : {}) },
      });
      return toCandidate(candidateStmt.get(id) as CandidateRow);
    },
  );

  return {
    bySha256: (sha) => {
      const row = byShaStmt.get(sha) as PolicyRow | undefined;
      return row ? toPolicy(row) : null;
    },
    get: (id) => {
      const row = byIdStmt.get(id) as PolicyRow | undefined;
      return row ? toPolicy(row) : null;
    },
    list: () => (db.prepare('SELECT * FROM policies ORDER BY imported_at, id').all() as PolicyRow[]).map(toPolicy),
    pages: (policyId) =>
      (db.prepare('SELECT number, text, has_text_layer FROM policy_pages WHERE policy_id = ? ORDER BY number').all(policyId) as Array<{ number: number; text: string; has_text_layer: number }>).map((r) => ({
        number: r.number,
        text: r.text,
        hasTextLayer: r.has_text_layer === 1,
      })),
    candidates: (policyId, status) =>
      (status
        ? (db.prepare('SELECT * FROM candidates WHERE policy_id = ? AND status = ? ORDER BY page, rowid').all(policyId, status) as CandidateRow[])
        : (db.prepare('SELECT * FROM candidates WHERE policy_id = ? ORDER BY page, rowid').all(policyId) as CandidateRow[])
      ).map(toCandidate),
    candidate: (id) => {
      const row = candidateStmt.get(id) as CandidateRow | undefined;
      return row ? toCandidate(row) : null;
    },
    add: (policy, actor) => {
      const id = add.immediate(policy, actor);
      return { policy: toPolicy(byIdStmt.get(id) as PolicyRow), candidates: (db.prepare('SELECT * FROM candidates WHERE policy_id = ? ORDER BY page, rowid').all(id) as CandidateRow[]).map(toCandidate) };
    },
    decide: (id, decision) => decide.immediate(id, decision),
    logAiCall: (call, policy) => {
      insertCall.run(policy.sha256, policy.id ?? null, call.candidateId ?? null, call.operation, call.model, call.prompt, call.response,
        Math.round(call.durationMs), call.confidence ?? null, call.page ?? null, call.ok ? 1 : 0, call.error ?? null, clock());
    },
    aiCalls: (policyId) =>
      (db.prepare('SELECT * FROM ai_calls WHERE policy_id = ? ORDER BY id').all(policyId) as Array<Record<string, unknown>>).map((r) => ({
        operation: String(r.operation),
        model: String(r.model),
        prompt: String(r.prompt),
        response: String(r.response),
        durationMs: Number(r.duration_ms),
        ok: r.ok === 1,
        ...(r.error ? { error: String(r.error) } : {}),
        ...(r.page !== null ? { page: Number(r.page) } : {}),
        at: String(r.at),
      })),
  };
}
