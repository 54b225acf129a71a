import { useState } from 'react';
import type { RuleDetail } from '../../../shared/api/rules.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref } from '../../app/router.js';
import { SeverityBadge, StatusBadge } from '../../ui/badges.js';
import { ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { formatCount } from '../../ui/format.js';
import { formFromDraft } from './draft-form.js';
import { RuleEditor } from './rule-editor.js';
import { RuleHistory } from './rule-history.js';
import { LastResult } from './rules-list.js';
import { StatusToggle } from './status-toggle.js';
import './rules.css';

/** One rule: its state, its editor (with preview), and its versions. */
export function RulePage({ id }: { id: string }) {
  const detail = useApiQuery(() => getApi().getRule({ id }), [id], ['rules', 'runs', 'violations']);
  const [saved, setSaved] = useState<string | null>(null);
  const data = detail.data;
  return (
    <section className="screen" data-screen="rules" data-path={id} data-ready={data ? 'true' : 'false'} data-testid="rule-page">
      <PageHeader
        title={data ? data.summary.title : id}
        subtitle={
          <>
            <a href={routeHref('rules')}>← All rules</a> · <span className="mono">{id}</span>
            {data && <> · version {data.summary.version}</>}
          </>
        }
        actions={data && <StatusToggle ruleId={id} status={data.summary.status} onChanged={() => detail.reload()} />}
      />
      {detail.error && <ErrorBanner error={detail.error} onRetry={detail.reload} />}
      {detail.loading && !data && <Loading />}
      {saved && (
        <div className="ok-banner" role="status" data-testid="save-ok">
          {saved}
        </div>
      )}
      {data && <RuleFacts detail={data} />}
      {data && (
        <RuleEditor
          // A new version (saved here or elsewhere) starts the editor again from what is stored.
          key={`${id}@${data.summary.version}`}
          initial={formFromDraft(data.draft)}
          isNew={false}
          onSaved={(summary) => {
            setSaved(`Saved version ${summary.version}${summary.status === 'active' ? ', active' : ''}.`);
            detail.reload();
          }}
        />
      )}
      {data && (
        <section className="card" aria-label="History">
          <h2 className="card-title">History</h2>
          <RuleHistory versions={data.versions} current={data.draft} />
        </section>
      )}
    </section>
  );
}

function RuleFacts({ detail }: { detail: RuleDetail }) {
  const s = detail.summary;
  return (
    <div className="grid cols-3 rule-facts">
      <div className="card">
        <h2 className="card-title">State</h2>
        <div className="row">
          <StatusBadge status={s.status} />
          <SeverityBadge severity={s.severity} />
          <span className="muted">origin: {s.origin}</span>
        </div>
        <p className="muted rules-small">
          {s.connection} / {s.table}
        </p>
      </div>
      <div className="card">
        <h2 className="card-title">Last result</h2>
        <LastResult rule={s} />
        <p className="rules-small">
          {s.openViolations > 0 ? <a href={routeHref('violations', [], { rule: s.id, status: 'open' })}>{formatCount(s.openViolations)} open violations</a> : 'No open violations.'}
        </p>
      </div>
      <div className="card">
        <h2 className="card-title">From policy</h2>
        {detail.source ? (
          <>
            <blockquote className="rule-quote">“{detail.source.quote}”</blockquote>
            <p className="muted rules-small">
              <a href={routeHref('policies', [detail.source.policyId])}>{detail.source.filename}</a>, page {detail.source.page}
            </p>
          </>
        ) : (
          <p className="muted">Written by hand: no policy sentence behind it.</p>
        )}
      </div>
    </div>
  );
}
