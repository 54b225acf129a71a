import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace } from '../workspace/open-workspace.js';
import type { Workspace } from '../workspace/workspace.js';
import { parseRuleFile } from '../rules/rule-file.js';
import { importRules } from '../rules/import-rules.js';
import type { ConnectionConfig } from '../sources/connection-config.js';
import type { Source } from '../sources/source.js';
import { generateDemoDatabase, type DemoOptions } from './demo-data.js';
import { importPolicy, type ImportPolicyResult } from '../policies/import-policy.js';
import { defaultExtractors } from '../policies/policy-extractors.js';
import { findResourcesDir } from './resources-dir.js';

export const DEMO_RULES_PATH = join(findResourcesDir(), 'demo-rules.yaml');
export const DEMO_POLICY_PATH = join(findResourcesDir(), 'demo-policy.pdf');

export interface DemoWorkspace {
  workspace: Workspace;
  workspacePath: string;
  sourcePath: string;
  /** The sample policy, read by the offline extractor and mapped onto the demo tables, awaiting review. */
  policy: ImportPolicyResult;
}

/**
 * Builds the demo: a generated company database in `dir`, and a workspace beside it with that
 * database as connection `demo` and the demo rules active. Replaces an earlier demo in `dir`.
 */
export async function buildDemoWorkspace(
  dir: string,
  options: { actor: string; openSource: (config: ConnectionConfig) => Promise<Source>; data?: DemoOptions },
): Promise<DemoWorkspace> {
  mkdirSync(dir, { recursive: true });
  const workspacePath = join(dir, 'demo-workspace.psw');
  const sourcePath = join(dir, 'demo-company.sqlite');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(workspacePath + suffix)) rmSync(workspacePath + suffix);
  generateDemoDatabase(sourcePath, options.data);
  const workspace = createWorkspace(workspacePath);
  try {
    workspace.audit.append({ actor: options.actor, action: 'workspace.created', entityType: 'workspace', entityId: null, details: { demo: true } });
    workspace.connections.add('demo', { engine: 'sqlite', path: sourcePath }, options.actor);
    const rules = parseRuleFile(readFileSync(DEMO_RULES_PATH, 'utf8'));
    await importRules(workspace, rules, { activate: true, actor: options.actor, openSource: options.openSource, reason: 'demo rules' });
    const policy = await importPolicy(workspace, DEMO_POLICY_PATH, {
      extractor: 'heuristic',
      connection: 'demo',
      actor: options.actor,
      openSource: options.openSource,
      extractors: defaultExtractors,
    });
    return { workspace, workspacePath, sourcePath, policy };
  } catch (error) {
    workspace.close();
    throw error;
  }
}
