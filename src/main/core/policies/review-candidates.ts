import type { Rule } from '../../../shared/rule.js';
import { AppError } from '../../../shared/errors.js';
import { importRules } from '../rules/import-rules.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import type { CandidateRecord } from '../workspace/policies-repo.js';
import type { Workspace } from '../workspace/workspace.js';

export interface AcceptOptions {
  actor: string;
  /** The reviewer's version of the rule (from `--edit FILE`); the proposal is used when absent. */
  edited?: Rule;
  /** Nothing extracted becomes active unless the reviewer says so. */
  activate?: boolean;
  openSource: (config: ConnectionConfig) => Promise<Source>;
}

function pendingCandidate(ws: Workspace, id: string): CandidateRecord {
  const candidate = ws.policies.candidate(id);
  if (!candidate) throw new AppError('NOT_FOUND', `There is no candidate "${id}". See them with: policy candidates POLICY_ID`);
  if (candidate.status !== 'pending') {
    throw new AppError('INVALID_INPUT', `Candidate "${id}" was already ${candidate.status} by ${candidate.decidedBy} on ${candidate.decidedAt}.`);
  }
  return candidate;
}

/** Longest rule id (rule-file.ts RULE_ID_PATTERN). */
const MAX_RULE_ID = 100;

/**
 * The proposal's id, or the first of id-2, id-3, … that no rule has: accepting a candidate creates
 * a rule and never turns an existing one (a model's "receipt-required", the same sentence in
 * another policy) into a new version of itself.
 */
function freeRuleId(ws: Workspace, wanted: string): string {
  if (!ws.rules.get(wanted)) return wanted;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const id = `${wanted.slice(0, MAX_RULE_ID - suffix.length)}${suffix}`;
    if (!ws.rules.get(id)) return id;
  }
}

/**
 * Accepting checks the rule against the live schema of its connection and creates it as a draft
 * (or active, when asked) linked to the policy, page and quote it came from.
 */
export async function acceptCandidate(ws: Workspace, id: string, options: AcceptOptions): Promise<{ candidate: CandidateRecord; rule: Rule }> {
  const candidate = pendingCandidate(ws, id);
  const proposal = options.edited ?? candidate.rule;
  if (!proposal) {
    throw new AppError(
      'INVALID_INPUT',
      `Candidate "${id}" has no rule mapped onto a table${candidate.problems?.length ? ` (${candidate.problems.join('; ')})` : ''}. Write one and accept it with --edit FILE.`,
    );
  }
  const rule: Rule = {
    ...proposal,
    id: freeRuleId(ws, proposal.id),
    status: options.activate ? 'active' : 'draft',
    origin: candidate.origin === 'llm' ? 'llm' : 'heuristic',
    confidence: candidate.confidence,
    source: { policyId: candidate.policyId, page: candidate.page, quote: candidate.quote },
  };
  await importRules(ws, [rule], {
    activate: options.activate,
    actor: options.actor,
    openSource: options.openSource,
    reason: `accepted from policy ${candidate.policyId}, page ${candidate.page}`,
  });
  const decided = ws.policies.decide(id, { status: 'accepted', actor: options.actor, ruleId: rule.id });
  return { candidate: decided, rule: ws.rules.get(rule.id)! };
}

export function rejectCandidate(ws: Workspace, id: string, options: { actor: string; reason: string }): CandidateRecord {
  pendingCandidate(ws, id);
  if (options.reason.trim() === '') throw new AppError('INVALID_INPUT', 'Say why the candidate is rejected: --reason TEXT.');
  return ws.policies.decide(id, { status: 'rejected', actor: options.actor, reason: options.reason.trim() });
}
