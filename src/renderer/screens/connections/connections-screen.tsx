import { useState } from 'react';
import type { ConnectionSummary } from '../../../shared/api/connections.js';
import type { Route } from '../../app/router.js';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { AddConnectionForm } from './add-connection-form.js';
import { ConnectionList } from './connection-list.js';
import { ConnectionSchema } from './connection-schema.js';
import { RemoveConnectionDialog } from './remove-connection-dialog.js';
import './connections.css';

/** `#/connections` lists and adds sources; `#/connections/NAME` browses one's schema. */
export function ConnectionsScreen({ route }: { route: Route }) {
  const name = route.path[0];
  return name ? <ConnectionSchema name={name} /> : <ConnectionsList />;
}

function ConnectionsList() {
  const list = useApiQuery(() => getApi().listConnections({}), [], ['connections', 'rules']);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ConnectionSummary | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const connections = list.data ?? [];
  const showForm = adding || (list.data !== null && connections.length === 0);

  return (
    <section className="screen connections-screen" data-screen="connections" data-ready={list.data && !list.loading ? 'true' : 'false'}>
      <PageHeader
        title="Connections"
        subtitle="The databases rules are checked against. PolicySentinel only reads them."
        actions={
          !showForm && (
            <button type="button" className="button primary" onClick={() => setAdding(true)} data-testid="conn-open-form">
              Add connection
            </button>
          )
        }
      />
      {notice && (
        <div className="ok-banner" role="status" data-testid="conn-notice">
          {notice}
        </div>
      )}
      {list.error && <ErrorBanner error={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading />}
      {list.data && connections.length === 0 && (
        <EmptyState title="No connection yet">
          Add a first source below: the path of a SQLite file, or a database URL (its password stays in an environment variable, never in the workspace). Then write rules or import a policy to
          check it.
        </EmptyState>
      )}
      {showForm && (
        <AddConnectionForm
          taken={connections.map((c) => c.name)}
          onAdded={(c) => {
            setAdding(false);
            setNotice(`Connection ${c.name} added: ${c.description}.`);
            list.reload();
          }}
          onCancel={connections.length > 0 ? () => setAdding(false) : undefined}
        />
      )}
      {connections.length > 0 && (
        <div className="card">
          <ConnectionList
            connections={connections}
            onRemove={(c) => {
              setNotice(null);
              setRemoving(c);
            }}
          />
        </div>
      )}
      {removing && (
        <RemoveConnectionDialog
          connection={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setNotice(`Connection ${removing.name} removed.`);
            setRemoving(null);
            list.reload();
          }}
        />
      )}
    </section>
  );
}
