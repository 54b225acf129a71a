import type { PolicySummary } from '../../../shared/api/policies.js';
import { routeHref } from '../../app/router.js';
import { formatCount, formatTime } from '../../ui/format.js';

/** Imported policies with what is left to review in each. */
export function PolicyList({ policies }: { policies: PolicySummary[] }) {
  return (
    <table className="table" data-testid="policy-list">
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Title</th>
          <th scope="col" className="num">
            Pages
          </th>
          <th scope="col">Extractor</th>
          <th scope="col">Connection</th>
          <th scope="col" className="num">
            Pending
          </th>
          <th scope="col" className="num">
            Accepted
          </th>
          <th scope="col" className="num">
            Rejected
          </th>
          <th scope="col">Imported</th>
        </tr>
      </thead>
      <tbody>
        {policies.map((p) => (
          <tr key={p.id} data-testid="policy-row" data-policy-id={p.id} data-filename={p.filename}>
            <td>
              <a href={routeHref('policies', [p.id])}>{p.filename}</a>
            </td>
            <td>{p.title ?? <span className="muted">—</span>}</td>
            <td className="num">{formatCount(p.pages)}</td>
            <td>{p.extractor ?? '—'}</td>
            <td>{p.connection ?? <span className="muted">none</span>}</td>
            <td className="num">{p.candidates.pending > 0 ? <strong className="pending-count">{formatCount(p.candidates.pending)}</strong> : '0'}</td>
            <td className="num">{formatCount(p.candidates.accepted)}</td>
            <td className="num">{formatCount(p.candidates.rejected)}</td>
            <td title={p.importedAt}>{formatTime(p.importedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
