import type { Route } from '../../app/router.js';
import { PageHeader } from '../../ui/states.js';

export function ConnectionsScreen({ route }: { route: Route }) {
  return (
    <section className="screen" data-screen="connections" data-path={route.path.join('/')}>
      <PageHeader title="Connections" />
    </section>
  );
}
