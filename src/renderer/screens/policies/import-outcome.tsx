import { routeHref } from '../../app/router.js';
import { ErrorBanner } from '../../ui/states.js';
import { useImportStore } from './import-store.js';

/** How the last import ended: the core's message in place, "already imported" said plainly, notes listed. */
export function ImportOutcome({ policyId }: { policyId?: string }) {
  const job = useImportStore((s) => s.job);
  const dispatch = useImportStore((s) => s.dispatch);
  const dismiss = (
    <button type="button" className="button small ghost" onClick={() => dispatch({ type: 'reset' })} aria-label="Dismiss this message">
      Dismiss
    </button>
  );
  if (job.kind === 'failed') {
    return (
      <div data-testid="import-error" data-code={job.error.code}>
        {job.cancelled ? (
          <div className="ok-banner import-outcome" role="status">
            The import of {job.fileName} was cancelled; nothing was stored. {dismiss}
          </div>
        ) : (
          <ErrorBanner error={`${job.fileName} could not be imported. ${job.error.message}`} />
        )}
      </div>
    );
  }
  if (job.kind !== 'finished' || (policyId !== undefined && job.policyId !== policyId)) return null;
  return (
    <div className="ok-banner import-outcome" role="status" data-testid="import-outcome" data-already={job.alreadyImported ? 'true' : 'false'}>
      <div className="row">
        {job.alreadyImported ? (
          <span>
            {job.fileName} was already imported (the same PDF, byte for byte): nothing new was added.{' '}
            <a href={routeHref('policies', [job.policyId])}>Open that policy</a>
          </span>
        ) : (
          <span>
            {job.fileName} imported.{' '}
            {policyId === undefined && <a href={routeHref('policies', [job.policyId])}>Open it</a>}
          </span>
        )}
        <span className="spacer" />
        {dismiss}
      </div>
      {job.notes.length > 0 && (
        <ul className="import-notes" data-testid="import-notes">
          {job.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
