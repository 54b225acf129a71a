import type { ReviewAction, ViolationDetail as Detail } from '../../../shared/api/violations.js';
import { routeHref } from '../../app/router.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { SeverityBadge, StatusBadge } from '../../ui/badges.js';
import { formatCell, formatTime } from '../../ui/format.js';
import { ErrorBanner, Loading } from '../../ui/states.js';
import { ReviewButtons } from './review-buttons.js';
import { ReviewHistory } from './review-history.js';

/** Everything about one violation, and the review moves its status allows. */
export function ViolationDetailPanel({ id, onClose }: { id: number; onClose(): void }) {
  const detail = useApiQuery(() => getApi().getViolation({ id }), [id], ['violations']);

  const review = async (action: ReviewAction, reason?: string) => {
    await getApi().reviewViolation({ id, action, ...(reason ? { reason } : {}) });
    detail.reload();
  };

  return (
    <aside
      className="card violation-detail"
      aria-label={`Violation ${id}`}
      data-testid="violation-detail"
      data-ready={detail.data && detail.data.row.id === id ? 'true' : 'false'}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented && !document.querySelector('.dialog')) onClose();
      }}
    >
      <div className="detail-head">
        <h2>Violation #{id}</h2>
        <button type="button" className="button ghost small" onClick={onClose} aria-label="Close the detail" data-testid="detail-close">
          ✕
        </button>
      </div>
      {detail.error && <ErrorBanner error={detail.error} onRetry={detail.reload} />}
      {!detail.data && !detail.error && <Loading />}
      {detail.data && <DetailBody detail={detail.data} onReview={review} />}
    </aside>
  );
}

function DetailBody({ detail, onReview }: { detail: Detail; onReview(action: ReviewAction, reason?: string): Promise<void> }) {
  const { row } = detail;
  return (
    <div className="detail-body">
      <div className="row">
        <SeverityBadge severity={row.severity} />
        <span data-testid="detail-status">
          <StatusBadge status={row.status} />
        </span>
        <span className="muted">
          {row.connection}.{row.table} · key {row.recordKey.map(formatCell).join(', ')}
        </span>
      </div>
      <ReviewButtons id={row.id} status={row.status} onReview={onReview} />

      <section>
        <h3>Why it violates</h3>
        <pre className="pre" data-testid="detail-justification">
          {detail.justification}
        </pre>
      </section>

      <section>
        <h3>Record</h3>
        <table className="table snapshot-table" data-testid="detail-snapshot">
          <tbody>
            {Object.entries(detail.snapshot).map(([column, value]) => (
              <tr key={column}>
                <th scope="row" className="mono">
                  {column}
                </th>
                <td className={value === null ? 'mono muted' : 'mono'}>{formatCell(value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section>
        <h3>Rule</h3>
        {detail.rule ? (
          <>
            <p className="detail-line">
              <a href={routeHref('rules', [detail.rule.id])} data-testid="detail-rule-link">
                {detail.rule.title}
              </a>{' '}
              <span className="muted mono">
                {detail.rule.id} · v{detail.rule.version}
              </span>
            </p>
            {detail.rule.description && <p className="detail-line muted">{detail.rule.description}</p>}
            <pre className="pre">{detail.rule.text}</pre>
          </>
        ) : (
          <p className="muted">The rule {row.ruleId} no longer exists.</p>
        )}
      </section>

      <section>
        <h3>Policy</h3>
        {detail.policy ? (
          <>
            <blockquote className="policy-quote">{detail.policy.quote}</blockquote>
            <a href={routeHref('policies', [detail.policy.policyId], { page: String(detail.policy.page) })} data-testid="detail-policy-link">
              {detail.policy.filename}, page {detail.policy.page}
            </a>
          </>
        ) : (
          <p className="muted">This rule was written by hand, not taken from a policy.</p>
        )}
      </section>

      <section>
        <h3>Scans</h3>
        <dl className="kv">
          <dt>First seen</dt>
          <dd>
            {formatTime(row.firstSeenAt)} in <a href={routeHref('scans', [String(detail.firstSeenRun)])}>run #{detail.firstSeenRun}</a>
          </dd>
          <dt>Status changed</dt>
          <dd>{formatTime(row.statusChangedAt)}</dd>
          {detail.resolvedRun !== null && (
            <>
              <dt>Resolved</dt>
              <dd>
                {formatTime(detail.resolvedAt)} in <a href={routeHref('scans', [String(detail.resolvedRun)])}>run #{detail.resolvedRun}</a>
              </dd>
            </>
          )}
        </dl>
      </section>

      <section>
        <h3>History</h3>
        <ReviewHistory entries={detail.history} />
      </section>
    </div>
  );
}
