import type { RulePreview } from '../../../shared/api/rules.js';
import { EmptyState, ErrorBanner, Loading } from '../../ui/states.js';
import { formatCell, formatCount, formatDuration } from '../../ui/format.js';

export type PreviewState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; preview: RulePreview }
  | { phase: 'failed'; error: Error };

/** What a preview found: counts over the whole target and a sample of violating records. */
export function PreviewPanel({ state, onCancel }: { state: PreviewState; onCancel(): void }) {
  switch (state.phase) {
    case 'idle':
      return <p className="muted">Preview runs the rule against its source without storing anything and shows up to 20 violating records.</p>;
    case 'running':
      return (
        <div className="row" data-testid="preview-running">
          <Loading label="Running the rule against its source…" />
          <button type="button" className="button small" onClick={onCancel}>
            Cancel
          </button>
        </div>
      );
    case 'failed':
      return (
        <div data-testid="preview-error">
          <ErrorBanner error={state.error} />
        </div>
      );
    case 'done':
      return <PreviewResult preview={state.preview} />;
    default: {
      const never: never = state;
      throw new Error(`unknown preview state ${JSON.stringify(never)}`);
    }
  }
}

function PreviewResult({ preview }: { preview: RulePreview }) {
  const rate = preview.recordsInScope > 0 ? preview.violating / preview.recordsInScope : null;
  return (
    <div className="preview-result" data-testid="preview-result">
      <div className="grid cols-3">
        <div>
          <div className="stat" data-testid="preview-in-scope">
            {formatCount(preview.recordsInScope)}
          </div>
          <div className="stat-label">records in scope</div>
        </div>
        <div>
          <div className={`stat ${preview.violating > 0 ? 'preview-bad' : 'preview-good'}`} data-testid="preview-violating">
            {formatCount(preview.violating)}
          </div>
          <div className="stat-label">violate{rate !== null ? ` (${(rate * 100).toFixed(1)}%)` : ''}</div>
        </div>
        <div>
          <div className="stat">{formatDuration(preview.durationMs)}</div>
          <div className="stat-label">to run</div>
        </div>
      </div>
      {preview.sample.length === 0 ? (
        <EmptyState title="No record violates this rule">Every record in scope passes. Save the rule to keep it, or tighten it and preview again.</EmptyState>
      ) : (
        <div className="preview-sample">
          <table className="table" data-testid="preview-sample">
            <thead>
              <tr>
                <th>Key</th>
                <th>Why it violates</th>
                {preview.columns.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((item, i) => (
                <tr key={i}>
                  <td className="mono">{item.key.map(formatCell).join(', ')}</td>
                  <td className="preview-why">{item.justification}</td>
                  {preview.columns.map((c) => (
                    <td key={c} className="mono preview-cell">
                      {formatCell(item.row[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {preview.violating > preview.sample.length && (
            <p className="muted">
              Showing {preview.sample.length} of {formatCount(preview.violating)} violating records.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
