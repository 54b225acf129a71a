import { useEffect, useMemo, useState } from 'react';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { routeHref, useRouter, type Route } from '../../app/router.js';
import { EmptyState, ErrorBanner, Loading, PageHeader } from '../../ui/states.js';
import { GraphCanvas, type EdgeInfo } from './graph-canvas.js';
import { prepareGraph, tableNeighbourhood, type LayoutNode } from './graph-layout.js';
import { GraphLegend } from './graph-legend.js';
import { GraphSideList } from './graph-side-list.js';
import './graph.css';

/** Above this many columns the graph starts with columns hidden. */
const MANY_COLUMNS = 300;

export function GraphScreen({ route }: { route: Route }) {
  const navigate = useRouter((s) => s.navigate);
  const graph = useApiQuery(() => getApi().getRuleGraph({}), [], ['rules', 'connections']);
  const data = graph.data;
  const columnCount = data ? data.nodes.filter((n) => n.kind === 'column').length : 0;
  const [hideColumns, setHideColumns] = useState<boolean | null>(route.params.columns === 'hide' ? true : null);
  const hide = hideColumns ?? columnCount > MANY_COLUMNS;
  const [selectedTable, setSelectedTable] = useState<string | null>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [edge, setEdge] = useState<EdgeInfo | null>(null);

  // Rebuild only when the core says the graph changed (its revision), not on every reload.
  const revision = data?.revision ?? -1;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const prepared = useMemo(() => (data ? prepareGraph(data, { hideColumns: hide }) : null), [revision, hide, data !== null]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const highlighted = useMemo(() => (data && selectedTable ? tableNeighbourhood(data, selectedTable) : null), [revision, selectedTable]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setSelectedTable(null);
        setFocusedId(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const activate = (node: LayoutNode): void => {
    if (node.kind === 'rule' && node.node.ruleId) navigate('rules', [node.node.ruleId]);
    else if (node.kind === 'table') setSelectedTable((current) => (current === node.id ? null : node.id));
    else setFocusedId(node.id);
  };
  const ruleCount = data?.nodes.filter((n) => n.kind === 'rule').length ?? 0;
  const selectedLabel = selectedTable ? data?.nodes.find((n) => n.id === selectedTable)?.label : null;

  return (
    <section className="screen graph-screen" data-screen="graph" data-ready={prepared ? 'true' : 'false'} data-revision={revision} data-testid="graph-screen">
      <PageHeader
        title="Rule graph"
        subtitle="Rules, the tables and columns they read, and how rules depend on each other. Click a rule to open it, a table to light up its rules."
        actions={
          <label className="inline-check">
            <input type="checkbox" checked={hide} onChange={(e) => setHideColumns(e.target.checked)} data-testid="graph-hide-columns" /> Hide columns
          </label>
        }
      />
      {graph.error && <ErrorBanner error={graph.error} onRetry={graph.reload} />}
      {graph.loading && !data && <Loading />}
      {data && ruleCount === 0 && (
        <EmptyState
          title="No rules to draw yet"
          action={
            <a className="button primary" href={routeHref('rules', ['new'])}>
              Write a rule
            </a>
          }
        >
          The graph shows rules and the data they read. Write a rule, or import a policy and accept its candidates.
        </EmptyState>
      )}
      {data && prepared && ruleCount > 0 && (
        <>
          <div className="graph-bar">
            <GraphLegend />
            <Cycles cycles={prepared.cycles} />
          </div>
          <div className="graph-layout">
            <div className="card graph-stage">
              <GraphCanvas graph={prepared} layoutKey={`${revision}|${hide}`} highlighted={highlighted} focusedId={focusedId} onActivate={activate} onEdgeInfo={setEdge} />
              <div className="graph-info" aria-live="polite" data-testid="graph-edge-info">
                {edge ? (
                  <>
                    <strong className={edge.inCycle ? 'cycle-text' : undefined}>{edge.kind}</strong> {edge.from} → {edge.to}: {edge.reason}
                  </>
                ) : selectedLabel ? (
                  <>
                    Rules reading <strong>{selectedLabel}</strong> are highlighted.{' '}
                    <button type="button" className="button small" onClick={() => setSelectedTable(null)}>
                      Show all
                    </button>
                  </>
                ) : (
                  <span className="muted">Hover or focus a link to see why it is there. Scroll to zoom, drag to pan.</span>
                )}
              </div>
            </div>
            <div className="card graph-side">
              <GraphSideList
                nodes={prepared.nodes}
                focusedId={focusedId}
                onFocus={(n) => {
                  setFocusedId(n.id);
                  if (n.kind === 'table') setSelectedTable(n.id);
                }}
              />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function Cycles({ cycles }: { cycles: string[] }) {
  if (cycles.length === 0) return <p className="graph-cycles ok" data-testid="graph-cycles">No cycles between rules.</p>;
  return (
    <div className="graph-cycles bad" role="note" data-testid="graph-cycles">
      <strong>Cycles:</strong>
      <ul>
        {cycles.map((c) => (
          <li key={c} className="mono">
            {c}
          </li>
        ))}
      </ul>
    </div>
  );
}
