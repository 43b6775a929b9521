/**
 * The Section 7 checks at their quick sizes, with the numbers asserted: each
 * property below is one a bug in the attention layer, its gradient, its kernel
 * or the trainer would break.
 */
import { checkAttentionConvergence } from './attentionConvergence';
import { checkAttentionKernel } from './attentionKernel';
import { checkFeatureLearning } from './featureLearning';
import { checkSection7Alternating } from './section7Alternating';
import { untexedFormulas } from '../report/texCoverage';

describe('attention-kernel (beyond the paper, Section 7)', () => {
  it('drift falls with the number of heads, inside the NTK slope interval, λ_min stays above half', async () => {
    const r = await checkAttentionKernel({ quick: true });
    // (the report page typesets its details and labels: verify's CHECK_TEX covers every formula in them)
    expect(untexedFormulas(r)).toEqual([]);
    const drift = r.measured['drift per H'] as number[];
    for (let k = 1; k < drift.length; k++) expect(drift[k]).toBeLessThan(drift[k - 1] as number);
    const slope = r.measured['slope of log drift against log H'] as number;
    expect(slope).toBeGreaterThanOrEqual(-0.75);
    expect(slope).toBeLessThanOrEqual(-0.25);
    expect(r.status).toBe('held');
    expect(r.figures?.map((f) => f.name)).toEqual(['kernel-drift', 'lambda-min']);
  });
});

describe('attention-convergence (Lemma 5.3 form)', () => {
  it('the loss stays under (1 − ηλ/2)^τ L(0) and the measured rate beats the bound rate', async () => {
    const r = await checkAttentionConvergence({ quick: true });
    // (the report page typesets its details and labels: verify's CHECK_TEX covers every formula in them)
    expect(untexedFormulas(r)).toEqual([]);
    expect(r.status).toBe('held');
    expect(r.measured['H = 32: max_τ L(τ) / ((1 − ηλ/2)^τ L(0))']).toBeLessThanOrEqual(1);
    expect(r.measured['H = 32: measured rate (L(T)/L(0))^{1/T}']).toBeLessThan(
      r.measured['H = 32: bound rate 1 − ηλ/2'] as number,
    );
  });
});

describe('section-7-alternating (the conjecture)', () => {
  it('alternating descent converges within 4·T_joint and both half-kernels stay positive definite', async () => {
    const r = await checkSection7Alternating({ quick: true });
    // (the report page typesets its details and labels: verify's CHECK_TEX covers every formula in them)
    expect(untexedFormulas(r)).toEqual([]);
    expect(r.status).toBe('held');
    for (const k of [1, 10]) {
      const ratio = r.measured[`k = ${k}: steps / T_joint`] as number;
      // each half-step descends on one kernel part only: slower than joint GD, within the criterion's 4×
      expect(ratio).toBeGreaterThan(1);
      expect(ratio).toBeLessThanOrEqual(4);
      const [kq, v] = r.measured[`k = ${k}: min_τ λ_min(H_KQ), min_τ λ_min(H_V)`] as number[];
      expect(kq).toBeGreaterThan(0);
      expect(v).toBeGreaterThan(0);
    }
  });
});

describe('feature-learning (Section 7, open question)', () => {
  it('mean-field scaling moves the kernel more than NTK scaling at every width (attention and network); the verdict follows P1–P6', async () => {
    const r = await checkFeatureLearning({ quick: true });
    // (the report page typesets its details and labels: verify's CHECK_TEX covers every formula in them)
    expect(untexedFormulas(r)).toEqual([]);
    const ntk = r.measured['NTK drift per H'] as number[];
    const mf = r.measured['mean-field drift per H'] as number[];
    ntk.forEach((d, k) => expect(mf[k]).toBeGreaterThan(d));
    expect(ntk[1]).toBeLessThan(ntk[0] as number);
    const netNtk = r.measured['network: NTK drift per m'] as number[];
    const netMf = r.measured['network: mean-field drift per m'] as number[];
    netNtk.forEach((d, k) => expect(netMf[k]).toBeGreaterThan(d));
    const verdict = Object.entries(r.measured)
      .filter(([k]) => /^P\d /.test(k))
      .every(([, v]) => v === true);
    expect(Object.keys(r.measured).filter((k) => /^P\d /.test(k))).toHaveLength(6);
    expect(r.holds).toBe(verdict);
    expect(r.status).toBe(verdict ? 'held' : 'failed');
  });
});
