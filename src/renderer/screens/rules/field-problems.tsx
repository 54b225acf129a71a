import type { RuleProblem } from '../../../shared/api/rules.js';
import { placeLabel } from './problem-marker.js';

/** The problems of one field, right under it; `text` lets a placed problem say where it is. */
export function FieldProblems({ id, problems, text }: { id: string; problems: RuleProblem[] | undefined; text?: string }) {
  if (!problems || problems.length === 0) return null;
  return (
    <ul className="field-problems" id={id} data-testid={`${id}`}>
      {problems.map((problem, i) => (
        <li key={i} className="field-error">
          {problem.message}
          {text !== undefined && problem.column !== undefined && !/\bcolumn \d/.test(problem.message) && <span className="field-error-place"> ({placeLabel(text, problem.column)})</span>}
        </li>
      ))}
    </ul>
  );
}
