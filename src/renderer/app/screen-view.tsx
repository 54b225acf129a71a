import type { Route } from './router.js';
import { AuditScreen } from '../screens/audit/audit-screen.js';
import { ConnectionsScreen } from '../screens/connections/connections-screen.js';
import { DashboardScreen } from '../screens/dashboard/dashboard-screen.js';
import { GraphScreen } from '../screens/graph/graph-screen.js';
import { PoliciesScreen } from '../screens/policies/policies-screen.js';
import { RulesScreen } from '../screens/rules/rules-screen.js';
import { ScansScreen } from '../screens/scans/scans-screen.js';
import { ViolationsScreen } from '../screens/violations/violations-screen.js';

export function ScreenView({ route }: { route: Route }) {
  switch (route.screen) {
    case 'dashboard':
      return <DashboardScreen route={route} />;
    case 'connections':
      return <ConnectionsScreen route={route} />;
    case 'rules':
      return <RulesScreen route={route} />;
    case 'graph':
      return <GraphScreen route={route} />;
    case 'scans':
      return <ScansScreen route={route} />;
    case 'violations':
      return <ViolationsScreen route={route} />;
    case 'policies':
      return <PoliciesScreen route={route} />;
    case 'audit':
      return <AuditScreen route={route} />;
    default: {
      const unhandled: never = route.screen;
      throw new Error(`No screen for ${String(unhandled)}`);
    }
  }
}
