// A problem that concerns no single field (or the whole step), as an alert.
import type { ApiProblem } from '../api/errors';

export function ProblemMessage({ problem, id }: { problem: ApiProblem | null; id?: string }) {
  if (!problem) return null;
  return (
    <div id={id} className="error" role="alert">
      <p>{problem.message}</p>
      {problem.issues.length > 0 && (
        <ul>
          {problem.issues.map((issue) => (
            <li key={issue.path + issue.message}>{issue.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
