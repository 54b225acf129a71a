import { useEffect } from 'react';
import { getApi } from '../api/get-api.js';
import { useApiQuery } from '../api/use-api-query.js';
import { ErrorBanner } from '../ui/states.js';
import { Nav } from './nav.js';
import { useRouter } from './router.js';
import { ScreenView } from './screen-view.js';
import { SkipLink } from './skip-link.js';
import { useTheme } from './theme.js';

export function App() {
  const theme = useTheme((s) => s.theme);
  const toggleTheme = useTheme((s) => s.toggle);
  const route = useRouter((s) => s.route);
  const workspace = useApiQuery(() => getApi().getWorkspace({}), [], ['connections', 'rules', 'violations', 'policies', 'runs']);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app" data-ready={workspace.data ? 'true' : 'false'}>
      <SkipLink targetId="main" />
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span> PolicySentinel
        </div>
        {workspace.data && (
          <div className="workspace-name" title={workspace.data.path}>
            {workspace.data.fileName}
          </div>
        )}
        <Nav />
        <div className="sidebar-footer">
          <button type="button" className="button ghost small" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? '☀ Light theme' : '☾ Dark theme'}
          </button>
        </div>
      </aside>
      <main className="content" id="main" tabIndex={-1}>
        {workspace.error && <ErrorBanner error={workspace.error} onRetry={workspace.reload} />}
        <ScreenView route={route} />
      </main>
    </div>
  );
}
