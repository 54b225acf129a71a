import { useState } from 'react';
import type { AuditEntryView } from '../../../shared/api/audit.js';
import { formatTime } from '../../ui/format.js';
import { detailsPreview } from './audit-query.js';

/** One entry; its button expands the full details and the entry's hash. */
export function AuditEntryRow({ entry }: { entry: AuditEntryView }) {
  const [open, setOpen] = useState(false);
  const detailsId = `audit-details-${entry.seq}`;
  return (
    <>
      <tr className={`audit-row${open ? ' expanded' : ''}`} data-testid="audit-entry" data-action={entry.action} data-seq={entry.seq}>
        <td className="mono">
          <button type="button" className="expand-button" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)} aria-label={`${open ? 'Hide' : 'Show'} details of entry ${entry.seq}`}>
            <span aria-hidden="true">{open ? '▾' : '▸'}</span> {entry.seq}
          </button>
        </td>
        <td title={entry.at} className="nowrap">
          {formatTime(entry.at)}
        </td>
        <td className="mono">{entry.action}</td>
        <td>
          {entry.entityType}
          {entry.entityId !== null && <span className="mono muted"> {entry.entityId}</span>}
        </td>
        <td className="mono">{entry.actor}</td>
        <td className="muted audit-preview">{detailsPreview(entry.details)}</td>
      </tr>
      {open && (
        <tr className="audit-details-row" id={detailsId}>
          <td colSpan={6}>
            <pre className="pre" data-testid="audit-details">
              {JSON.stringify(entry.details, null, 2)}
            </pre>
            <div className="audit-hash">
              <span className="muted">Hash</span> <code data-testid="audit-hash">{entry.hash}</code>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
