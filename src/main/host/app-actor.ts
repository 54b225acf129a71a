import { userInfo } from 'node:os';

/** How a window's actions are signed in the audit trail: `app:<os user>`. */
export function appActor(env: NodeJS.ProcessEnv = process.env): string {
  return `app:${osUser(env)}`;
}

function osUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // Some containers have no passwd entry for the uid; the environment is the next best witness.
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}
