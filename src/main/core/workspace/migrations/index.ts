import { initial } from './001-initial.js';
import { policies } from './002-policies.js';
import { monitoring } from './003-monitoring.js';
import { dashboardIndexes } from './004-dashboard-indexes.js';
import { ruleMappings } from './005-rule-mappings.js';
import type { Migration } from './migration.js';

/**
 * Every workspace schema step, in order. Statically imported so a build always carries all of
 * them; released migrations are never edited, only appended to.
 */
export const MIGRATIONS: readonly Migration[] = [initial, policies, monitoring, dashboardIndexes, ruleMappings];

/** The newest schema version this build knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
