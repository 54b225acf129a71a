import type { ConnectionSummary } from '../../../shared/api/connections.js';
import { routeHref } from '../../app/router.js';
import { formatCount, formatTime } from '../../ui/format.js';

const ENGINE_LABELS: Record<ConnectionSummary['engine'], string> = { sqlite: 'SQLite', postgres: 'PostgreSQL', mongodb: 'MongoDB', files: 'Files', mysql: 'MySQL / MariaDB' };

/** The stored connections; a name opens its schema. */
export function ConnectionList({ connections, onRemove }: { connections: ConnectionSummary[]; onRemove(connection: ConnectionSummary): void }) {
  return (
    <table className="table" data-testid="connection-list">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Engine</th>
          <th scope="col">Points to</th>
          <th scope="col" className="num">
            Rules
          </th>
          <th scope="col">Added</th>
          <th scope="col" aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {connections.map((c) => (
          <tr key={c.id} data-testid="connection-row" data-name={c.name}>
            <td>
              <a href={routeHref('connections', [c.name])} title="Show the tables and columns">
                {c.name}
              </a>
            </td>
            <td>{ENGINE_LABELS[c.engine] ?? c.engine}</td>
            <td className="mono connection-where" title={c.description}>
              {c.description}
            </td>
            <td className="num">{formatCount(c.ruleCount)}</td>
            <td title={c.createdAt}>{formatTime(c.createdAt)}</td>
            <td className="connection-actions">
              <div className="connection-actions-inner">
              <a className="button small" href={routeHref('connections', [c.name])}>
                Schema
              </a>
              <button type="button" className="button small danger" onClick={() => onRemove(c)} aria-label={`Remove ${c.name}`}>
                Remove
              </button>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
