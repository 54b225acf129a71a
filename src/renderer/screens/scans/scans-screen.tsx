import { useEffect, useState } from 'react';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import type { Route } from '../../app/router.js';
import { routeHref } from '../../app/router.js';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { connectActiveScan } from './active-scan-store.js';
import { RunDetail } from './run-detail.js';
import { RunsTable } from './runs-table.js';
import { ScanPanel } from './scan-panel.js';
import { SchedulesCard } from './schedules-card.js';
import './scans.css';

const PAGE = 50;

export function ScansScreen({ route }: { route: Route }) {
  useEffect(connectActiveScan, []);
  const [limit, setLimit] = useState(PAGE);
  const runs = useApiQuery(() => getApi().listRuns({ limit, offset: 0 }), [limit], ['runs']);
  const requested = route.path[0] ? Number(route.path[0]) : null;
  const selected = requested ?? runs.data?.runs[0]?.id ?? null;

  return (
    <section className="screen" data-screen="scans" data-ready={runs.data ? 'true' : 'false'}>
      <PageHeader title="Scans" subtitle="Run the active rules now or on a schedule, and see what each run found." />
      <ScanPanel />
      <SchedulesCard />
      {runs.error && <ErrorBanner error={runs.error} onRetry={runs.reload} />}
      {runs.loading && !runs.data && <Loading />}
      {runs.data && runs.data.total === 0 && (
        <EmptyState title="No scans yet">
          Activate rules on the <a href={routeHref('rules')}>Rules screen</a>, then run a scan above. Every run is kept here with its figures per rule.
        </EmptyState>
      )}
      {runs.data && runs.data.total > 0 && (
        <div className="grid">
          <div className="card">
            <h2>History</h2>
            <RunsTable runs={runs.data.runs} selected={selected} />
            {runs.data.total > runs.data.runs.length && (
              <button type="button" className="button small" style={{ marginTop: 8 }} onClick={() => setLimit((l) => l + PAGE)}>
                Show more ({runs.data.total - runs.data.runs.length} older)
              </button>
            )}
          </div>
          {selected !== null && Number.isInteger(selected) && <RunDetail runId={selected} />}
        </div>
      )}
    </section>
  );
}
