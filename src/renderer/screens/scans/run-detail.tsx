import { Fragment } from 'react';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref } from '../../app/router.js';
import { StatusBadge } from '../../ui/badges.js';
import { formatCount, formatDuration, formatTime } from '../../ui/format.js';
import { ErrorBanner, Loading } from '../../ui/states.js';
import { placeRows } from './run-places.js';

export function RunDetail({ runId }: { runId: number }) {
  const detail = useApiQuery(() => getApi().getRun({ id: runId }), [runId], ['runs']);
  if (detail.error) return <ErrorBanner error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const { run, rules } = detail.data;
  return (
    <div className="card" data-testid="run-detail">
      <div className="row">
        <h2 style={{ margin: 0 }}>Run #{run.id}</h2>
        <StatusBadge status={run.status} />
      </div>
      <dl className="kv" style={{ margin: '10px 0' }}>
        <dt>Started</dt>
        <dd title={run.startedAt}>{formatTime(run.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{formatTime(run.finishedAt)}</dd>
        <dt>Data as of</dt>
        <dd>{formatTime(run.asOf)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(run.durationMs)}</dd>
        {run.error && (
          <>
            <dt>Error</dt>
            <dd className="field-error">{run.error}</dd>
          </>
        )}
      </dl>
      <table className="table">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Status</th>
            <th className="num">Records</th>
            <th className="num">In scope</th>
            <th className="num">Violating</th>
            <th className="num">New</th>
            <th className="num">Resolved</th>
            <th className="num">Time</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <Fragment key={r.id}>
              <tr>
                <td>
                  <a href={routeHref('rules', [r.id])}>{r.title ?? r.id}</a>
                  <div className="muted mono">
                    {r.id} v{r.ruleVersion}
                  </div>
                  {r.error && (
                    <div className="field-error" data-testid="run-rule-error">
                      {r.error.message}
                    </div>
                  )}
                </td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td className="num">{formatCount(r.recordsScanned)}</td>
                <td className="num">{formatCount(r.recordsInScope)}</td>
                <td className="num">
                  <a href={routeHref('violations', [], { rule: r.id })}>{formatCount(r.violationsOpen)}</a>
                </td>
                <td className="num">{formatCount(r.violationsNew)}</td>
                <td className="num">{formatCount(r.resolved)}</td>
                <td className="num">{formatDuration(r.durationMs)}</td>
              </tr>
              {placeRows(r).map((p) => (
                <tr key={`${r.id}:${p.mapping}`} className="run-place-row" data-testid="run-place-row" data-rule={r.id} data-connection={p.connection}>
                  <td>
                    <span className="run-place mono" title={p.role === 'main' ? 'The rule’s own table' : 'A further place (also check on)'}>
                      {p.place}
                    </span>
                    <span className="muted"> {p.role === 'main' ? 'main place' : 'also on'}</span>
                    {p.error && <div className="field-error">{p.error.message}</div>}
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td className="num">{formatCount(p.recordsScanned)}</td>
                  <td className="num">{formatCount(p.recordsInScope)}</td>
                  <td className="num">
                    <a href={routeHref('violations', [], p.violationParams)} aria-label={`Open violations of ${r.id} in ${p.place}`}>
                      {formatCount(p.violationsOpen)}
                    </a>
                  </td>
                  <td className="num">{formatCount(p.violationsNew)}</td>
                  <td className="num">{formatCount(p.resolved)}</td>
                  <td className="num">{formatDuration(p.durationMs)}</td>
                </tr>
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
