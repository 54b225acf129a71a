import type { Route } from '../../app/router.js';
import { PageHeader } from '../../ui/states.js';

export function AuditScreen({ route }: { route: Route }) {
  return (
    <section className="screen" data-screen="audit" data-path={route.path.join('/')}>
      <PageHeader title="Audit" />
    </section>
  );
}
