/**
 * The computation the browser test runs on a page and in Node, on the same
 * seeds, through the packages' public main entries only: forward and gradient
 * of the two-layer softmax network (Definition 3.3, Claim 3.4), the NTK Gram
 * matrix H (Definition 3.6), each in float64 and float32, a short
 * reverse-SDE sample (Eq. 4) from the exact score of a mixture, and an
 * expression schedule g(t) of Eq. 3 (mathjs loaded by `loadExpressionParser`).
 */
import { BackendError, initBackend } from '@softmax-ntk/linalg';
import { forward, gradient, makeProblem } from '@softmax-ntk/network';
import { gram } from '@softmax-ntk/ntk';
import {
  affineMixture,
  exactScore,
  fitNormalization,
  loadExpressionParser,
  makeSchedule,
  parseTarget,
  sample,
} from '@softmax-ntk/diffusion';

export interface Computed {
  backend: string;
  forward64: number[];
  gradient64: number[];
  gram64: number[];
  sample64: number[];
  forward32: number[];
  gradient32: number[];
  gram32: number[];
  /** The error of forcing WebGL, which no one registered: a BackendError in both environments. */
  forcedWebgl: string;
  /** A schedule expression before `loadExpressionParser()`: parsed in Node (sync require), refused in a browser. */
  expressionBeforeLoad: string;
  /** g and ∫₀ᵗ g of an expression schedule (symbolic and quadrature paths), after `loadExpressionParser()`. */
  expression64: number[];
}

export async function compute(): Promise<Computed> {
  // cpu: the one tfjs backend every environment has without serving files (float32 paths).
  const info = await initBackend({ backend: 'cpu' });
  const { problem } = makeProblem({ n: 6, dIn: 3, dOut: 2, numNeurons: 16, sigma: 1, seed: 11 });
  const { w, a, x, y } = problem;
  const net = { w, a, x, activation: problem.activation };
  const target = parseTarget({ type: 'named', name: '8-gaussians' });
  const norm = fitNormalization(target);
  const schedule = makeSchedule({ spec: 'linear' });
  if (!target.mixture) throw new Error('8-gaussians has a mixture');
  const exact = exactScore({ mixture: affineMixture(target.mixture, norm.shift, norm.scale), schedule });
  const s = sample({ model: exact, schedule, count: 16, steps: 20, seed: 5 });
  // initBackend validates the name synchronously (Node refuses 'webgl' there); a browser tries to load it.
  const forcedWebgl = await (async () => initBackend({ backend: 'webgl' }))().then(
    () => 'loaded',
    (err: unknown) => `${err instanceof BackendError ? 'BackendError' : 'other'}: ${(err as Error).message}`,
  );
  const expressionBeforeLoad = (() => {
    try {
      return `parsed: ${makeSchedule({ spec: '1 + 2*t' }).integral(1)}`;
    } catch (err) {
      return `${(err as Error).name}: ${(err as Error).message}`;
    }
  })();
  await loadExpressionParser();
  const poly = makeSchedule({ spec: '0.1 + 19.9*t + t^3' });
  const quad = makeSchedule({ spec: '2 + sin(10*t) + exp(t)' });
  return {
    forcedWebgl,
    expressionBeforeLoad,
    expression64: [poly.g(0.3), poly.integral(0.7), quad.g(0.3), quad.integral(0.7), quad.alpha(1)],
    backend: info.backend,
    forward64: Array.from(forward(net).data),
    gradient64: Array.from(gradient({ ...net, y }).data),
    gram64: Array.from(gram(net).data),
    sample64: Array.from(s.samples.data),
    forward32: Array.from(forward({ ...net, precision: 'float32' }).data),
    gradient32: Array.from(gradient({ ...net, y, precision: 'float32' }).data),
    gram32: Array.from(gram({ ...net, precision: 'float32' }).data),
  };
}
