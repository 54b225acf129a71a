/** What the shapes and lines mean. */
export function GraphLegend() {
  return (
    <div className="graph-legend" aria-label="Legend">
      <span className="graph-legend-item">
        <svg width="14" height="14" aria-hidden="true">
          <circle cx="7" cy="7" r="6" className="legend-rule" />
        </svg>
        rule
      </span>
      <span className="graph-legend-item">
        <svg width="14" height="14" aria-hidden="true">
          <rect x="1.5" y="1.5" width="11" height="11" className="legend-table" />
        </svg>
        table
      </span>
      <span className="graph-legend-item">
        <svg width="14" height="14" aria-hidden="true">
          <path d="M7 1 L13 7 L7 13 L1 7 Z" className="legend-column" />
        </svg>
        column
      </span>
      {(
        [
          ['reads', 'reads'],
          ['has-column', 'has column'],
          ['same-fields', 'read the same fields'],
          ['depends-on', 'scope depends on (→)'],
          ['cycle', 'in a cycle'],
        ] as const
      ).map(([kind, text]) => (
        <span key={kind} className="graph-legend-item">
          <svg width="28" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="27" y2="5" className={`legend-edge edge-${kind}`} />
          </svg>
          {text}
        </span>
      ))}
    </div>
  );
}
