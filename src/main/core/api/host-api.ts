import type { ChooseFileArgs, FilePurpose, HostApi, HostInfo } from '../../../shared/api/host.js';
import { AppError } from '../../../shared/errors.js';
import { createLogger } from '../logger.js';
import type { ApiContext } from './api-context.js';

const log = createLogger('host-api');
const PURPOSES: readonly FilePurpose[] = ['extract', 'sqlite'];

/** The arguments as they crossed the transport: anything else is refused before a dialog opens. */
function checkArgs(args: unknown): ChooseFileArgs {
  const value = (args ?? {}) as Record<string, unknown>;
  const purpose = value.purpose;
  if (typeof purpose !== 'string' || !(PURPOSES as readonly string[]).includes(purpose)) {
    throw new AppError('INVALID_INPUT', `Say what the file is for: purpose must be one of ${PURPOSES.join(', ')}.`, { field: 'purpose' });
  }
  if (value.directory !== undefined && typeof value.directory !== 'boolean') {
    throw new AppError('INVALID_INPUT', 'directory must be true or false.', { field: 'directory' });
  }
  return { purpose: purpose as FilePurpose, ...(value.directory === true ? { directory: true } : {}) };
}

/** What the window's host offers: the desktop app's file dialog, or nothing where paths are typed. */
export function createHostApi(ctx: Pick<ApiContext, 'host' | 'chooseFile'>): HostApi {
  return {
    async hostInfo(): Promise<HostInfo> {
      return { host: ctx.host, canChooseFiles: ctx.chooseFile !== undefined };
    },
    async chooseFile(args) {
      const checked = checkArgs(args);
      if (!ctx.chooseFile) {
        throw new AppError('INVALID_INPUT', 'This window cannot open a file dialog: type the full path of the file or folder on this machine.');
      }
      const chosen = await ctx.chooseFile(checked);
      log.debug('file chosen', { purpose: checked.purpose, directory: checked.directory === true, cancelled: chosen === null });
      return chosen;
    },
  };
}
