import type { Route } from '../../app/router.js';
import { PageHeader } from '../../ui/states.js';

export function PoliciesScreen({ route }: { route: Route }) {
  return (
    <section className="screen" data-screen="policies" data-path={route.path.join('/')}>
      <PageHeader title="Policies" />
    </section>
  );
}
