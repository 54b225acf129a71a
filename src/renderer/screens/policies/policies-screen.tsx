import type { Route } from '../../app/router.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { ImportOutcome } from './import-outcome.js';
import { ImportPanel } from './import-panel.js';
import { PolicyList } from './policy-list.js';
import { PolicyView } from './policy-view.js';
import './policies.css';

/** `#/policies` lists and imports; `#/policies/ID?page=N&candidate=CID&status=S` reviews one. */
export function PoliciesScreen({ route }: { route: Route }) {
  const id = route.path[0];
  return id ? <PolicyView id={id} params={route.params} /> : <PoliciesList />;
}

function PoliciesList() {
  const list = useApiQuery(() => getApi().listPolicies({}), [], ['policies']);
  const policies = list.data ?? [];
  return (
    <section className="screen policies-screen" data-screen="policies" data-ready={list.data && !list.loading ? 'true' : 'false'}>
      <PageHeader title="Policies" subtitle="Policy PDFs turned into candidate rules. Every candidate waits for a person to accept, edit or reject it." />
      <ImportOutcome />
      <ImportPanel />
      {list.error && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading />}
      {list.data && policies.length === 0 && (
        <EmptyState title="No policy imported yet">
          Drop a policy PDF above. Its rule-like sentences become candidates, mapped onto the connection you choose; you review each one beside the page it came from.
        </EmptyState>
      )}
      {policies.length > 0 && (
        <div className="card">
          <PolicyList policies={policies} />
        </div>
      )}
    </section>
  );
}
