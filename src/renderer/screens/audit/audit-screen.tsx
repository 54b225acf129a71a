import type { Route } from '../../app/router.js';
import { useRouter } from '../../app/router.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { formatCount } from '../../ui/format.js';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { AuditEntryRow } from './audit-entry-row.js';
import { AuditFilterForm } from './audit-filter-form.js';
import { AUDIT_PAGE_SIZE, auditQueryFromParams, auditQueryToParams, pageInfo, type AuditQuery } from './audit-query.js';
import { useVerifyChain, VerdictBanner, VerifyButton } from './verify-chain.js';
import './audit.css';

/** `#/audit?action=&entity=&actor=&q=&order=&page=` */
export function AuditScreen({ route }: { route: Route }) {
  const navigate = useRouter((s) => s.navigate);
  const query = auditQueryFromParams(route.params);
  const key = JSON.stringify(query);
  const list = useApiQuery(
    () => getApi().listAudit({ filter: query.filter, order: query.order, offset: query.page * AUDIT_PAGE_SIZE, limit: AUDIT_PAGE_SIZE }),
    [key],
    ['audit'],
  );
  const chain = useVerifyChain();
  const go = (next: Partial<AuditQuery>) => navigate('audit', [], auditQueryToParams({ ...query, page: 0, ...next }));
  const filtered = Object.keys(query.filter).length > 0;
  const data = list.data;
  const info = data ? pageInfo(query.page, AUDIT_PAGE_SIZE, data.total, data.entries.length) : null;

  return (
    <section className="screen audit-screen" data-screen="audit" data-ready={data && !list.loading ? 'true' : 'false'}>
      <PageHeader
        title="Audit trail"
        subtitle="Every change in this workspace, signed into a hash chain: editing or deleting an entry breaks the chain."
        actions={<VerifyButton busy={chain.busy} onVerify={() => void chain.verify()} />}
      />
      <VerdictBanner verdict={chain.verdict} error={chain.error} onRetry={() => void chain.verify()} />
      <AuditFilterForm filter={query.filter} onApply={(filter) => go({ filter })} />
      {list.error && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {!data && !list.error && <Loading />}
      {data && data.total === 0 && (
        <EmptyState
          title={filtered ? 'No entry matches this filter' : 'The audit trail is empty'}
          action={
            filtered ? (
              <button type="button" className="button" onClick={() => go({ filter: {} })}>
                Clear the filter
              </button>
            ) : undefined
          }
        >
          {filtered ? 'Try a shorter action prefix or remove a field.' : 'Entries appear as you add connections, change rules, run scans and review violations.'}
        </EmptyState>
      )}
      {data && info && data.total > 0 && (
        <div className="card audit-list">
          <div className="row audit-toolbar">
            <span className="muted" data-testid="audit-range">
              {formatCount(info.from)}–{formatCount(info.to)} of {formatCount(data.total)}
            </span>
            <span className="spacer" />
            <button type="button" className="button small" onClick={() => go({ order: query.order === 'newest' ? 'oldest' : 'newest' })} data-testid="audit-order">
              {query.order === 'newest' ? 'Newest first ▼' : 'Oldest first ▲'}
            </button>
          </div>
          <table className="table audit-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Entity</th>
                <th scope="col">Actor</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {data.entries.map((entry) => (
                <AuditEntryRow key={entry.seq} entry={entry} />
              ))}
            </tbody>
          </table>
          <nav className="row audit-pager" aria-label="Audit pages">
            <button type="button" className="button small" disabled={!info.hasPrev} onClick={() => go({ page: query.page - 1 })} data-testid="audit-prev">
              ← Newer
            </button>
            <span className="muted">
              Page {query.page + 1} of {formatCount(info.pageCount)}
            </span>
            <button type="button" className="button small" disabled={!info.hasNext} onClick={() => go({ page: query.page + 1 })} data-testid="audit-next">
              Older →
            </button>
          </nav>
        </div>
      )}
    </section>
  );
}
