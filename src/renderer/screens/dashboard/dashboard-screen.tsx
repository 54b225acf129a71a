import type { Route } from '../../app/router.js';
import { PageHeader } from '../../ui/states.js';

export function DashboardScreen({ route }: { route: Route }) {
  return (
    <section className="screen" data-screen="dashboard" data-path={route.path.join('/')}>
      <PageHeader title="Dashboard" />
    </section>
  );
}
