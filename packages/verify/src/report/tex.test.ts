/**
 * The TeX forms of the checks' claims and labels: every check has its claim in TeX, a label with a size in it keeps
 * its number, the measured labels of real check results are covered, and `renderMarkdown` uses them only when asked.
 */
import { checkClaim34 } from '../checks/claim34';
import { checkLemmaD3 } from '../checks/lemmaD3';
import { CHECK_IDS } from '../checks/runChecks';
import type { CheckResult } from '../checks/types';
import { makeReport, renderMarkdown } from './report';
import { CHECK_TEX, texDetails, texLabel } from './tex';
import { untexedFormulas } from './texCoverage';

/** A label that states a formula (a subscript, a power, a norm, a Greek letter, a root, a bar). */
const MATHY = /[_^‖|√ληετσΔ²⁻ᵀ]/;

describe('CHECK_TEX', () => {
  test('every check has its claim in TeX, with the paper number of its plain claim', () => {
    expect(Object.keys(CHECK_TEX).sort()).toEqual([...CHECK_IDS].sort());
    for (const id of CHECK_IDS)
      expect({ id, math: /\$[^$]+\$/.test(CHECK_TEX[id]!.claim) }).toEqual({ id, math: true });
    expect(CHECK_TEX['theorem-4.2']!.claim.startsWith('Theorem 4.2: ')).toBe(true);
    expect(CHECK_TEX['lemma-5.3']!.claim).toContain('$\\lambda_{\\min}(H(\\tau)) \\ge \\lambda/2$');
  });

  test('no TeX form has an odd number of $ (an unclosed formula would show as text)', () => {
    const all = Object.values(CHECK_TEX).flatMap((t) => [
      t.claim,
      ...t.labels.map((l) => l[1]),
      ...(t.details ?? []).map((l) => l[1]),
    ]);
    expect(all.filter((s) => (s.match(/\$/g) ?? []).length % 2 !== 0)).toEqual([]);
  });

  test('texLabel: exact labels, labels with a size (the number carried over), and none for plain words', () => {
    expect(texLabel('lemma-5.1', 'slope of log ‖ΔH‖_F against log R (m = 4096)')).toBe(
      'slope of $\\log \\lVert \\Delta H \\rVert_F$ against $\\log R$ ($m = 4096$)',
    );
    expect(texLabel('lemma-5.1', 'R·nd·exp(10B) at R = 0.009')).toBe('$R \\, nd \\exp(10B)$ at $R = 0.009$');
    expect(texLabel('theorem-4.2', 'cond(H*)')).toBe('$\\operatorname{cond}(H^*)$');
    // the same label of another check, or a label the table does not list
    expect(texLabel('claim-3.4', 'cond(H*)')).toBeUndefined();
    expect(texLabel('lemma-5.1', 'seed')).toBeUndefined();
    expect(texLabel('no-such-check', 'm')).toBeUndefined();
  });

  test.each([
    ['claim-3.4', checkClaim34],
    ['lemma-d.3', checkLemmaD3],
  ] as const)('%s: every label of its result that states a formula has a TeX form', async (_id, run) => {
    const r: CheckResult = await run({ quick: true });
    const labels = [
      ...Object.keys(r.measured),
      ...Object.keys(r.bound),
      ...Object.keys(r.setup),
      ...(r.table?.columns ?? []),
    ];
    expect(labels.filter((l) => MATHY.test(l) && texLabel(r.id, l) === undefined)).toEqual([]);
    // (and every formula of its details)
    expect(untexedFormulas(r)).toEqual([]);
  });

  test('texDetails: phrases with numbers (carried over, as TeX), phrases without, and text it does not list', () => {
    expect(texDetails('lemma-d.3', 'initialisation (σ = 1 and σ = 4). Holds when both measured ratios are ≤ 1.')).toBe(
      'initialisation ($\\sigma = 1$ and $\\sigma = 4$). Holds when both measured ratios are $\\le 1$.',
    );
    // a number in exponent form or as a·10^b becomes a power of ten; a sentence's full stop stays outside
    expect(
      texDetails('theorem-4.2', 'The run uses m = 4096 and the practical η = 1/λ_max(m·H(0)) = 1.650e-5 (mηλ = 1e-2).'),
    ).toBe(
      'The run uses $m = 4096$ and the practical $\\eta = 1/\\lambda_{\\max}(m H(0)) = 1.650 \\cdot 10^{-5}$ ($m\\eta\\lambda = 10^{-2}$).',
    );
    expect(
      texDetails(
        'lemma-5.3',
        "the lemma assumes Theorem 4.2's m (6.353·10^248 here) and η, and D < R with R = λ/(2nd·exp(10B)) = 6.447·10^-138;",
      ),
    ).toBe(
      "the lemma assumes Theorem 4.2's $m$ ($6.353 \\cdot 10^{248}$ here) and $\\eta$, and $D < R$ with $R = \\lambda / (2nd \\exp(10B)) = 6.447 \\cdot 10^{-138}$;",
    );
    expect(texDetails('theorem-4.2', 'symmetric initialisation with σ = 1.')).toBe(
      'symmetric initialisation with $\\sigma = 1$.',
    );
    // another check's phrase, or a check without details entries: unchanged
    expect(texDetails('claim-3.4', 'σ = 1')).toBe('σ = 1');
    expect(texDetails('no-such-check', 'σ = 1')).toBe('σ = 1');
  });
});

describe('renderMarkdown with tex', () => {
  const result: CheckResult = {
    id: 'lemma-5.1',
    claim: 'Lemma 5.1: (plain claim)',
    measured: { 'slope of log ‖ΔH‖_F against log m (R = 0.009)': -0.5277 },
    bound: { 'exp(10B) (the constant the lemma allows)': '6.055·10^127', B: 29.42 },
    holds: true,
    details: 'neurons signed by a_{1,r}, refined',
    status: 'held',
    setup: { seed: 0 },
    seconds: 1,
    table: { columns: ['m', '‖ΔH‖_F/(R·nd)'], rows: [[4096, 1.5e-20]] },
  };
  const report = makeReport([result], { quick: false }, 'T');

  test('the claim, labels, details and large numbers in TeX', () => {
    const md = renderMarkdown(report, { tex: true });
    expect(md).toContain(`**HELD** — ${CHECK_TEX['lemma-5.1']!.claim}`);
    expect(md).toContain('| slope of $\\log \\lVert \\Delta H \\rVert_F$ against $\\log m$ ($R = 0.009$) | -0.5277 |');
    expect(md).toContain('| $\\exp(10B)$ (the constant the lemma allows) | $6.055 \\cdot 10^{127}$ |');
    expect(md).toContain('neurons signed by $a_{1,r}$, refined');
    expect(md).toContain('| m | $\\lVert \\Delta H \\rVert_F / (R \\, nd)$ |');
    expect(md).toContain('| 4096 | $1.500 \\cdot 10^{-20}$ |');
  });

  test('details: the formulas CHECK_TEX lists in TeX, large numbers outside them as TeX too', () => {
    const md = renderMarkdown(
      makeReport(
        [{ ...result, details: 'W̃ has i.i.d. N(0, σ²I) columns (σ = 1); the constant exp(10B) is 6.055·10^127.' }],
        { quick: false },
      ),
      { tex: true },
    );
    expect(md).toContain(
      '$\\widetilde W$ has i.i.d. $\\mathcal{N}(0, \\sigma^2 I)$ columns ($\\sigma = 1$); the constant $\\exp(10B)$ is $6.055 \\cdot 10^{127}$.',
    );
  });

  test('without tex: the plain report, as before (no $ anywhere)', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('**HELD** — Lemma 5.1: (plain claim)');
    expect(md).toContain('| exp(10B) (the constant the lemma allows) | 6.055·10^127 |');
    expect(md).toContain('neurons signed by a_{1,r}, refined');
    expect(md).not.toContain('$');
  });
});
