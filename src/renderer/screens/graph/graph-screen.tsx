import type { Route } from '../../app/router.js';
import { PageHeader } from '../../ui/states.js';

export function GraphScreen({ route }: { route: Route }) {
  return (
    <section className="screen" data-screen="graph" data-path={route.path.join('/')}>
      <PageHeader title="Graph" />
    </section>
  );
}
