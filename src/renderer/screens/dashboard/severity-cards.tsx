import type { SeverityCounts } from '../../../shared/api/dashboard.js';
import { SEVERITIES } from '../../../shared/rule.js';
import { routeHref } from '../../app/router.js';
import { formatCount } from '../../ui/format.js';

/** Open violations per severity; each card opens the violations list filtered to it. */
export function SeverityCards({ counts }: { counts: SeverityCounts }) {
  return (
    <div className="grid cols-4 severity-cards">
      {SEVERITIES.map((s) => (
        <a key={s} className={`card stat-card severity-card sev-${s}`} href={routeHref('violations', [], { severity: s, status: 'open' })} data-testid={`stat-${s}`}>
          <span className="stat-label">Open · {s}</span>
          <span className="stat" data-testid={`stat-${s}-count`}>
            {formatCount(counts[s])}
          </span>
        </a>
      ))}
    </div>
  );
}
