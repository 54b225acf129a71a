import type { ExtractionProgress, ExtractorKind, PolicyPage } from '../policy.js';
import type { Severity } from '../rule.js';
import type { RuleDraft } from './rules.js';

export interface PolicySummary {
  id: string;
  filename: string;
  title: string | null;
  pages: number;
  extractor: string | null;
  connection: string | null;
  importedAt: string;
  candidates: { pending: number; accepted: number; rejected: number };
}

export interface CandidateView {
  id: string;
  policyId: string;
  page: number;
  quote: string;
  title: string;
  description: string;
  severity: Severity;
  confidence: number;
  origin: 'heuristic' | 'llm';
  status: 'pending' | 'accepted' | 'rejected';
  /** The proposed rule, when the clause could be mapped onto a table. */
  draft: RuleDraft | null;
  problems: string[];
  ruleId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
}

export interface PolicyDetail {
  policy: PolicySummary;
  pages: PolicyPage[];
  candidates: CandidateView[];
}

export interface PolicyImportRequest {
  fileName: string;
  /** The PDF's bytes, base64 (the same over every transport). */
  dataBase64: string;
  extractor: ExtractorKind;
  /** Fall back to the offline extractor when the model cannot be reached. Default true. */
  fallback?: boolean;
  model?: string;
  /** Map candidates onto this connection's tables. */
  connection?: string;
}

export interface PoliciesApi {
  listPolicies(args: Record<string, never>): Promise<PolicySummary[]>;
  getPolicy(args: { id: string }): Promise<PolicyDetail>;
  /** Starts an import and returns at once; `policy.progress` and `policy.finished` events follow. */
  importPolicy(args: PolicyImportRequest): Promise<{ jobId: string }>;
  cancelPolicyImport(args: { jobId: string }): Promise<void>;
  /** Accepts a candidate (optionally edited) as a draft rule, or an active one with `activate`. */
  acceptCandidate(args: { id: string; draft?: RuleDraft; activate?: boolean }): Promise<{ candidate: CandidateView; ruleId: string }>;
  rejectCandidate(args: { id: string; reason: string }): Promise<CandidateView>;
}

export type { ExtractionProgress };
