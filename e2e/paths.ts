import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the global setup leaves the demo workspace every test copies. */
export const E2E_ROOT = join(tmpdir(), 'policysentinel-e2e');
export const DEMO_DIR = join(E2E_ROOT, 'demo');
export const SCREENSHOTS = join(process.cwd(), 'e2e', 'screenshots');
