import { useState } from 'react';
import type { CandidateView } from '../../../shared/api/policies.js';
import type { RuleDraft, RuleProblem } from '../../../shared/api/rules.js';
import { ApiError } from '../../../shared/api-client.js';
import { getApi } from '../../api/get-api.js';
import { routeHref } from '../../app/router.js';
import { SeverityBadge, StatusBadge } from '../../ui/badges.js';
import { formatPercent, formatTime } from '../../ui/format.js';
import { ErrorBanner } from '../../ui/states.js';
import { emptyForm, formFromDraft, suggestId, type DraftForm } from '../rules/draft-form.js';
import { ReasonDialog } from '../violations/reason-dialog.js';
import { CandidateEditForm } from './candidate-edit-form.js';

interface Props {
  candidate: CandidateView;
  /** The policy's connection, proposed when a candidate has no mapped rule. */
  connection: string | null;
  onDecided(candidate: CandidateView, ruleId: string | null): void;
}

function problemsOf(error: unknown): RuleProblem[] {
  const problems = error instanceof ApiError ? error.details?.problems : undefined;
  return Array.isArray(problems) ? (problems as RuleProblem[]) : [];
}

function initialForm(candidate: CandidateView, connection: string | null): DraftForm {
  if (candidate.draft) return formFromDraft(candidate.draft);
  return { ...emptyForm(connection ?? ''), id: suggestId(candidate.title), title: candidate.title, description: candidate.description, severity: candidate.severity };
}

/** One candidate: the sentence, what the core made of it, and the decision. */
export function CandidateReview({ candidate, connection, onDecided }: Props) {
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [problems, setProblems] = useState<RuleProblem[]>([]);

  const accept = async (draft: RuleDraft | undefined, activate: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const result = await getApi().acceptCandidate({ id: candidate.id, ...(draft ? { draft } : {}), activate });
      setEditing(false);
      setProblems([]);
      onDecided(result.candidate, result.ruleId);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      setProblems(problemsOf(e));
    } finally {
      setBusy(false);
    }
  };

  const pending = candidate.status === 'pending';
  return (
    <div className="card candidate-review" data-testid="candidate-review" data-candidate-id={candidate.id} data-status={candidate.status}>
      <div className="row">
        <h2 className="candidate-review-title">{candidate.title}</h2>
        <span className="spacer" />
        <SeverityBadge severity={candidate.severity} />
        <StatusBadge status={candidate.status} />
      </div>
      <p className="muted candidate-facts">
        Page {candidate.page} · {candidate.origin === 'llm' ? 'found by the local model' : 'found by the offline heuristic'} · confidence {formatPercent(candidate.confidence, 0)}
      </p>
      <blockquote className="candidate-quote">{candidate.quote}</blockquote>
      {candidate.description && candidate.description !== candidate.title && <p>{candidate.description}</p>}
      {candidate.problems.length > 0 && (
        <div className="candidate-problems" data-testid="candidate-problems">
          <strong>What the mapping could not settle</strong>
          <ul>
            {candidate.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {candidate.draft ? <DraftSummary draft={candidate.draft} /> : pending && <p className="candidate-unmapped">No rule could be mapped onto a table: use Edit to write one, or reject the sentence.</p>}
      {!pending && <Decision candidate={candidate} />}
      {pending && !editing && (
        <>
          {error && (
            <div data-testid="accept-error">
              <ErrorBanner error={error} />
              {problems.length > 0 && <p className="muted">Use Edit… to correct the rule before accepting it.</p>}
            </div>
          )}
          <div className="row candidate-actions">
            <button type="button" className="button" disabled={busy || !candidate.draft} onClick={() => void accept(undefined, false)} data-testid="accept-draft">
              Accept as draft
            </button>
            <button type="button" className="button primary" disabled={busy || !candidate.draft} onClick={() => void accept(undefined, true)} data-testid="accept-activate">
              Accept and activate
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => {
                setEditing(true);
              }}
              data-testid="edit-candidate"
            >
              Edit…
            </button>
            <button type="button" className="button danger" disabled={busy} onClick={() => setRejecting(true)} data-testid="reject-candidate">
              Reject…
            </button>
          </div>
        </>
      )}
      {pending && editing && (
        <CandidateEditForm
          initial={initialForm(candidate, connection)}
          problems={problems}
          error={error}
          busy={busy}
          onAccept={(draft, activate) => void accept(draft, activate)}
          onCancel={() => {
            setEditing(false);
            setError(null);
            setProblems([]);
          }}
        />
      )}
      {rejecting && (
        <ReasonDialog
          title={`Reject “${candidate.title}”?`}
          confirmLabel="Reject"
          requireReason
          onCancel={() => setRejecting(false)}
          onConfirm={async (reason) => {
            const decided = await getApi().rejectCandidate({ id: candidate.id, reason });
            setRejecting(false);
            onDecided(decided, null);
          }}
        >
          <p className="muted">The sentence stays in the policy and the audit trail records who rejected it and why.</p>
        </ReasonDialog>
      )}
    </div>
  );
}

function DraftSummary({ draft }: { draft: RuleDraft }) {
  return (
    <dl className="kv candidate-draft" data-testid="candidate-draft">
      <dt>Rule id</dt>
      <dd className="mono">{draft.id}</dd>
      <dt>Checks</dt>
      <dd className="mono">
        {draft.connection}.{draft.table ?? '(query)'}
      </dd>
      {draft.when && (
        <>
          <dt>When</dt>
          <dd className="mono">{draft.when}</dd>
        </>
      )}
      {draft.require && (
        <>
          <dt>Require</dt>
          <dd className="mono">{draft.require}</dd>
        </>
      )}
      {draft.violation && (
        <>
          <dt>Violation</dt>
          <dd className="mono">{draft.violation}</dd>
        </>
      )}
    </dl>
  );
}

function Decision({ candidate }: { candidate: CandidateView }) {
  return (
    <div className={candidate.status === 'accepted' ? 'ok-banner' : 'candidate-rejected'} data-testid="candidate-decision">
      {candidate.status === 'accepted' ? 'Accepted' : 'Rejected'} by {candidate.decidedBy ?? 'someone'} on {formatTime(candidate.decidedAt)}
      {candidate.reason && <>: “{candidate.reason}”</>}
      {candidate.ruleId && (
        <>
          {' · '}
          <a href={routeHref('rules', [candidate.ruleId])} data-testid="candidate-rule-link">
            Open rule {candidate.ruleId}
          </a>
        </>
      )}
    </div>
  );
}
