import { eigvalsh, gramian } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { attentionGram } from './attentionGram';
import { attentionJacobian } from './attentionJacobian';
import { attentionSpectrum } from './attentionSpectrum';
import { forward } from '../model/forward';
import type { AttentionProblem } from '../problem/problem';
import * as reference from '../../test/reference';
import { randomProblem } from '../../test/fixtures';

const cases: [string, AttentionProblem][] = [
  ['ntk scaling, H = 2, d_h = 2', randomProblem({ seed: 31 })],
  [
    'mean-field, H = 3, d_h = 4, τ = 0.8',
    randomProblem({ seed: 32, H: 3, dh: 4, scaling: 'mean-field', temperature: 0.8 }),
  ],
];

/** J by central differences of F, column by column (h as in test-helpers' finiteDifference budget). */
function fdJacobian(p: AttentionProblem): { rows: number; cols: number; data: Float64Array } {
  const theta = Float64Array.from([...p.wk, ...p.wq, ...p.wv]);
  const kq = p.wk.length;
  const at = (t: Float64Array): AttentionProblem => ({
    ...p,
    wk: t.slice(0, kq),
    wq: t.slice(kq, 2 * kq),
    wv: t.slice(2 * kq),
  });
  const rows = p.x.length;
  const P = theta.length;
  const J = new Float64Array(rows * P);
  const h = 6e-6;
  for (let k = 0; k < P; k++) {
    const plus = theta.slice();
    const minus = theta.slice();
    plus[k] = (plus[k] as number) + h;
    minus[k] = (minus[k] as number) - h;
    const fp = forward({ problem: at(plus) });
    const fm = forward({ problem: at(minus) });
    for (let r = 0; r < rows; r++) J[r * P + k] = ((fp[r] as number) - (fm[r] as number)) / (2 * h);
  }
  return { rows, cols: P, data: J };
}

describe('the attention NTK: J in the order (s, ℓ, j)', () => {
  it.each(cases)('%s: J matches the literal reference to 1e-10 and central differences', (_, p) => {
    const J = attentionJacobian({ problem: p });
    expect(J.data).toBeAllClose(reference.jacobian(p).data, TOLERANCES.float64);
    expect(J.data).toBeAllClose(fdJacobian(p).data, TOLERANCES.finiteDifference);
  });
});

describe('the attention NTK: H = H_KQ + H_V', () => {
  it.each(cases)('%s: H, H_KQ and H_V match the literal sums over parameters to 1e-10', (_, p) => {
    const g = attentionGram({ problem: p });
    const kq = 2 * p.wk.length;
    expect(g.H.data).toBeAllClose(reference.gram(p), TOLERANCES.float64);
    expect(g.HKQ.data).toBeAllClose(reference.gram(p, 0, kq), TOLERANCES.float64);
    expect(g.HV.data).toBeAllClose(reference.gram(p, kq), TOLERANCES.float64);
  });

  it.each(cases)('%s: H matches J Jᵀ of the finite-difference J, and of the formed J', (_, p) => {
    const g = attentionGram({ problem: p });
    const Jfd = fdJacobian(p);
    expect(g.H.data).toBeAllClose(gramian({ a: Jfd }).data, TOLERANCES.finiteDifference);
    expect(g.H.data).toBeAllClose(gramian({ a: attentionJacobian({ problem: p }) }).data, TOLERANCES.float64);
  });

  it.each(cases)('%s: H, H_KQ, H_V are exactly symmetric and positive semidefinite', (_, p) => {
    const g = attentionGram({ problem: p });
    for (const M of [g.H, g.HKQ, g.HV]) {
      const n = M.rows;
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(M.data[i * n + j]).toBe(M.data[j * n + i]);
      const ev = eigvalsh({ a: M });
      // backward-stable eigensolver: eigenvalues are exact for H + δH with ‖δH‖₂ ≲ n·u·‖H‖₂
      expect(ev[0]).toBeGreaterThanOrEqual(-n * 2 ** -52 * Math.abs(ev[n - 1] as number));
    }
  });

  it('H_V is block diagonal in the output coordinate ℓ (δ_ℓℓ′) and H_KQ is not', () => {
    const p = randomProblem({ seed: 33 });
    const g = attentionGram({ problem: p });
    const { dim: d, numTokens: n } = p.shape;
    const size = g.H.rows;
    // rows (0, ℓ=0, j=0) and (0, ℓ=1, j=0)
    expect(g.HV.data[0 * size + n]).toBe(0);
    expect(Math.abs(g.HKQ.data[0 * size + n] as number)).toBeGreaterThan(0);
    expect(d).toBeGreaterThan(1);
  });

  it('attentionSpectrum: λ_min, λ_max of each part agree with the dense eigenvalues of the literal Gram', () => {
    const p = randomProblem({ seed: 34, H: 6, d: 2, n: 3, N: 2 });
    const kq = 2 * p.wk.length;
    for (const [part, ref] of [
      ['all', reference.gram(p)],
      ['kq', reference.gram(p, 0, kq)],
      ['v', reference.gram(p, kq)],
    ] as const) {
      const ev = eigvalsh({ a: { rows: p.x.length, cols: p.x.length, data: ref } });
      const s = attentionSpectrum({ problem: p, part });
      expect([s.lambdaMin, s.lambdaMax]).toBeAllClose([ev[0]!, ev[ev.length - 1]!], {
        // λ_min relative to λ_max: eigenvalue errors are absolute, n·u·‖H‖ (see the PSD test)
        rtol: 1e-10,
        atol: 1e-10 * (ev[ev.length - 1] as number),
      });
    }
  });
});
