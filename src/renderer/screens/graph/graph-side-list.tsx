import { routeHref } from '../../app/router.js';
import { sideListOrder, type LayoutNode } from './graph-layout.js';

const HEADINGS = { rule: 'Rules', table: 'Tables', column: 'Columns' } as const;

/** Every node as a button, for the keyboard and screen readers: choosing one brings it into view. */
export function GraphSideList({ nodes, focusedId, onFocus }: { nodes: LayoutNode[]; focusedId: string | null; onFocus(node: LayoutNode): void }) {
  const ordered = sideListOrder(nodes);
  const groups = (['rule', 'table', 'column'] as const).map((kind) => ({ kind, items: ordered.filter((n) => n.kind === kind) })).filter((g) => g.items.length > 0);
  return (
    <nav className="graph-side-list" aria-label="Graph nodes" data-testid="graph-side-list">
      {groups.map((group) => (
        <div key={group.kind}>
          <h3>
            {HEADINGS[group.kind]} ({group.items.length})
          </h3>
          <ul>
            {group.items.map((n) => (
              <li key={n.id} className={n.id === focusedId ? 'current' : undefined}>
                <button type="button" className="graph-node-button" onClick={() => onFocus(n)} aria-pressed={n.id === focusedId} data-testid={`graph-list-${n.id}`} title={n.label}>
                  <span className={`graph-dot graph-dot-${n.kind}`} aria-hidden="true" />
                  {n.label}
                </button>
                {n.kind === 'rule' && n.node.ruleId && (
                  <a href={routeHref('rules', [n.node.ruleId])} className="graph-small" aria-label={`Open rule ${n.label}`}>
                    open
                  </a>
                )}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
