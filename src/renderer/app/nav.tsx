import type { Screen } from './router.js';
import { routeHref, useRouter } from './router.js';

const ITEMS: Array<{ screen: Screen; label: string }> = [
  { screen: 'dashboard', label: 'Dashboard' },
  { screen: 'violations', label: 'Violations' },
  { screen: 'rules', label: 'Rules' },
  { screen: 'graph', label: 'Rule graph' },
  { screen: 'scans', label: 'Scans' },
  { screen: 'policies', label: 'Policies' },
  { screen: 'connections', label: 'Connections' },
  { screen: 'audit', label: 'Audit trail' },
];

export function Nav() {
  const current = useRouter((s) => s.route.screen);
  return (
    <nav className="nav" aria-label="Screens">
      <ul>
        {ITEMS.map((item) => (
          <li key={item.screen}>
            <a href={routeHref(item.screen)} aria-current={current === item.screen ? 'page' : undefined} data-testid={`nav-${item.screen}`}>
              {item.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
