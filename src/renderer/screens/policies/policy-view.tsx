import type { CandidateView } from '../../../shared/api/policies.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref, useRouter } from '../../app/router.js';
import { formatTime } from '../../ui/format.js';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { CandidateList } from './candidate-list.js';
import { CandidateReview } from './candidate-review.js';
import { filterCandidates, nextPending, resolveSelection, statusFilterFrom, type StatusFilter } from './candidate-selection.js';
import { ImportOutcome } from './import-outcome.js';
import { PageText } from './page-text.js';

/** One policy: candidates beside the page text, the selected quote highlighted. */
export function PolicyView({ id, params }: { id: string; params: Record<string, string> }) {
  const navigate = useRouter((s) => s.navigate);
  const detail = useApiQuery(() => getApi().getPolicy({ id }), [id], ['policies']);
  const status = statusFilterFrom(params.status);
  const go = (next: { candidate?: string; page?: number; status?: StatusFilter }) => {
    const merged = { candidate: params.candidate, page: params.page, status: params.status, ...next };
    navigate('policies', [id], {
      candidate: merged.candidate,
      page: merged.page === undefined ? undefined : String(merged.page),
      status: merged.status === 'all' ? undefined : merged.status,
    });
  };

  const data = detail.data;
  const visible = data ? filterCandidates(data.candidates, status) : [];
  const selection = data ? resolveSelection(data, visible, params) : null;
  const selected = selection?.candidate ?? null;

  const select = (c: CandidateView) => go({ candidate: c.id, page: c.page });
  const onDecided = (decided: CandidateView) => {
    const next = data ? nextPending(filterCandidates(data.candidates, 'all'), decided.id) : null;
    // Stay on the decided candidate when it is the last one, so its outcome stays in view.
    if (next) go({ candidate: next.id, page: next.page });
    detail.reload();
  };

  return (
    <section className="screen policies-screen policy-view" data-screen="policies" data-testid="policy-view" data-ready={data && !detail.loading ? 'true' : 'false'}>
      <PageHeader
        title={data ? (data.policy.title ?? data.policy.filename) : 'Policy'}
        subtitle={
          data && (
            <>
              {data.policy.filename} · {data.policy.pages} page{data.policy.pages === 1 ? '' : 's'} · {data.policy.extractor ?? 'unknown'} extractor · mapped onto{' '}
              {data.policy.connection ?? 'no connection'} · imported {formatTime(data.policy.importedAt)}
            </>
          )
        }
        actions={
          <a className="button" href={routeHref('policies')}>
            ← All policies
          </a>
        }
      />
      <ImportOutcome policyId={id} />
      {detail.error && <ErrorBanner error={detail.error} onRetry={detail.reload} />}
      {!data && !detail.error && <Loading />}
      {data && selection && (
        <div className="policy-split">
          <div className="policy-left">
            <CandidateList
              candidates={visible}
              counts={data.policy.candidates}
              status={status}
              selectedId={selected?.id ?? null}
              onStatus={(s) => go({ status: s, candidate: undefined, page: undefined })}
              onSelect={select}
            />
          </div>
          <div className="policy-right">
            {selected ? (
              <CandidateReview key={selected.id} candidate={selected} connection={data.policy.connection} onDecided={onDecided} />
            ) : (
              data.candidates.length === 0 && (
                <EmptyState title="Nothing to review in this policy">
                  The extractor found no rule-like sentence. Read the pages below; rules can also be written by hand on the <a href={routeHref('rules')}>Rules</a> screen.
                </EmptyState>
              )
            )}
            <PageText pages={data.pages} page={selection.page} quote={selected ? { text: selected.quote, page: selected.page } : null} onPage={(page) => go({ page })} />
          </div>
        </div>
      )}
    </section>
  );
}
