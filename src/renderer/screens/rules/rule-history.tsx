import { useState } from 'react';
import type { RuleDraft, RuleVersionView } from '../../../shared/api/rules.js';
import { EmptyState } from '../../ui/states.js';
import { formatTime } from '../../ui/format.js';
import { diffDrafts, draftLines } from './draft-diff.js';

/** Every stored version; one opened shows its definition and what differs from the current one. */
export function RuleHistory({ versions, current }: { versions: RuleVersionView[]; current: RuleDraft }) {
  const sorted = [...versions].sort((a, b) => b.version - a.version);
  const [open, setOpen] = useState<number | null>(null);
  const chosen = sorted.find((v) => v.version === open) ?? null;
  if (sorted.length === 0) return <EmptyState title="No versions yet">Each save of the rule is kept here with who saved it and why.</EmptyState>;
  return (
    <div className="rule-history" data-testid="rule-history">
      <table className="table">
        <thead>
          <tr>
            <th>Version</th>
            <th>By</th>
            <th>When</th>
            <th>Reason</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sorted.map((v) => (
            <tr key={v.version} className={v.version === open ? 'selected' : undefined} data-testid={`version-${v.version}`}>
              <td>{v.version}</td>
              <td>{v.actor}</td>
              <td title={v.createdAt}>{formatTime(v.createdAt)}</td>
              <td>{v.reason ?? <span className="muted">—</span>}</td>
              <td>
                <button type="button" className="button small" aria-expanded={v.version === open} onClick={() => setOpen(v.version === open ? null : v.version)}>
                  {v.version === open ? 'Hide' : 'View'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {chosen && <VersionView version={chosen} current={current} isLatest={chosen.version === sorted[0]?.version} />}
    </div>
  );
}

function VersionView({ version, current, isLatest }: { version: RuleVersionView; current: RuleDraft; isLatest: boolean }) {
  const changes = diffDrafts(version.draft, current);
  return (
    <div className="grid cols-2 version-view" data-testid="version-view">
      <div>
        <h3>Version {version.version}</h3>
        <dl className="kv">
          {draftLines(version.draft).map((line) => (
            <div key={line.field} className="kv-pair">
              <dt>{line.label}</dt>
              <dd className={['when', 'require', 'violation', 'join', 'query'].includes(line.field) ? 'mono' : undefined}>{line.value}</dd>
            </div>
          ))}
        </dl>
      </div>
      <div>
        <h3>Changed since, in the current rule</h3>
        {changes.length === 0 ? (
          <p className="muted">{isLatest ? 'This is the current version.' : 'Nothing differs from the current rule.'}</p>
        ) : (
          <ul className="rule-diff">
            {changes.map((c) => (
              <li key={c.field}>
                <strong>{c.label}</strong>
                <div className="diff-old mono">{c.before || '(empty)'}</div>
                <div className="diff-new mono">{c.after || '(empty)'}</div>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
