import type { Route } from '../../app/router.js';
import { PageHeader } from '../../ui/states.js';

export function RulesScreen({ route }: { route: Route }) {
  return (
    <section className="screen" data-screen="rules" data-path={route.path.join('/')}>
      <PageHeader title="Rules" />
    </section>
  );
}
