import { resolve } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import { createWorkspace } from '../../core/workspace/open-workspace.js';
import { expectOnly } from '../args.js';
import type { CommandContext } from '../context.js';

export async function initCommand(ctx: CommandContext): Promise<number> {
  expectOnly(ctx.args, []);
  const file = ctx.args.positional[0];
  if (!file) throw new AppError('INVALID_INPUT', 'Usage: init FILE — creates a new workspace file.');
  const path = resolve(file);
  const ws = createWorkspace(path);
  ws.audit.append({ actor: ctx.actor, action: 'workspace.created', entityType: 'workspace', entityId: null, details: { path } });
  ws.close();
  ctx.out.result({ workspace: path }, () => `Created workspace ${path}\nNext: connection add NAME --sqlite PATH --workspace ${file}`);
  return 0;
}
