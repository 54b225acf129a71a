import type { Route } from '../../app/router.js';
import { PageHeader } from '../../ui/states.js';

export function ScansScreen({ route }: { route: Route }) {
  return (
    <section className="screen" data-screen="scans" data-path={route.path.join('/')}>
      <PageHeader title="Scans" />
    </section>
  );
}
