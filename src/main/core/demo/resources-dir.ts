import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the demo's rules and policy. Found by walking up from this module, because
 * the same code runs from the source tree (src/main/core/demo) and from a bundle (out/main) whose
 * depth differs.
 */
export function findResourcesDir(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    if (existsSync(join(dir, 'resources', 'demo-rules.yaml'))) return join(dir, 'resources');
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`The demo resources (resources/demo-rules.yaml) were not found above ${from}.`);
    dir = parent;
  }
}
