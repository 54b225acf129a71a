import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors.js';
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

/** The demo workspace's file name when no other is asked for. */
export const DEMO_WORKSPACE_FILE = 'demo-workspace.psw';

/**
 * Builds the demo: a generated company database in `dir`, and a workspace (`workspacePath`, by
 * default in `dir`) with that database as connection `demo` and the demo rules active. Replaces
 * an earlier demo; any other file at `workspacePath` is refused, never overwritten.
 */
export async function buildDemoWorkspace(
  dir: string,
  options: { actor: string; openSource: (config: ConnectionConfig) => Promise<Source>; data?: DemoOptions; workspacePath?: string },
): Promise<DemoWorkspace> {
  const workspacePath = options.workspacePath ?? join(dir, DEMO_WORKSPACE_FILE);
  if (existsSync(workspacePath) && !isDemoWorkspace(workspacePath)) {
    throw new AppError('ALREADY_EXISTS', `${workspacePath} already exists and is not a demo workspace; name another file for the demo, or move that one away first.`, {
      path: workspacePath,
    });
  }
  mkdirSync(dir, { recursive: true });
  const sourcePath = join(dir, 'demo-company.sqlite');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(workspacePath + suffix)) rmSync(workspacePath + suffix);
  generateDemoDatabase(sourcePath, options.data);
  const workspace = createWorkspace(workspacePath);
  try {
    // What marks the file as a demo, that a later demo may replace (isDemoWorkspace).
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

/** Whether the file is a workspace that a demo built: its first audit entry says so. */
function isDemoWorkspace(path: string): boolean {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const details = db.prepare("SELECT details FROM audit_log WHERE action = 'workspace.created' ORDER BY seq LIMIT 1").pluck().get();
    return typeof details === 'string' && (JSON.parse(details) as { demo?: unknown }).demo === true;
  } catch {
    // Not a workspace, or not readable as one: not a demo to replace.
    return false;
  } finally {
    db?.close();
  }
}
