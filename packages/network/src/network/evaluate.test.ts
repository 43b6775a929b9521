/**
 * The exp network ([GMS23] baseline of Table 1) at large logits (issue #20, bug 5): F, the loss and the
 * gradient are computed with the row factor exp(max_r z_{i,r}) in log space, so they are finite wherever
 * their true values are representable, and non-finite (never NaN from an intermediate ∞) only where the
 * true value exceeds the largest float64.
 */
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { toRows, type Matrix } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { evaluate } from './evaluate';
import { forward } from './forward';
import { jacobianVector } from './jacobianVector';
import { jacobianFactors } from './jacobianFactors';
import { fromRows, randomProblem } from '../../test/fixtures';
import type { Problem } from '../problem/problem';

const LOG_MAX = Math.log(Number.MAX_VALUE);

/** z_{i,r} = ⟨w_r, x_i⟩ as a literal sum. */
function logit(p: Problem, i: number, r: number): number {
  let z = 0;
  for (let k = 0; k < p.x.cols; k++)
    z += (p.x.data[i * p.x.cols + k] as number) * (p.w.data[r * p.w.cols + k] as number);
  return z;
}

/**
 * (1/√m)·a_{ℓ,r}·exp(z_{i,r}) term by term as sign(a)·exp(log|a| + z − ½ log m): no shift, no product, so
 * each term is finite when it is representable, independently of the package's row-max route.
 */
function term(p: Problem, l: number, i: number, r: number): number {
  const m = p.w.rows;
  const a = p.a.data[l * m + r] as number;
  return a === 0 ? 0 : Math.sign(a) * Math.exp(Math.log(Math.abs(a)) + logit(p, i, r) - 0.5 * Math.log(m));
}

/** F, ½‖F − Y‖² and ΔW of the exp network from the log-space terms, as literal sums (Definitions 3.1–3.3). */
function logSpaceExpNet(p: Problem): { F: number[][]; loss: number; grad: number[][] } {
  const n = p.x.rows,
    m = p.w.rows,
    dIn = p.x.cols,
    dOut = p.y.cols;
  const F = Array.from({ length: n }, (_, i) =>
    Array.from({ length: dOut }, (_, l) => {
      let s = 0;
      for (let r = 0; r < m; r++) s += term(p, l, i, r);
      return s;
    }),
  );
  const e = F.map((row, i) => row.map((f, l) => f - (p.y.data[i * dOut + l] as number)));
  const loss = 0.5 * e.flat().reduce((s, v) => s + v * v, 0);
  const grad = Array.from({ length: m }, (_, r) =>
    Array.from({ length: dIn }, (_, k) => {
      let s = 0;
      for (let i = 0; i < n; i++)
        for (let l = 0; l < dOut; l++) s += (e[i]![l] as number) * term(p, l, i, r) * (p.x.data[i * dIn + k] as number);
      return s;
    }),
  );
  return { F, loss, grad };
}

/**
 * Rows 0 and 1 have ‖x‖ = 1000 and logits 690–750 (exp(750) ≈ 1e325 overflows float64); a of size 1e-190
 * brings F to ~1e136, the loss to ~1e272 and ΔW to ~1e275, all representable. Rows 2 and 3 are ordinary.
 */
function largeLogitProblem(): Problem {
  const base = randomProblem({ n: 4, dIn: 3, dOut: 2, m: 6, seed: 5, activation: 'exp' });
  const w = toRows(base.w).map((row, r) => [0.7 + 0.01 * r, 0.74 - 0.01 * r, row[2] as number]);
  const x = toRows(base.x);
  x[0] = [1000, 0, 0];
  x[1] = [0, 1000, 0];
  const a = toRows(base.a).map((row) => row.map((v, r) => v * 1e-190 * (1 + 0.1 * r)));
  return { ...base, w: fromRows(w), x: fromRows(x), a: fromRows(a) };
}

const rowsOf = (mat: Matrix, from: number, to: number): Matrix => ({
  rows: to - from,
  cols: mat.cols,
  data: mat.data.slice(from * mat.cols, to * mat.cols),
});

describe('exp network at large logits: log-space evaluation (issue #20, bug 5)', () => {
  const p = largeLogitProblem();
  const expected = logSpaceExpNet(p);

  it('the case is one the plain formula overflows: some logit is above log(MAX_VALUE) ≈ 709.78', () => {
    expect(Math.max(logit(p, 0, 5), logit(p, 1, 0))).toBeGreaterThan(LOG_MAX + 30);
    expect(Number.isFinite(Math.exp(logit(p, 0, 5)))).toBe(false);
  });

  it('F, loss and ΔW are finite and match the term-by-term log-space sums to 1e-10 relative', async () => {
    const r = await evaluate({ problem: p });
    expect(toRows(r.F)).toBeAllClose(expected.F, TOLERANCES.float64);
    expect(r.loss).toBeAllClose(expected.loss, TOLERANCES.float64);
    expect(toRows(r.grad)).toBeAllClose(expected.grad, TOLERANCES.float64);
    // Sizes as designed: a wrong exponent (e.g. the shift dropped or applied twice) moves them by e^700.
    expect(Math.abs(r.F.data[0] as number)).toBeGreaterThan(1e120);
    expect(r.loss).toBeGreaterThan(1e250);
    expect(r.loss).toBeLessThan(1e300);
  });

  it('the ordinary rows of the same batch match the float64 literal reference (tooling/reference)', () => {
    const F = forward(p);
    // Scaled by 1e190 (a's size) so the relative tolerance bites on values of ~1e-190.
    const lift = (mat: Matrix) => toRows(mat).map((row) => row.map((v) => v * 1e190));
    const small = { ...p, x: rowsOf(p.x, 2, 4), y: rowsOf(p.y, 2, 4) };
    expect(lift(rowsOf(F, 2, 4))).toBeAllClose(lift(reference.forward(small)), TOLERANCES.float64);
  });

  it('J·u (Eq. 2) matches the log-space sum (1/√m)·Σ_r a_{ℓ,r} exp(z_{i,r}) ⟨u_r, x_i⟩', () => {
    const u = randomProblem({ n: 1, dIn: 3, dOut: 1, m: 6, seed: 9 }).w;
    const Ju = jacobianVector({ ...p, u });
    const lit = Array.from({ length: 4 }, (_, i) =>
      Array.from({ length: 2 }, (_, l) => {
        let s = 0;
        for (let r = 0; r < 6; r++) {
          let g = 0;
          for (let k = 0; k < 3; k++) g += (u.data[r * 3 + k] as number) * (p.x.data[i * 3 + k] as number);
          s += term(p, l, i, r) * g;
        }
        return s;
      }),
    );
    expect(toRows(Ju)).toBeAllClose(lit, TOLERANCES.float64);
  });

  it('the NTK factors c_{(ℓ,i),r} = (1/√m)·a_{ℓ,r}·exp(z_{i,r}) are finite and match the log-space terms', () => {
    const { c } = jacobianFactors(p);
    const lit = Array.from({ length: 8 }, (_, li) =>
      Array.from({ length: 6 }, (_, r) => term(p, Math.floor(li / 4), li % 4, r)),
    );
    // Rows of very different sizes (1e136 and 1e-190): compared row by row, each to its own scale.
    const rows = toRows(c);
    for (let k = 0; k < 8; k++) expect(rows[k]).toBeAllClose(lit[k] as number[], TOLERANCES.float64);
  });

  it('exp(1000)·1e-300 is e^309.2 ≈ 1e134, not ∞; with a = 1 the same F is +∞, never NaN', () => {
    const x = fromRows([[1000]]);
    const w = fromRows([[1], [0.5]]);
    const tiny = forward({ x, w, a: fromRows([[1e-300, 1e-300]]), activation: 'exp' });
    // (1e-300·e^1000 + 1e-300·e^500)/√2; the second term is e^-500 of the first.
    expect(tiny.data[0]).toBeAllClose(Math.exp(1000 + Math.log(1e-300) - 0.5 * Math.log(2)), TOLERANCES.float64);
    const big = forward({ x, w, a: fromRows([[1, 1]]), activation: 'exp' });
    expect(big.data[0]).toBe(Infinity);
    const neg = forward({ x, w, a: fromRows([[-1, 1e-300]]), activation: 'exp' });
    expect(neg.data[0]).toBe(-Infinity);
  });

  it('a loss whose sum of squares overflows but whose half does not is finite (scaled sum)', async () => {
    // Residuals of 1.2e154 in two entries: Σe² = 2.88e308 overflows, ½Σe² = e² = 1.44e308 does not.
    const q = randomProblem({ n: 1, dIn: 2, dOut: 2, m: 4, seed: 3, activation: 'relu' });
    const y = fromRows([[-1.2e154, -1.2e154]]);
    const r = await evaluate({ problem: { ...q, y } });
    expect(r.loss).toBeAllClose(1.2e154 * 1.2e154, TOLERANCES.float64);
  });
});
