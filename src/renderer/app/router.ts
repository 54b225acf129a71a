import { create } from 'zustand';

export const SCREENS = ['dashboard', 'connections', 'rules', 'graph', 'scans', 'violations', 'policies', 'audit'] as const;
export type Screen = (typeof SCREENS)[number];

export interface Route {
  screen: Screen;
  /** What follows the screen in the path, e.g. a rule id: `#/rules/expense-receipt` → ['expense-receipt']. */
  path: string[];
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', query = ''] = raw.split('?', 2);
  const segments = pathPart.split('/').filter(Boolean).map(decodeURIComponent);
  const first = segments[0];
  const screen = (SCREENS as readonly string[]).includes(first ?? '') ? (first as Screen) : 'dashboard';
  const params: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) params[k] = v;
  return { screen, path: screen === first ? segments.slice(1) : [], params };
}

export function routeHref(screen: Screen, path: string[] = [], params: Record<string, string | undefined> = {}): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, v);
  const qs = query.toString();
  return `#/${[screen, ...path].map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

interface RouterState {
  route: Route;
  navigate(screen: Screen, path?: string[], params?: Record<string, string | undefined>): void;
}

export const useRouter = create<RouterState>(() => ({
  route: parseHash(typeof window === 'undefined' ? '' : window.location.hash),
  navigate(screen, path = [], params = {}) {
    window.location.hash = routeHref(screen, path, params);
  },
}));

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => useRouter.setState({ route: parseHash(window.location.hash) }));
}
