import type { Route } from '../../app/router.js';
import { PageHeader } from '../../ui/states.js';

export function ViolationsScreen({ route }: { route: Route }) {
  return (
    <section className="screen" data-screen="violations" data-path={route.path.join('/')}>
      <PageHeader title="Violations" />
    </section>
  );
}
