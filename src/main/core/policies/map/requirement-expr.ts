import type { Expr } from '../../../../shared/rule-ast.js';
import type { ColumnInfo, TableInfo } from '../../../../shared/schema.js';
import { pickByWords, pickColumn, type Pick } from './pick.js';
import { REQUIREMENT_DATE_STEMS } from './synonyms.js';

const col = (c: ColumnInfo): Expr => ({ kind: 'column', name: c.name });
const isTrue = (c: ColumnInfo): Expr => ({ kind: 'compare', op: '=', left: col(c), right: { kind: 'boolean', value: true } });
const isFalse = (c: ColumnInfo): Expr => ({ kind: 'compare', op: '=', left: col(c), right: { kind: 'boolean', value: false } });
const present = (c: ColumnInfo): Expr => ({ kind: 'is_null', operand: col(c), negated: true });

/** "Present" for a flag is TRUE, for anything else a value at all. */
const presentOrTrue = (c: ColumnInfo): Expr => (c.type === 'boolean' ? isTrue(c) : present(c));

function firstOk(picks: Array<() => Pick<Expr>>): Pick<Expr> {
  const problems: string[] = [];
  for (const pick of picks) {
    const result = pick();
    if (result.ok) return result;
    problems.push(result.problem);
  }
  return { ok: false, problem: problems[0] ?? 'no column' };
}

const map = (p: Pick<ColumnInfo>, f: (c: ColumnInfo) => Expr): Pick<Expr> => (p.ok ? { ok: true, value: f(p.value) } : p);

/**
 * The condition that holds when a record meets the requirement ("a receipt" → `receipt = TRUE`).
 * A text status column is not guessed at: which value means "disabled" is the auditor's call.
 */
export function requirementExpr(requirement: string, table: TableInfo): Pick<Expr> {
  switch (requirement) {
    case 'receipt':
      return map(pickColumn(table, 'receipt', ['boolean', 'text', 'unknown', 'number'], 'receipt'), presentOrTrue);
    case 'approval':
      return firstOk([
        () => map(pickColumn(table, 'approvalFlag', ['boolean'], 'approval'), isTrue),
        () => map(pickColumn(table, 'approvalRef', ['number', 'text', 'unknown', 'date', 'timestamp'], 'approval'), present),
      ]);
    case 'disabled': {
      const found = firstOk([
        () => map(pickColumn(table, 'activeFlag', ['boolean'], 'disabled'), isFalse),
        () => map(pickColumn(table, 'disabledFlag', ['boolean'], 'disabled'), isTrue),
      ]);
      if (found.ok) return found;
      const status = pickColumn(table, 'status', ['text', 'unknown'], 'status');
      if (status.ok) {
        return {
          ok: false,
          problem: `no flag for 'disabled' in table ${table.name}; ${status.value.name} is text, so write which value means disabled by hand (e.g. ${status.value.name} = 'disabled')`,
        };
      }
      return found;
    }
    case 'deleted':
      return firstOk([
        () => map(pickColumn(table, 'deletedFlag', ['boolean'], 'deleted'), isTrue),
        () => map(pickColumn(table, 'deletedRef', ['date', 'timestamp', 'text', 'unknown'], 'deleted'), present),
      ]);
    default: {
      const stems = REQUIREMENT_DATE_STEMS[requirement];
      if (stems === undefined) return { ok: false, problem: `no column can show '${requirement}'; write the requirement by hand` };
      return map(pickByWords(table, [stems], ['boolean', 'date', 'timestamp', 'text', 'unknown', 'number'], requirement), presentOrTrue);
    }
  }
}

/** The date column that records when a requirement was met (submitted_on for "submitted"). */
export function requirementDate(requirement: string | undefined, table: TableInfo): Pick<ColumnInfo> {
  const stems = requirement === undefined ? undefined : REQUIREMENT_DATE_STEMS[requirement];
  if (stems === undefined) return { ok: false, problem: `no date column for '${requirement ?? 'the deadline'}' in table ${table.name}` };
  return pickByWords(table, [stems], ['date', 'timestamp', 'text', 'unknown'], requirement ?? 'deadline');
}
