import type { Route } from '../../app/router.js';
import { routeHref, useRouter } from '../../app/router.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { formatCount, formatDuration } from '../../ui/format.js';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { ComplianceTable } from './compliance-table.js';
import { isEmptyWorkspace } from './compliance.js';
import { FirstStepsCard } from './first-steps-card.js';
import { showFirstSteps } from './first-steps.js';
import { FailedRules, TopRules } from './rule-lists.js';
import { ScanCard } from './scan-card.js';
import { SeverityCards } from './severity-cards.js';
import { TrendChart } from './trend-chart.js';
import './dashboard.css';

export function DashboardScreen({ route }: { route: Route }) {
  const navigate = useRouter((s) => s.navigate);
  const days: 30 | 90 = route.params.days === '90' ? 90 : 30;
  const dashboard = useApiQuery(() => getApi().getDashboard({ days }), [days], ['violations', 'runs', 'rules']);
  const workspace = useApiQuery(() => getApi().getWorkspace({}), [], ['connections', 'rules', 'runs']);
  const d = dashboard.data;
  const counts = workspace.data?.counts;

  return (
    <section className="screen dashboard-screen" data-screen="dashboard" data-ready={d ? 'true' : 'false'}>
      <PageHeader
        title="Dashboard"
        subtitle={d ? <span data-testid="open-total">{formatCount(d.openTotal)} open violations</span> : undefined}
        actions={
          d && (
            <span className="computed muted" title="Time the core took to compute these figures" data-testid="computed-ms">
              computed in {formatDuration(d.computedMs)}
            </span>
          )
        }
      />
      {dashboard.error && <ErrorBanner error={dashboard.error} onRetry={dashboard.reload} />}
      {!d && !dashboard.error && <Loading label="Computing the dashboard…" />}
      {d && isEmptyWorkspace(d) && !counts && !workspace.error && <Loading />}
      {d && isEmptyWorkspace(d) && workspace.error && (
        <EmptyState title="Nothing to report yet" action={<WelcomeSteps />}>
          Three steps give you a dashboard: connect a database, write or import rules, then run a scan.
        </EmptyState>
      )}
      {d && counts && (isEmptyWorkspace(d) || showFirstSteps(counts)) && <FirstStepsCard counts={counts} empty={isEmptyWorkspace(d)} />}
      {d && !isEmptyWorkspace(d) && (
        <>
          <SeverityCards counts={d.openBySeverity} />
          <div className="grid dashboard-top">
            <div className="card">
              <div className="card-head">
                <h2 className="card-title">New vs resolved, last {days} days</h2>
                <div className="segmented" role="group" aria-label="Trend window">
                  {([30, 90] as const).map((n) => (
                    <button
                      key={n}
                      type="button"
                      className={`button small${days === n ? ' primary' : ''}`}
                      aria-pressed={days === n}
                      data-testid={`trend-${n}`}
                      onClick={() => navigate('dashboard', [], n === 30 ? {} : { days: String(n) })}
                    >
                      {n} days
                    </button>
                  ))}
                </div>
              </div>
              <TrendChart trend={d.trend} days={days} />
            </div>
            <ScanCard lastRun={d.lastRun} nextScheduledScan={d.nextScheduledScan} />
          </div>
          <div className="grid dashboard-bottom">
            <div className="card">
              <h2 className="card-title">Compliance by rule</h2>
              {d.rules.length ? (
                <ComplianceTable rules={d.rules} />
              ) : (
                <p className="muted">
                  No active rules. <a href={routeHref('rules')}>Activate or write one</a>.
                </p>
              )}
            </div>
            <div className="dashboard-side">
              <div className="card">
                <h2 className="card-title">Top rules by open violations</h2>
                <TopRules rules={d.topRules} />
              </div>
              <div className="card">
                <h2 className="card-title">Rules whose last run failed</h2>
                <FailedRules rules={d.failedRules} />
              </div>
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function WelcomeSteps() {
  return (
    <div className="row welcome-steps">
      <a className="button primary" href={routeHref('connections')}>
        1. Add a connection
      </a>
      <a className="button" href={routeHref('rules')}>
        2. Write rules
      </a>
      <a className="button" href={routeHref('scans')}>
        3. Run a scan
      </a>
    </div>
  );
}
