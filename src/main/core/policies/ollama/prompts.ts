import type { Message } from 'ollama';
import type { SourceSchema } from '../../../../shared/schema.js';

export interface FoundCandidate {
  quote: string;
  page: number;
  title: string;
  description: string;
}

/** Stage 1: find the checkable rules in one piece of one page. */
export function findCandidatesMessages(page: number, text: string, jsonSchema: Record<string, unknown>): Message[] {
  const system = [
    'You read company policies for an auditor and list the rules that records in a database could be checked against:',
    'obligations and prohibitions with a subject and a condition (amounts, deadlines, approvals, documents, retention periods).',
    'Skip definitions, permissions ("may"), sanctions, background and headings.',
    'For every rule give:',
    '- quote: the sentence or sentences stating it, copied exactly, character for character, from the page text (do not paraphrase, do not join distant sentences);',
    `- page: ${page};`,
    '- title: a short title; description: what a record must satisfy, in plain words;',
    '- severity: one of critical, high, medium, low;',
    '- confidence: a number from 0 to 1, how sure you are that this is a rule a database check could test.',
    'Answer with one JSON object and nothing else, following this JSON schema:',
    JSON.stringify(jsonSchema),
    'When the text contains no such rule, answer {"candidates": []}.',
  ].join('\n');
  const user = `Page ${page} of the policy:\n<<<\n${text}\n>>>`;
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The tables and columns a rule can use, one line per table. */
export function describeSchema(schema: SourceSchema): string {
  return schema.tables
    .map((t) => {
      const cols = t.columns.map((c) => `${c.name} ${c.type}${c.nullable ? '' : ' not null'}`).join(', ');
      const key = t.primaryKey.length > 0 ? `; primary key (${t.primaryKey.join(', ')})` : '';
      return `- ${t.name}(${cols})${key}`;
    })
    .join('\n');
}

/** The operators of the rule language (docs/rule-language.md), for the mapping prompt. */
const RULE_LANGUAGE = [
  'Expressions use our rule language (docs/rule-language.md), a small SQL-like language, not SQL:',
  "- literals: 75, -1.5, 'text' ('' escapes a quote), TRUE, FALSE, NULL, DATE '2024-01-31'",
  '- columns by name: amount, expenses.amount, "Cost Center" for names with spaces',
  '- arithmetic + - * /; comparison = <> < <= > >=; logic AND OR NOT and parentheses',
  "- x IN (1, 2), x NOT IN ('a', 'b'), x BETWEEN 1 AND 10, x LIKE 'INV-%', x MATCHES '^[A-Z]+$', x IS NULL, x IS NOT NULL",
  '- functions: lower upper length trim abs round(x[, digits]) coalesce(a, b, ...) date(x) year(x) month(x) days_between(from, to) today()',
  'No sub-queries, no SELECT, no semicolons, no other functions. Compare numbers with numbers, text with text, dates with dates.',
  'A record violates when `when` is TRUE and `require` is not TRUE. Use `violation` instead of `require` only when it is more natural to describe the bad records directly.',
].join('\n');

/** Stage 2: map one candidate onto the connection's tables. */
export function mapCandidateMessages(candidate: FoundCandidate, schema: SourceSchema, jsonSchema: Record<string, unknown>): Message[] {
  const system = [
    'You turn one policy rule into a check on a database table, for an auditor.',
    'Use only the tables and columns listed; never invent a column. If no table and columns can check the rule,',
    'answer mappable false and say why in problems (for example "no column for the approval date", "threshold is ambiguous").',
    RULE_LANGUAGE,
    'Answer with one JSON object and nothing else, following this JSON schema:',
    JSON.stringify(jsonSchema),
  ].join('\n');
  const user = [
    `Rule from page ${candidate.page}: ${candidate.title}`,
    `Quote: "${candidate.quote}"`,
    `Meaning: ${candidate.description}`,
    'Tables (column name and type):',
    describeSchema(schema),
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** The prompt as it is logged: each message with its role, so an auditor sees exactly what was asked. */
export function promptText(messages: Message[]): string {
  return messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
}
