/** Seeded random test problems. */
import { Rng, fromRows, toRows, type Matrix } from '@softmax-ntk/linalg';
import type { Problem } from '../src/index';

export function randomProblem(opts: {
  n: number;
  dIn: number;
  dOut: number;
  m: number;
  sigma?: number;
  seed: number;
  activation?: 'softmax' | 'relu' | 'exp';
}): Problem {
  const rng = new Rng(opts.seed);
  const sigma = opts.sigma ?? 1;
  const mat = (r: number, c: number, f: () => number): Matrix => {
    const d = new Float64Array(r * c);
    for (let k = 0; k < d.length; k++) d[k] = f();
    return { rows: r, cols: c, data: d };
  };
  return {
    activation: opts.activation ?? 'softmax',
    x: mat(opts.n, opts.dIn, () => rng.normal() / Math.sqrt(opts.dIn)),
    y: mat(opts.n, opts.dOut, () => rng.normal() / Math.sqrt(opts.dOut)),
    w: mat(opts.m, opts.dIn, () => sigma * rng.normal()),
    a: mat(opts.dOut, opts.m, () => rng.rademacher()),
  };
}

export { fromRows, toRows };
