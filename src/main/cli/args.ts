import { AppError } from '../../shared/errors.js';

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
  switches: Set<string>;
}

/** Flags that take no value; every other `--name` takes the next word (or `--name=value`). */
const SWITCHES = new Set(['json', 'activate', 'help', 'force', 'keep', 'incremental', 'hourly']);

export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], flags: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      parsed.positional.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('--')) {
      parsed.positional.push(word);
      continue;
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq === -1 ? undefined : eq);
    if (SWITCHES.has(name) && eq === -1) {
      parsed.switches.add(name);
      continue;
    }
    const value = eq !== -1 ? word.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new AppError('INVALID_INPUT', `--${name} needs a value.`);
    parsed.flags.set(name, [...(parsed.flags.get(name) ?? []), value]);
  }
  return parsed;
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const values = args.flags.get(name);
  return values?.[values.length - 1];
}

export function flags(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}

export function intFlag(args: ParsedArgs, name: string, fallback: number): number {
  const value = flag(args, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new AppError('INVALID_INPUT', `--${name} must be a positive whole number, not "${value}".`);
  return n;
}

/** Refuses flags a command does not know, so a typo is not silently ignored. */
export function expectOnly(args: ParsedArgs, known: string[]): void {
  const allowed = new Set([...known, 'workspace', 'json', 'help']);
  for (const name of [...args.flags.keys(), ...args.switches]) {
    if (!allowed.has(name)) {
      throw new AppError('INVALID_INPUT', `Unknown option --${name}. Known here: ${[...allowed].map((k) => `--${k}`).join(', ')}.`);
    }
  }
}
