/** Validation of an in-memory `Problem` at a public edge (argument `problem`). */
import { argumentError, checkActivation, checkFinite, checkNetwork, show } from '../internal/validate';
import type { Problem } from './problem';

export function checkProblem(p: unknown): Problem {
  if (!p || typeof p !== 'object')
    throw argumentError('problem', `must be a Problem {activation, x, y, w, a}, got ${show(p)}`);
  const q = p as Problem;
  const activation = checkActivation(q.activation);
  checkNetwork(q, true);
  for (const k of ['x', 'y', 'w', 'a'] as const) checkFinite(k, q[k]);
  return { activation, x: q.x, y: q.y, w: q.w, a: q.a };
}
