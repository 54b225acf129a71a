import { describe, expect, it } from 'vitest';
import { parseRuleFile, printRuleFile } from './rule-file.js';
import { mappingLabel, ruleTargets, ruleViews } from './mappings.js';

const FILE = `rules:
  - id: approval
    title: Large expenses are approved
    severity: high
    target: { connection: north, table: expenses, key: [id], watermark: id }
    also_on:
      - { connection: south, table: spend, key: [spend_id] }
      - connection: archive
        query: SELECT * FROM expenses_2023
        join: [{ table: people, on: people.id = query.approver_id, type: left }]
    when: amount > 1000
    require: approved_by IS NOT NULL
`;

describe('rule files with also_on', () => {
  it('reads each further place and prints it back to the same rule', () => {
    const [rule] = parseRuleFile(FILE);
    expect(rule!.mappings).toHaveLength(2);
    expect(rule!.mappings![0]).toEqual({ connection: 'south', table: 'spend', key: ['spend_id'] });
    expect(rule!.mappings![1]).toMatchObject({ connection: 'archive', query: 'SELECT * FROM expenses_2023', key: [] });
    expect(rule!.mappings![1]!.join![0]).toMatchObject({ table: 'people', type: 'left' });
    const printed = printRuleFile([rule!]);
    expect(printed).toContain('also_on:');
    expect(parseRuleFile(printed)).toEqual([rule]);
    expect(ruleTargets(rule!).map((t) => t.connection)).toEqual(['north', 'south', 'archive']);
    // A view is a single-place rule: same id and expressions, no mappings left.
    const views = ruleViews(rule!);
    expect(views[2]).toMatchObject({ id: 'approval', target: { connection: 'archive' } });
    expect(views.every((v) => v.mappings === undefined && v.require === rule!.require)).toBe(true);
    expect(mappingLabel(2, views[2]!.target)).toBe('also_on[1] (archive.query)');
  });

  it('a rule without also_on prints none, and its id is still generated from its definition', () => {
    const plain = FILE.replace(/    also_on:[\s\S]*?(?=    when:)/, '').replace('  - id: approval\n', '  -\n');
    const [rule] = parseRuleFile(plain.replace('  -\n    title', '  - title'));
    expect(rule!.mappings).toBeUndefined();
    expect(printRuleFile([rule!])).not.toContain('also_on');
    expect(rule!.id).toMatch(/^large-expenses-are-approved-[0-9a-f]{8}$/);
  });

  it('names the mapping and field of each problem, and suggests a misspelt key', () => {
    const bad = FILE.replace('{ connection: south, table: spend, key: [spend_id] }', '{ connection: south, tabel: spend }').replace(
      'query: SELECT * FROM expenses_2023',
      'query: DELETE FROM expenses_2023',
    );
    let message = '';
    try {
      parseRuleFile(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('also_on[0]: unknown field "tabel"; did you mean "table"?');
    const good = FILE.replace('query: SELECT * FROM expenses_2023', 'query: DELETE FROM expenses_2023');
    expect(() => parseRuleFile(good)).toThrow(/also_on\[1\]\.query must start with SELECT or WITH/);
    const joinSyntax = FILE.replace('people.id = query.approver_id', 'people.id = = query.approver_id');
    expect(() => parseRuleFile(joinSyntax)).toThrow(/also_on\[1\]\.join\[0\]\.on: /);
  });
});
