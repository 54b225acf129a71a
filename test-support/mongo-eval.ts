/**
 * The query and aggregation semantics of the MongoDB test double (mongo-wire-server.ts): the
 * operators the rule compiler emits, written from MongoDB's documented behaviour (BSON type
 * order, strings compared by code point, null vs missing, `$divide` by zero fails). A test
 * double, not a database: anything it does not know fails loudly, so a plan that a real server
 * might read differently is noticed rather than guessed at.
 */
import { ObjectId, type Document } from 'bson';

export class MongoCommandError extends Error {
  constructor(message: string, readonly code = 2, readonly codeName = 'BadValue') {
    super(message);
  }
}

const FORBIDDEN = new Set(['$where', '$function', '$accumulator', '$out', '$merge']);
const MISSING = undefined;
type Vars = Record<string, unknown>;

export function typeName(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Date) return 'date';
  if (Array.isArray(v)) return 'array';
  if (v instanceof ObjectId) return 'objectId';
  if (v instanceof RegExp) return 'regex';
  return 'object';
}

const ORDER: Record<string, number> = { missing: 1, null: 1, int: 2, double: 2, string: 3, object: 4, array: 5, objectId: 7, bool: 8, date: 9, regex: 11 };

function compareText(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** BSON comparison order (missing sorts with null). */
export function compareBson(a: unknown, b: unknown): number {
  const ta = ORDER[typeName(a)] ?? 20;
  const tb = ORDER[typeName(b)] ?? 20;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a === null || a === undefined) return 0;
  if (typeof a === 'number') return a === b ? 0 : a < (b as number) ? -1 : 1;
  if (typeof a === 'string') return compareText(a, b as string);
  if (typeof a === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Date) return Math.sign(a.getTime() - (b as Date).getTime());
  if (a instanceof ObjectId) return compareText(a.toHexString(), (b as ObjectId).toHexString());
  if (Array.isArray(a)) {
    const y = b as unknown[];
    for (let i = 0; i < Math.min(a.length, y.length); i++) {
      const c = compareBson(a[i], y[i]);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - y.length);
  }
  return compareText(JSON.stringify(a), JSON.stringify(b));
}

const eq = (a: unknown, b: unknown): boolean => compareBson(a, b) === 0 && (a === undefined) === (b === undefined);

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || cur instanceof Date || cur instanceof ObjectId) return MISSING;
    cur = (cur as Document)[part];
  }
  return cur;
}

function checkForbidden(key: string): void {
  if (FORBIDDEN.has(key)) throw new MongoCommandError(`${key} is refused by the test server`, 9999, 'Forbidden');
}

// ---- query language -----------------------------------------------------------------------

function typeMatches(v: unknown, spec: unknown): boolean {
  const t = typeName(v);
  if (spec === 'number') return t === 'int' || t === 'double';
  return t === spec;
}

function fieldOps(value: unknown, ops: Document): boolean {
  for (const [op, arg] of Object.entries(ops)) {
    checkForbidden(op);
    const bracket = (f: (c: number) => boolean): boolean =>
      value !== undefined && value !== null && ORDER[typeName(value)] === ORDER[typeName(arg)] && f(compareBson(value, arg));
    let ok: boolean;
    switch (op) {
      case '$eq':
        ok = arg === null ? value === null || value === undefined : Array.isArray(value) ? value.some((x) => eq(x, arg)) : eq(value, arg);
        break;
      case '$ne':
        ok = !fieldOps(value, { $eq: arg });
        break;
      case '$gt':
        ok = bracket((c) => c > 0);
        break;
      case '$gte':
        ok = bracket((c) => c >= 0);
        break;
      case '$lt':
        ok = bracket((c) => c < 0);
        break;
      case '$lte':
        ok = bracket((c) => c <= 0);
        break;
      case '$in':
        ok = (arg as unknown[]).some((x) => fieldOps(value, { $eq: x }));
        break;
      case '$nin':
        ok = !(arg as unknown[]).some((x) => fieldOps(value, { $eq: x }));
        break;
      case '$exists':
        ok = (value !== undefined) === Boolean(arg);
        break;
      case '$type':
        ok = typeMatches(value, arg);
        break;
      case '$not':
        ok = !fieldOps(value, arg as Document);
        break;
      default:
        throw new MongoCommandError(`unknown operator: ${op}`);
    }
    if (!ok) return false;
  }
  return true;
}

const isOperatorDoc = (v: unknown): v is Document =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof ObjectId) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));

export function matches(doc: Document, filter: Document): boolean {
  for (const [key, cond] of Object.entries(filter)) {
    checkForbidden(key);
    if (key === '$and') {
      if (!(cond as Document[]).every((f) => matches(doc, f))) return false;
    } else if (key === '$or') {
      if (!(cond as Document[]).some((f) => matches(doc, f))) return false;
    } else if (key === '$nor') {
      if ((cond as Document[]).some((f) => matches(doc, f))) return false;
    } else if (key === '$expr') {
      if (!truthy(evaluate(cond, doc, {}))) return false;
    } else if (key.startsWith('$')) {
      throw new MongoCommandError(`unknown top level operator: ${key}`);
    } else if (!fieldOps(getPath(doc, key), isOperatorDoc(cond) ? cond : { $eq: cond })) {
      return false;
    }
  }
  return true;
}

// ---- aggregation expressions --------------------------------------------------------------

const truthy = (v: unknown): boolean => !(v === null || v === undefined || v === false || v === 0);
const nullish = (v: unknown): boolean => v === null || v === undefined;
const num = (v: unknown, op: string): number => {
  if (typeof v !== 'number') throw new MongoCommandError(`${op} only supports numeric types, not ${typeName(v)}`, 16554, 'TypeMismatch');
  return v;
};
const str = (v: unknown, op: string): string => {
  if (typeof v !== 'string') throw new MongoCommandError(`${op} requires a string, not ${typeName(v)}`, 34471, 'TypeMismatch');
  return v;
};

function pcreToJs(pattern: string): RegExp {
  const source = pattern.replace(/\\x\{([0-9a-f]+)\}/gi, '\\u{$1}').replace(/\\z/g, '$');
  return new RegExp(source, 'su');
}

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const asciiUpper = (s: string): string => s.replace(/[a-z]/g, (c) => c.toUpperCase());

export function evaluate(expr: unknown, doc: Document, vars: Vars): unknown {
  if (typeof expr === 'string') {
    if (expr.startsWith('$$')) {
      const [name, ...rest] = expr.slice(2).split('.');
      if (name === 'ROOT' || name === 'CURRENT') return rest.length ? getPath(doc, rest.join('.')) : doc;
      if (!(name! in vars)) throw new MongoCommandError(`Use of undefined variable: ${name}`, 17276, 'Location17276');
      return rest.length ? getPath(vars[name!], rest.join('.')) : vars[name!];
    }
    if (expr.startsWith('$')) return getPath(doc, expr.slice(1));
    return expr;
  }
  if (Array.isArray(expr)) return expr.map((e) => evaluate(e, doc, vars));
  if (expr === null || typeof expr !== 'object' || expr instanceof Date || expr instanceof ObjectId) return expr;
  const keys = Object.keys(expr);
  if (keys.length === 1 && keys[0]!.startsWith('$')) return operator(keys[0]!, (expr as Document)[keys[0]!], doc, vars);
  const out: Document = {};
  for (const k of keys) out[k] = evaluate((expr as Document)[k], doc, vars);
  return out;
}

function args(arg: unknown, doc: Document, vars: Vars): unknown[] {
  return (Array.isArray(arg) ? arg : [arg]).map((a) => evaluate(a, doc, vars));
}

function operator(op: string, arg: unknown, doc: Document, vars: Vars): unknown {
  checkForbidden(op);
  const ev = (e: unknown): unknown => evaluate(e, doc, vars);
  const a = (): unknown[] => args(arg, doc, vars);
  switch (op) {
    case '$literal':
      return arg;
    case '$let': {
      const spec = arg as { vars: Document; in: unknown };
      const bound: Vars = { ...vars };
      for (const [k, v] of Object.entries(spec.vars)) bound[k] = ev(v);
      return evaluate(spec.in, doc, bound);
    }
    case '$cond': {
      const [c, t, f] = Array.isArray(arg) ? arg : [(arg as Document).if, (arg as Document).then, (arg as Document).else];
      return truthy(ev(c)) ? ev(t) : ev(f);
    }
    case '$switch': {
      const spec = arg as { branches: Array<{ case: unknown; then: unknown }>; default?: unknown };
      for (const b of spec.branches) if (truthy(ev(b.case))) return ev(b.then);
      if (!('default' in spec)) throw new MongoCommandError('$switch could not find a matching branch');
      return ev(spec.default);
    }
    case '$ifNull': {
      const list = arg as unknown[];
      for (let i = 0; i < list.length - 1; i++) {
        const v = ev(list[i]);
        if (!nullish(v)) return v;
      }
      const last = ev(list[list.length - 1]);
      return last === undefined ? null : last;
    }
    case '$eq':
    case '$ne':
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      const [x, y] = a();
      const c = compareBson(x, y);
      return { $eq: c === 0, $ne: c !== 0, $gt: c > 0, $gte: c >= 0, $lt: c < 0, $lte: c <= 0 }[op];
    }
    case '$and':
      return (arg as unknown[]).every((e) => truthy(ev(e)));
    case '$or':
      return (arg as unknown[]).some((e) => truthy(ev(e)));
    case '$not':
      return !truthy(a()[0]);
    case '$in': {
      const [x, list] = a();
      if (!Array.isArray(list)) throw new MongoCommandError('$in requires an array as a second argument');
      return list.some((y) => compareBson(x, y) === 0);
    }
    case '$type':
      return typeName(a()[0]);
    case '$isNumber':
      return typeof a()[0] === 'number';
    case '$toString': {
      const v = a()[0];
      if (nullish(v)) return null;
      return v instanceof ObjectId ? v.toHexString() : v instanceof Date ? v.toISOString() : String(v);
    }
    case '$add':
    case '$multiply': {
      const vs = a();
      if (vs.some(nullish)) return null;
      return vs.reduce((s: number, v) => (op === '$add' ? s + num(v, op) : s * num(v, op)), op === '$add' ? 0 : 1);
    }
    case '$subtract': {
      const [x, y] = a();
      if (nullish(x) || nullish(y)) return null;
      if (x instanceof Date && y instanceof Date) return x.getTime() - y.getTime();
      return num(x, op) - num(y, op);
    }
    case '$divide': {
      const [x, y] = a();
      if (nullish(x) || nullish(y)) return null;
      if (num(y, op) === 0) throw new MongoCommandError("can't $divide by zero", 16608, 'Location16608');
      return num(x, op) / (y as number);
    }
    case '$abs':
    case '$trunc': {
      const v = a()[0];
      if (nullish(v)) return null;
      return op === '$abs' ? Math.abs(num(v, op)) : Math.trunc(num(v, op));
    }
    case '$toLower':
    case '$toUpper': {
      const v = a()[0];
      if (nullish(v)) return '';
      return op === '$toLower' ? asciiLower(str(v, op)) : asciiUpper(str(v, op));
    }
    case '$strLenCP':
      return [...str(a()[0], op)].length;
    case '$trim': {
      const spec = arg as { input: unknown; chars?: unknown };
      const input = ev(spec.input);
      if (nullish(input)) return null;
      const chars = [...(spec.chars === undefined ? ' \t\n\r' : str(ev(spec.chars), op))];
      const s = [...str(input, op)];
      while (s.length && chars.includes(s[0]!)) s.shift();
      while (s.length && chars.includes(s[s.length - 1]!)) s.pop();
      return s.join('');
    }
    case '$regexMatch': {
      const spec = arg as { input: unknown; regex: unknown; options?: string };
      const input = ev(spec.input);
      if (nullish(input)) return false;
      const options = spec.options ?? '';
      if (options !== 's') throw new MongoCommandError(`test server supports only option s, got ${options}`);
      return pcreToJs(str(ev(spec.regex), op)).test(str(input, op));
    }
    case '$year':
    case '$month':
    case '$dayOfMonth': {
      const d = a()[0];
      if (nullish(d)) return null;
      if (!(d instanceof Date)) throw new MongoCommandError(`${op} requires a date`, 16006, 'Location16006');
      return op === '$year' ? d.getUTCFullYear() : op === '$month' ? d.getUTCMonth() + 1 : d.getUTCDate();
    }
    case '$dateFromParts': {
      const p = arg as Document;
      const [y, m, d] = [ev(p.year), ev(p.month ?? 1), ev(p.day ?? 1)];
      if ([y, m, d].some(nullish)) return null;
      return new Date(Date.UTC(num(y, op), num(m, op) - 1, num(d, op)));
    }
    case '$size': {
      const v = a()[0];
      if (!Array.isArray(v)) throw new MongoCommandError('The argument to $size must be an array');
      return v.length;
    }
    case '$filter': {
      const spec = arg as { input: unknown; cond: unknown; as?: string };
      const input = ev(spec.input);
      if (nullish(input)) return null;
      return (input as unknown[]).filter((item) => truthy(evaluate(spec.cond, doc, { ...vars, [spec.as ?? 'this']: item })));
    }
    case '$sum':
    case '$avg':
    case '$min':
    case '$max': {
      const list = a();
      const values = (list.length === 1 && Array.isArray(list[0]) ? list[0] : list) as unknown[];
      return accumulateValues(op, values);
    }
    default:
      throw new MongoCommandError(`Unrecognized expression '${op}'`, 168, 'InvalidPipelineOperator');
  }
}

function accumulateValues(op: string, values: unknown[]): unknown {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  switch (op) {
    case '$sum':
      return numbers.reduce((s, v) => s + v, 0);
    case '$avg':
      return numbers.length === 0 ? null : numbers.reduce((s, v) => s + v, 0) / numbers.length;
    case '$min':
    case '$max': {
      const present = values.filter((v) => !nullish(v));
      if (present.length === 0) return null;
      return present.reduce((best, v) => ((op === '$min' ? compareBson(v, best) < 0 : compareBson(v, best) > 0) ? v : best));
    }
    default:
      throw new MongoCommandError(`unknown accumulator ${op}`, 15952, 'Location15952');
  }
}

// ---- pipeline -----------------------------------------------------------------------------

function groupStage(docs: Document[], spec: Document): Document[] {
  const groups = new Map<string, { id: unknown; rows: Document[] }>();
  for (const doc of docs) {
    const raw = evaluate(spec._id, doc, {});
    const id = raw === undefined ? null : raw;
    const key = JSON.stringify(id, (_k, v: unknown) => (v === undefined ? null : v));
    const g = groups.get(key) ?? { id, rows: [] };
    g.rows.push(doc);
    groups.set(key, g);
  }
  const out: Document[] = [];
  for (const { id, rows } of groups.values()) {
    const result: Document = { _id: id };
    for (const [field, acc] of Object.entries(spec)) {
      if (field === '_id') continue;
      const [op, expr] = Object.entries(acc as Document)[0]!;
      checkForbidden(op);
      const values = rows.map((r) => evaluate(expr, r, {}));
      if (op === '$addToSet') {
        const set: unknown[] = [];
        for (const v of values) if (v !== undefined && !set.some((s) => eq(s, v))) set.push(v);
        result[field] = set;
      } else {
        result[field] = accumulateValues(op, values);
      }
    }
    out.push(result);
  }
  return out;
}

function projectStage(docs: Document[], spec: Document): Document[] {
  return docs.map((doc) => {
    const out: Document = {};
    if (spec._id !== 0 && spec._id !== false) out._id = doc._id;
    for (const [k, v] of Object.entries(spec)) {
      if (k === '_id') continue;
      if (v === 1 || v === true) out[k] = getPath(doc, k);
      else {
        const value = evaluate(v, doc, {});
        if (value !== undefined) out[k] = value;
      }
    }
    return out;
  });
}

export function sortDocs(docs: Document[], spec: Document): Document[] {
  const keys = Object.entries(spec) as Array<[string, number]>;
  return [...docs].sort((x, y) => {
    for (const [k, dir] of keys) {
      const c = compareBson(getPath(x, k), getPath(y, k));
      if (c !== 0) return c * dir;
    }
    return 0;
  });
}

export function runPipeline(input: Document[], pipeline: Document[]): Document[] {
  let docs = input;
  for (const stage of pipeline) {
    const [name, spec] = Object.entries(stage)[0]!;
    checkForbidden(name);
    switch (name) {
      case '$match':
        docs = docs.filter((d) => matches(d, spec as Document));
        break;
      case '$group':
        docs = groupStage(docs, spec as Document);
        break;
      case '$project':
        docs = projectStage(docs, spec as Document);
        break;
      case '$sort':
        docs = sortDocs(docs, spec as Document);
        break;
      case '$limit':
        docs = docs.slice(0, spec as number);
        break;
      case '$sample':
        docs = [...docs].sort(() => Math.random() - 0.5).slice(0, (spec as { size: number }).size);
        break;
      default:
        throw new MongoCommandError(`Unrecognized pipeline stage name: '${name}'`, 40324, 'Location40324');
    }
  }
  return docs;
}
