import { useRef, useState, type DragEvent } from 'react';
import { getApi } from '../../api/get-api.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { progressFraction, progressLabel } from './import-job.js';
import { useImportStore, type ImportOptions } from './import-store.js';
import { pdfFileProblem } from './pdf-file.js';

/** Drop or choose a policy PDF, pick how rules are found in it, and follow the import. */
export function ImportPanel() {
  const job = useImportStore((s) => s.job);
  const start = useImportStore((s) => s.start);
  const cancel = useImportStore((s) => s.cancel);
  const connections = useApiQuery(() => getApi().listConnections({}), [], ['connections']);
  const [options, setOptions] = useState<Omit<ImportOptions, 'connection'>>({ extractor: 'heuristic', model: '', fallback: true });
  /** null until the user picks: then the first connection, the likely target, is proposed. */
  const [chosenConnection, setChosenConnection] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const busy = job.kind === 'starting' || job.kind === 'running';
  const connection = chosenConnection ?? connections.data?.[0]?.name ?? '';

  const take = (files: FileList | null) => {
    const file = files?.[0];
    if (!file || busy) return;
    if (files.length > 1) {
      setRefusal('Drop one PDF at a time.');
      return;
    }
    const problem = pdfFileProblem(file);
    setRefusal(problem);
    if (!problem) void start(file, { ...options, connection });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    take(e.dataTransfer.files);
  };

  return (
    <div className="card import-panel" data-testid="import-panel">
      <h2>Import a policy</h2>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}${busy ? ' busy' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          if (!busy) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {busy ? (
          <ImportProgress onCancel={() => void cancel()} />
        ) : (
          <>
            <p>Drop a policy PDF here, or</p>
            <button type="button" className="button primary" onClick={() => input.current?.click()} data-testid="choose-pdf">
              Choose PDF…
            </button>
            <input
              ref={input}
              type="file"
              accept="application/pdf,.pdf"
              className="file-input"
              aria-label="Policy PDF"
              data-testid="pdf-input"
              tabIndex={-1}
              onChange={(e) => {
                take(e.target.files);
                e.target.value = '';
              }}
            />
            <p className="muted">The file is read here and sent to PolicySentinel on this computer; nothing leaves it.</p>
          </>
        )}
      </div>
      {refusal && (
        <div className="field-error" role="alert" data-testid="pdf-refusal">
          {refusal}
        </div>
      )}
      <fieldset className="import-options" disabled={busy}>
        <legend>How rules are found</legend>
        <div className="form-row">
          <label>
            Extractor
            <select value={options.extractor} onChange={(e) => setOptions({ ...options, extractor: e.target.value === 'ollama' ? 'ollama' : 'heuristic' })} data-testid="import-extractor">
              <option value="heuristic">Offline heuristic (rule-like sentences)</option>
              <option value="ollama">Local model via Ollama</option>
            </select>
          </label>
          {options.extractor === 'ollama' && (
            <label>
              Model name
              <input value={options.model} placeholder="the workspace's model, e.g. llama3.1" onChange={(e) => setOptions({ ...options, model: e.target.value })} data-testid="import-model" />
            </label>
          )}
          <label>
            Map candidates onto
            <select
              value={connection}
              onChange={(e) => setChosenConnection(e.target.value)}
              data-testid="import-connection"
            >
              <option value="">No connection (review the sentences only)</option>
              {(connections.data ?? []).map((c) => (
                <option key={c.id} value={c.name}>
                  {c.name} — {c.description}
                </option>
              ))}
            </select>
          </label>
        </div>
        {options.extractor === 'ollama' && (
          <label className="checkbox">
            <input type="checkbox" checked={options.fallback} onChange={(e) => setOptions({ ...options, fallback: e.target.checked })} data-testid="import-fallback" />
            If the model cannot be reached, use the offline heuristic instead
          </label>
        )}
      </fieldset>
    </div>
  );
}

function ImportProgress({ onCancel }: { onCancel(): void }) {
  const job = useImportStore((s) => s.job);
  if (job.kind !== 'starting' && job.kind !== 'running') return null;
  const progress = job.kind === 'running' ? job.progress : null;
  const fraction = progressFraction(progress);
  const cancelling = job.kind === 'running' && job.cancelling;
  return (
    <div className="import-progress" data-testid="import-progress" data-phase={progress?.phase ?? 'starting'}>
      <div className="row">
        <strong>{job.fileName}</strong>
        <span className="spacer" />
        <button type="button" className="button small danger" onClick={onCancel} disabled={job.kind !== 'running' || cancelling} data-testid="import-cancel">
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)} aria-label="Import progress">
        <div style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
      <div className="muted" aria-live="polite" data-testid="import-progress-label">
        {job.kind === 'starting' ? 'Reading the file…' : progressLabel(progress)}
      </div>
    </div>
  );
}
