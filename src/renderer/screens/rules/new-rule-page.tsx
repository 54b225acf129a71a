import { useMemo } from 'react';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref, useRouter } from '../../app/router.js';
import { ErrorBanner, PageHeader } from '../../ui/states.js';
import { emptyForm } from './draft-form.js';
import { RuleEditor } from './rule-editor.js';

/** A new rule: the editor on an empty draft, on the only connection when there is just one. */
export function NewRulePage() {
  const navigate = useRouter((s) => s.navigate);
  const connections = useApiQuery(() => getApi().listConnections({}), [], []);
  const rules = useApiQuery(() => getApi().listRules({}), [], ['rules']);
  const takenIds = useMemo(() => (rules.data ?? []).map((r) => r.id), [rules.data]);
  const ready = connections.data !== null || connections.error !== null;
  const only = connections.data?.length === 1 ? connections.data[0]!.name : '';
  return (
    <section className="screen" data-screen="rules" data-path="new" data-ready={ready ? 'true' : 'false'} data-testid="new-rule-page">
      <PageHeader
        title="New rule"
        subtitle={
          <>
            <a href={routeHref('rules')}>← All rules</a> · A new rule is saved as a draft unless you save and activate it.
          </>
        }
      />
      {connections.error && <ErrorBanner error={connections.error} onRetry={connections.reload} />}
      {ready && <RuleEditor initial={emptyForm(only)} isNew takenIds={takenIds} onSaved={(summary) => navigate('rules', [summary.id])} />}
    </section>
  );
}
