import type { CellValue } from '../../../shared/schema.js';
import type { CompiledQuery, Source } from '../sources/source.js';

/**
 * One run's count queries, by connection and SQL: rules on the same table without a `when` clause
 * compile to the same count, and a full pass over the table for each of them would be the same
 * answer read again. Lives for one run only, so a count is never older than that run.
 */
export class CountCache {
  private readonly answers = new Map<string, Promise<CellValue[]>>();

  count(connection: string, source: Source, query: CompiledQuery): Promise<CellValue[]> {
    const key = `${connection}\u0000${query.sql}\u0000${JSON.stringify(query.params)}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = source.queryOne(query);
      // A failed count is not an answer: the next rule asks the source again.
      answer.catch(() => this.answers.delete(key));
      this.answers.set(key, answer);
    }
    return answer;
  }
}
