/**
 * The checks at their quick sizes: each must hold on the seeded problems, with
 * the numbers asserted (not just that it ran), and a failure must surface as
 * a failed or errored result rather than disappear.
 */
import { checkClaim34 } from './claim34';
import { checkLemma51 } from './lemma51';
import { checkLemma53 } from './lemma53';
import { checkLemmaD3 } from './lemmaD3';
import { CHECK_IDS, runChecks } from './runChecks';
import { checkTable1 } from './table1';
import { checkTheorem42 } from './theorem42';
import { checkTheorem65 } from './theorem65';
import { checkTheoremF2 } from './theoremF2';

describe('Claim 3.4: closed-form gradient', () => {
  it('equals Definition 3.3, autodiff and central differences to float64 accuracy', async () => {
    const r = await checkClaim34({ quick: true });
    expect(r.status).toBe('held');
    expect(r.measured['Claim 3.4 (literal) vs Definition 3.3']).toBeLessThan(1e-12);
    expect(r.measured['dual-number autodiff vs Definition 3.3']).toBeLessThan(1e-12);
  });
});

describe('Lemma D.3: initial loss', () => {
  it('F(W(0)) = 0 exactly and ‖F(0) − Y‖_F ≤ √(nd)', async () => {
    const r = await checkLemmaD3({ quick: true });
    expect(r.holds).toBe(true);
    expect(r.measured['max |F(W(0))| (network.forward)']).toBe(0);
    expect(r.measured['max ‖F(0) − Y‖_F / √(nd)']).toBeLessThan(1);
  });
});

describe('Lemma 5.1: kernel perturbation', () => {
  it('‖ΔH‖_F grows linearly in R with an O(1) constant, far inside R·nd·exp(10B)', async () => {
    const r = await checkLemma51({ quick: true });
    expect(r.holds).toBe(true);
    const slope = Object.entries(r.measured).find(([k]) =>
      k.startsWith('slope of log ‖ΔH‖_F against log R'),
    )![1] as number;
    // Linear in R up to curvature over a decade of R: slope within 0.1 of 1.
    expect(Math.abs(slope - 1)).toBeLessThan(0.1);
    expect(r.measured['holds even with B = 1 (bound R·nd·e¹⁰)']).toBe(true);
    expect(r.figures?.[0]?.svg).toContain('<svg');
  });
});

describe('Lemma 5.3 and Theorems 4.2, F.2: gradient descent runs', () => {
  it('Lemma 5.3: loss, gradient and λ_min properties along the run', async () => {
    const r = await checkLemma53({ quick: true });
    expect(r.status).toBe('held');
    expect(r.measured['max_τ max_r η‖Δw_r(τ)‖₂']).toBeLessThan(0.01);
    expect(r.measured['min_τ λ_min(H(τ)) / λ']).toBeGreaterThanOrEqual(0.5);
    expect(r.figures).toHaveLength(4);
  });

  it('Theorem 4.2: reaches ε within T̂ with the η used', async () => {
    const r = await checkTheorem42({ quick: true });
    expect(r.status).toBe('held');
    expect(r.measured['‖F − Y‖²_F at the end']).toBeLessThanOrEqual(1e-3);
    expect(String(r.bound['m of the theorem'])).toMatch(/·10\^\d+$/);
  });

  it('Theorem F.2: the NTK coupling gap is within its bound and shrinks with m', async () => {
    const r = await checkTheoremF2({ quick: true });
    expect(r.status).toBe('held');
    const gaps = r.measured['max_τ |F_ntk − F_nn| per m'] as number[];
    expect(gaps[1]).toBeLessThan(gaps[0] as number);
  });
});

describe('Table 1 and Theorem 6.5', () => {
  it('Table 1: softmax needs about the widths and steps of ReLU and exp', async () => {
    const r = await checkTable1({ quick: true });
    expect(r.table?.rows).toHaveLength(9);
    expect(r.status).toBe('held');
  });

  it('Theorem 6.5: the score error falls with n and the coupling gap is inside 1/(λ√n)', async () => {
    const r = await checkTheorem65({ quick: true });
    expect(r.status).toBe('held');
    const err = Object.entries(r.measured).find(([k]) => k.startsWith('weighted score error per n'))![1] as number[];
    expect(err[1]).toBeLessThan(err[0] as number);
    expect(r.figures?.map((f) => f.name)).toEqual(['score-error', 'score-error-high-d', 'samples']);
    // d = 8 and 16 (issue 19), trained through trainScoreModel on the paper's input (t/T, x)/R: at quick sizes
    // (200 GD steps) the networks are far from fitted, so the trend of the score error in n is noise (d = 8 rises
    // from 0.10 to 0.26 at seed 0; the full sizes fall, 0.80 → 0.24) and is not asserted. What is: every run's
    // GD lowers the denoising loss ‖F − Y‖²/n below its value at W(0), where F = 0 (Definition 3.7) so it is
    // ‖Y‖²/n ≈ E‖x(0)‖² = 0.5² + d·0.1² (its sample mean at n = 32 is within ±0.05 at 3 SD: ‖x(0)‖² has SD ≈ 0.1)
    // — below 3/4 of that, which no untrained run reaches; and the fitted exponents are finite numbers.
    const runs = (
      r.measured[
        'higher dimensions, per run: [d, n, m, steps, ‖F − Y‖²/n, score error, constant-predictor error]'
      ] as string[]
    ).map((row) => row.split(' ').map(Number));
    expect(runs).toHaveLength(8); // d ∈ {8, 16} × n ∈ {32, 64} × m ∈ {64, 256}
    for (const [d, , , , fit] of runs) expect(fit).toBeLessThan(0.75 * (0.25 + d! * 0.01));
    for (const d of [8, 16]) {
      const slope = Object.entries(r.measured).find(([k]) =>
        k.startsWith(`d = ${d}: fitted exponent of the score error in n`),
      )!;
      expect(Number.isFinite(slope[1])).toBe(true);
    }
  });
});

describe('runChecks', () => {
  it('lists every check of the issue', () => {
    expect(CHECK_IDS).toEqual([
      'claim-3.4',
      'lemma-d.3',
      'lemma-5.1',
      'lemma-5.3',
      'theorem-4.2',
      'theorem-f.2',
      'table-1',
      'theorem-6.5',
      'attention-kernel',
      'attention-convergence',
      'section-7-alternating',
      'feature-learning',
    ]);
  });
  it('rejects unknown ids, naming them', async () => {
    await expect(runChecks({ only: ['lemma-9.9'] })).rejects.toThrow('unknown check id "lemma-9.9"');
  });
  it('a check that throws becomes an `error` result and the rest still run', async () => {
    const r = await runChecks({ only: ['claim-3.4', 'lemma-d.3'], quick: true, seed: Number.NaN });
    expect(r.map((c) => c.status)).toEqual(['error', 'error']);
    expect(r[0]!.holds).toBe(false);
    expect(r[0]!.details).toMatch(/could not run/);
  });
});
