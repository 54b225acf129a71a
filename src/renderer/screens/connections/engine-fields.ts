import type { ConnectionInput } from '../../../shared/api/connections.js';
import type { FilePurpose } from '../../../shared/api/host.js';

/** Every engine the contract accepts: adding one to ConnectionInput makes ENGINE_FORMS fail to compile until it is described. */
export type InputEngine = ConnectionInput['engine'];

export interface EngineField {
  key: string;
  label: string;
  placeholder: string;
  /** Shown under the input: why the field exists or what it accepts. */
  hint?: string;
  required: boolean;
  inputMode?: 'text' | 'numeric';
  /** A path on this machine: the desktop app offers its file dialog beside the text field (`folders`: also a folder). */
  picker?: { purpose: FilePurpose; folders?: boolean };
  /** A problem with the typed text, or null; an empty optional field is never checked. */
  validate(value: string): string | null;
}

export interface EngineForm {
  engine: InputEngine;
  label: string;
  fields: EngineField[];
  /** Called only when every field validated. */
  toInput(values: Record<string, string>): ConnectionInput;
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const MONGO_URL = /^mongodb(\+srv)?:\/\//i;
const MYSQL_URL = /^(mysql|mariadb):\/\//i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when a URL carries a password (`user:pw@` or `password=`): those never enter the workspace file. */
export function urlHasPassword(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.password !== '' || parsed.searchParams.has('password');
  } catch {
    return /\/\/[^/@]*:[^/@]*@/.test(url) || /[?&]password=/i.test(url);
  }
}

function validUrl(value: string, scheme: RegExp, example: string): string | null {
  const url = value.trim();
  if (url === '') return `Give the URL, e.g. ${example}.`;
  if (!scheme.test(url)) return `Start with ${example.split('//')[0]}// — e.g. ${example}.`;
  if (urlHasPassword(url)) return 'Remove the password from the URL and put it in an environment variable named below.';
  try {
    new URL(url);
  } catch {
    return `This is not a valid URL: ${example}.`;
  }
  return null;
}

/** The URL field of a server engine; `example` shows the shape in messages, `placeholder` in the empty input. */
function urlField(scheme: RegExp, example: string, placeholder: string, hint?: string): EngineField {
  return {
    key: 'url',
    label: 'URL (without password)',
    placeholder,
    ...(hint === undefined ? {} : { hint }),
    required: true,
    validate: (value) => validUrl(value, scheme, example),
  };
}

const positiveInteger = (what: string) => (value: string) => (/^\d+$/.test(value.trim()) && Number(value.trim()) > 0 ? null : `A whole number of ${what} above 0.`);

const passwordEnvField: EngineField = {
  key: 'passwordEnv',
  label: 'Password environment variable',
  placeholder: 'ERP_PASSWORD',
  hint: 'The name of a variable set where PolicySentinel runs. Secrets never enter the workspace file, which is shared and audited.',
  required: false,
  validate: (value) => (ENV_NAME.test(value.trim()) ? null : 'Use a variable name: letters, digits and _, not starting with a digit.'),
};

/** Only the optional fields that were filled in, trimmed; numbers as numbers. */
function optional(values: Record<string, string>, key: string): string | undefined {
  const value = (values[key] ?? '').trim();
  return value === '' ? undefined : value;
}

const statementTimeoutField: EngineField = {
  key: 'statementTimeoutMs',
  label: 'Statement timeout (ms)',
  placeholder: '30000',
  hint: 'Stops a query that runs longer; leave empty for the default.',
  required: false,
  inputMode: 'numeric',
  validate: positiveInteger('milliseconds'),
};

/** What the server engines with a statement timeout (PostgreSQL, MySQL/MariaDB) read from their form. */
function serverInput(values: Record<string, string>): { url: string; passwordEnv?: string; statementTimeoutMs?: number } {
  const passwordEnv = optional(values, 'passwordEnv');
  const timeout = optional(values, 'statementTimeoutMs');
  return {
    url: (values.url ?? '').trim(),
    ...(passwordEnv ? { passwordEnv } : {}),
    ...(timeout ? { statementTimeoutMs: Number(timeout) } : {}),
  };
}

const COLUMN_TYPES = ['number', 'text', 'boolean', 'date', 'timestamp'] as const;
type ColumnType = (typeof COLUMN_TYPES)[number];

/** `orders.amount: number, orders.day: date` → overrides; a string says what is wrong. */
export function parseTypeOverrides(text: string): Record<string, ColumnType> | string {
  const types: Record<string, ColumnType> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^([^\s:=]+\.[^\s:=]+)\s*[:=]\s*(\w+)$/.exec(part);
    if (!match) return `"${part}" should look like table.column: type.`;
    const type = match[2]!.toLowerCase();
    if (!(COLUMN_TYPES as readonly string[]).includes(type)) return `"${match[2]}" is not a type: use ${COLUMN_TYPES.join(', ')}.`;
    types[match[1]!] = type as ColumnType;
  }
  return types;
}

export const ENGINE_FORMS: { readonly [E in InputEngine]: EngineForm & { engine: E } } = {
  sqlite: {
    engine: 'sqlite',
    label: 'SQLite file',
    fields: [
      {
        key: 'path',
        label: 'File path',
        placeholder: '/data/shop.sqlite',
        hint: 'The path on this computer; a relative path is resolved from where PolicySentinel was started.',
        required: true,
        picker: { purpose: 'sqlite' },
        validate: (value) => (value.trim() === '' ? 'Give the path of the SQLite file.' : null),
      },
    ],
    toInput: (values) => ({ engine: 'sqlite', path: (values.path ?? '').trim() }),
  },
  postgres: {
    engine: 'postgres',
    label: 'PostgreSQL',
    fields: [
      urlField(POSTGRES_URL, 'postgres://user@host:5432/database', 'postgres://auditor@db.example:5432/erp'),
      passwordEnvField,
      statementTimeoutField,
    ],
    toInput: (values) => ({ engine: 'postgres', ...serverInput(values) }),
  },
  files: {
    engine: 'files',
    label: 'CSV / Parquet / XLSX files',
    fields: [
      {
        key: 'path',
        label: 'File or folder path',
        placeholder: '/data/extracts/orders.csv',
        hint: 'A CSV, Parquet or XLSX file, or a folder of them: each file (each sheet) becomes a table.',
        required: true,
        picker: { purpose: 'extract', folders: true },
        validate: (value) => (value.trim() === '' ? 'Give the path of a file or folder.' : null),
      },
      {
        key: 'types',
        label: 'Column types',
        placeholder: 'orders.amount: number, orders.day: date',
        hint: 'Only where the inferred type is wrong.',
        required: false,
        validate: (value) => {
          const parsed = parseTypeOverrides(value);
          return typeof parsed === 'string' ? parsed : null;
        },
      },
    ],
    toInput: (values) => {
      const types = parseTypeOverrides(values.types ?? '');
      const overrides = typeof types === 'string' ? {} : types;
      return { engine: 'files', path: (values.path ?? '').trim(), ...(Object.keys(overrides).length > 0 ? { types: overrides } : {}) };
    },
  },
  mysql: {
    engine: 'mysql',
    label: 'MySQL / MariaDB',
    fields: [
      urlField(MYSQL_URL, 'mysql://user@host:3306/database', 'mysql://auditor@db.example:3306/erp', 'The database name is required: its tables are the ones listed.'),
      passwordEnvField,
      statementTimeoutField,
    ],
    toInput: (values) => ({ engine: 'mysql', ...serverInput(values) }),
  },
  mongodb: {
    engine: 'mongodb',
    label: 'MongoDB',
    fields: [
      urlField(MONGO_URL, 'mongodb://user@host:27017/database', 'mongodb://auditor@db.example:27017/erp'),
      {
        key: 'database',
        label: 'Database',
        placeholder: 'erp',
        hint: 'When the URL does not name it.',
        required: false,
        validate: (value) => (/^[^/\\. "$]+$/.test(value.trim()) ? null : 'A database name without spaces, dots, slashes or quotes.'),
      },
      passwordEnvField,
      {
        key: 'sampleSize',
        label: 'Documents sampled for the schema',
        placeholder: '1000',
        hint: 'Collections have no declared columns: fields and types are read from this many documents.',
        required: false,
        inputMode: 'numeric',
        validate: positiveInteger('documents'),
      },
    ],
    toInput: (values) => {
      const database = optional(values, 'database');
      const passwordEnv = optional(values, 'passwordEnv');
      const sampleSize = optional(values, 'sampleSize');
      return {
        engine: 'mongodb',
        url: (values.url ?? '').trim(),
        ...(database ? { database } : {}),
        ...(passwordEnv ? { passwordEnv } : {}),
        ...(sampleSize ? { sampleSize: Number(sampleSize) } : {}),
      };
    },
  },
};

export const ENGINES = Object.keys(ENGINE_FORMS) as InputEngine[];
