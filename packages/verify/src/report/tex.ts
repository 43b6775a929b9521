/**
 * The TeX forms of the checks' claims and labels, beside their plain (Unicode) forms.
 *
 * A check's result states its claim, its measured and bound labels and its table columns in Unicode, which every
 * terminal and the text/Markdown report show as they are. A page that typesets math (the docs site's report page)
 * asks `renderMarkdown(report, { tex: true })` for the same report with these TeX forms: text with `$…$` inline
 * math in the paper's notation. The table is keyed by the plain text, so a report written before a TeX form existed
 * (a committed `report.json`) still renders typeset, and the report's JSON keeps its shape.
 */

/** The TeX forms of one check: its claim, its labels, and formulas inside its details. */
export interface CheckTex {
  /** The claim, as text with `$…$` math. */
  claim: string;
  /**
   * Labels (of `measured`, `bound`, `setup` and the table's columns) and string values: [plain, TeX]. A `#` in
   * the plain form stands for a number (a size in the label, e.g. `m = 4096`), carried into the `#` of the TeX
   * form in order.
   */
  labels: readonly (readonly [string, string])[];
  /** Formulas inside the details text: [plain, TeX], each replaced wherever it occurs. */
  details?: readonly (readonly [string, string])[];
}

const NORM_FY = '\\lVert F - Y \\rVert';

/** The TeX forms of every check's claim and of its labels that state a formula, by check id. */
export const CHECK_TEX: Readonly<Record<string, CheckTex>> = {
  'claim-3.4': {
    claim:
      'Claim 3.4: $\\Delta w_r = m \\sum_i \\sum_\\ell (F_{\\ell,i} - y_{\\ell,i}) \\, \\langle a_{\\ell,r} \\mathbf{1}_m - a_\\ell, \\mathcal{S}_i \\rangle \\, \\mathcal{S}_{i,r} \\, x_i$ equals Definition 3.3 (and so the gradient of the loss of Definition 3.2).',
    labels: [],
  },
  'lemma-d.3': {
    claim:
      'Lemma D.3 (with Definition 3.7): symmetric initialisation gives $F(W(0), x) = 0$, hence $\\lVert F(0) - Y \\rVert_F = \\lVert Y \\rVert_F \\le \\sqrt{nd}$ when $\\lVert y_i \\rVert_2 \\le 1$.',
    labels: [
      ['max |F(W(0))| (network.forward)', '$\\max \\lvert F(W(0)) \\rvert$ (network.forward)'],
      ['max |F(W(0))| (float64 reference)', '$\\max \\lvert F(W(0)) \\rvert$ (float64 reference)'],
      ['max |F(W(0))| / (m²·u)', '$\\max \\lvert F(W(0)) \\rvert / (m^2 u)$'],
      ['max ‖F(0) − Y‖_F / √(nd)', '$\\max \\lVert F(0) - Y \\rVert_F / \\sqrt{nd}$'],
      ['|F(W(0))| (exact arithmetic)', '$\\lvert F(W(0)) \\rvert$ (exact arithmetic)'],
      ['rounding allowance m²·u, as a multiple', 'rounding allowance $m^2 u$, as a multiple'],
      ['‖F(0) − Y‖_F / √(nd)', '$\\lVert F(0) - Y \\rVert_F / \\sqrt{nd}$'],
      ['max |F(W(0))|', '$\\max \\lvert F(W(0)) \\rvert$'],
      ['‖F(0) − Y‖_F', '$\\lVert F(0) - Y \\rVert_F$'],
      ['√(nd)', '$\\sqrt{nd}$'],
      ['σ', '$\\sigma$'],
    ],
  },
  'lemma-5.1': {
    claim:
      'Lemma 5.1: if $\\widetilde w_r \\sim \\mathcal{N}(0, \\sigma^2 I)$ i.i.d. and $\\lVert \\widetilde w_r - w_r \\rVert_2 \\le R < 0.01$ for all $r$, then $\\lVert H(W) - H(\\widetilde W) \\rVert_F \\le R \\, n d \\exp(10B)$ with probability $\\ge 1 - \\delta$.',
    labels: [
      [
        'max ‖ΔH‖_F / (R·nd) (empirical constant)',
        '$\\max \\lVert \\Delta H \\rVert_F / (R \\, nd)$ (empirical constant)',
      ],
      [
        'slope of log ‖ΔH‖_F against log R (m = #)',
        'slope of $\\log \\lVert \\Delta H \\rVert_F$ against $\\log R$ ($m = #$)',
      ],
      [
        'slope of log ‖ΔH‖_F against log m (R = #)',
        'slope of $\\log \\lVert \\Delta H \\rVert_F$ against $\\log m$ ($R = #$)',
      ],
      ['holds even with B = 1 (bound R·nd·e¹⁰)', 'holds even with $B = 1$ (bound $R \\, nd \\, e^{10}$)'],
      ['exp(10B) (the constant the lemma allows)', '$\\exp(10B)$ (the constant the lemma allows)'],
      ['R·nd·exp(10B) at R = #', '$R \\, nd \\exp(10B)$ at $R = #$'],
      ['‖ΔH‖_F random (max)', '$\\lVert \\Delta H \\rVert_F$ random (max)'],
      ['‖ΔH‖_F worst found', '$\\lVert \\Delta H \\rVert_F$ worst found'],
      ['‖ΔH‖_F/(R·nd)', '$\\lVert \\Delta H \\rVert_F / (R \\, nd)$'],
      ['R·nd·e¹⁰', '$R \\, nd \\, e^{10}$'],
    ],
    details: [
      ['±x_i', '$\\pm x_i$'],
      ['a_{1,r}', '$a_{1,r}$'],
    ],
  },
  'lemma-5.3': {
    claim:
      'Lemma 5.3 (induction): while $\\lVert w_r(\\tau) - w_r(0) \\rVert_2 \\le R$, $\\lVert F(\\tau) - Y \\rVert_F^2 \\le (1 - m\\eta\\lambda/2)^\\tau \\lVert F(0) - Y \\rVert_F^2$ and $\\eta \\lVert \\Delta w_r(\\tau) \\rVert_2 \\le 0.01$, the three persist at $\\tau + 1$; with Lemma D.1 ($\\lVert \\Delta w_r \\rVert_2 \\le \\exp(3B) \\sqrt{nd} \\, \\lVert F - Y \\rVert_F$) and Claim E.5 ($\\lambda_{\\min}(H(\\tau)) \\ge \\lambda/2$).',
    labels: [
      [
        'max_{τ≥1} ‖F(τ) − Y‖²_F / ((1 − mηλ/2)^τ ‖F(0) − Y‖²_F)',
        '$\\max_{\\tau \\ge 1} \\lVert F(\\tau) - Y \\rVert_F^2 / \\big((1 - m\\eta\\lambda/2)^\\tau \\lVert F(0) - Y \\rVert_F^2\\big)$',
      ],
      ['max_τ max_r η‖Δw_r(τ)‖₂', '$\\max_\\tau \\max_r \\eta \\lVert \\Delta w_r(\\tau) \\rVert_2$'],
      ['min_τ λ_min(H(τ)) / λ', '$\\min_\\tau \\lambda_{\\min}(H(\\tau)) / \\lambda$'],
      [
        'max_τ ‖Δw_r‖₂ / (√(nd)‖F − Y‖_F) (Lemma D.1 constant)',
        `$\\max_\\tau \\lVert \\Delta w_r \\rVert_2 / (\\sqrt{nd} \\, ${NORM_FY}_F)$ (Lemma D.1 constant)`,
      ],
      [
        'max ‖w_r(τ) − w_r(0)‖₂ ≤ D (Definition A.2)',
        '$\\max \\lVert w_r(\\tau) - w_r(0) \\rVert_2 \\le D$ (Definition A.2)',
      ],
      ['slope of weight movement against m', 'slope of weight movement against $m$'],
      ['η‖Δw_r‖₂', '$\\eta \\lVert \\Delta w_r \\rVert_2$'],
      ['λ_min(H(τ)) / λ', '$\\lambda_{\\min}(H(\\tau)) / \\lambda$'],
      ['exp(3B) (Lemma D.1)', '$\\exp(3B)$ (Lemma D.1)'],
      ['R = λ/(2nd·exp(10B)) (m = #)', '$R = \\lambda / (2nd \\exp(10B))$ ($m = #$)'],
      ["paper's η (m = #)", "paper's $\\eta$ ($m = #$)"],
      ['mηλ', '$m\\eta\\lambda$'],
      ['λ', '$\\lambda$'],
      ['η', '$\\eta$'],
      ['cond(H)', '$\\operatorname{cond}(H)$'],
      ['cond(H(0))', '$\\operatorname{cond}(H(0))$'],
      ['max η‖Δw_r‖', '$\\max \\eta \\lVert \\Delta w_r \\rVert$'],
      ['min λ_min(H(τ))/λ', '$\\min \\lambda_{\\min}(H(\\tau)) / \\lambda$'],
      ['max ‖w_r − w_r(0)‖', '$\\max \\lVert w_r - w_r(0) \\rVert$'],
    ],
  },
  'theorem-4.2': {
    claim:
      'Theorem 4.2: with $\\lambda = \\lambda_{\\min}(H^*) > 0$, $m = \\Omega(\\lambda^{-2} n^2 d^2 \\exp(18B) \\log^2(nd/\\delta))$, $\\eta = 0.1\\lambda / (m n^2 d^2 \\exp(16B))$ and $\\widehat T = \\Omega((m\\eta\\lambda)^{-1} \\log(nd/\\varepsilon))$, gradient descent reaches $\\lVert F(\\widehat T) - Y \\rVert_F^2 \\le \\varepsilon$ with probability $\\ge 1 - \\delta$.',
    labels: [
      ['‖F − Y‖²_F at the end', `$${NORM_FY}_F^2$ at the end`],
      ['λ = λ_min(H*)', '$\\lambda = \\lambda_{\\min}(H^*)$'],
      ['cond(H*)', '$\\operatorname{cond}(H^*)$'],
      [
        'T̂ = (mηλ)⁻¹·log(nd/ε) with the η used',
        '$\\widehat T = (m\\eta\\lambda)^{-1} \\log(nd/\\varepsilon)$ with the $\\eta$ used',
      ],
      ["T̂ of the theorem (paper's η)", "$\\widehat T$ of the theorem (paper's $\\eta$)"],
      ['m of the theorem', '$m$ of the theorem'],
      ['ε', '$\\varepsilon$'],
    ],
  },
  'theorem-f.2': {
    claim:
      'Theorem F.2: if $\\lVert H^* - H(\\tau) \\rVert_F \\le \\varepsilon_H \\le \\lambda/2$ and $\\lVert K^*_{\\ell,\\mathrm{te}} - K_{\\ell,\\mathrm{te}}(\\tau) \\rVert \\le \\varepsilon_{\\ell,\\mathrm{test}}$ for all $\\tau$, then $\\lvert F_\\mathrm{ntk}(\\gamma(\\tau), x_\\mathrm{te})_\\ell - F_\\mathrm{nn}(W(\\tau), x_\\mathrm{te})_\\ell \\rvert \\le O\\big(\\frac{\\sqrt{nd}}{\\lambda} \\varepsilon_{\\ell,\\mathrm{test}} + \\frac{\\sqrt{nd}}{\\lambda^2} \\log^2\\big(\\frac{nd}{\\varepsilon_H m \\lambda}\\big) \\varepsilon_H\\big)$ for all $\\tau$.',
    labels: [
      ['max_τ |F_ntk − F_nn| per m', '$\\max_\\tau \\lvert F_\\mathrm{ntk} - F_\\mathrm{nn} \\rvert$ per $m$'],
      ['slope of log max gap against log m', 'slope of $\\log$ max gap against $\\log m$'],
      ['gap decreases from the smallest to the largest m', 'gap decreases from the smallest to the largest $m$'],
      ['Theorem F.2 with constant 1, per m', 'Theorem F.2 with constant 1, per $m$'],
      ['premise ε_H ≤ λ/2 met, per m', 'premise $\\varepsilon_H \\le \\lambda/2$ met, per $m$'],
      ['cond(H*)', '$\\operatorname{cond}(H^*)$'],
      ['ε_H', '$\\varepsilon_H$'],
      ['λ', '$\\lambda$'],
      ['ε_test', '$\\varepsilon_\\mathrm{test}$'],
      ['ε_H ≤ λ/2', '$\\varepsilon_H \\le \\lambda/2$'],
    ],
    details: [
      ['‖K_{ℓ,te}(τ) − K*_{ℓ,te}‖₂', '$\\lVert K_{\\ell,\\mathrm{te}}(\\tau) - K^*_{\\ell,\\mathrm{te}} \\rVert_2$'],
    ],
  },
  'table-1': {
    claim:
      'Table 1: softmax needs almost the same width $m = \\Omega(\\lambda^{-2} n^{2+o(1)} \\log^2 n)$ and steps $\\widehat T = \\Omega(\\lambda^{-2} n^{2+o(1)} \\log(n/\\varepsilon))$ as ReLU ($m = \\Omega(\\lambda^{-2} n^2 \\log n)$) and exp ($m = \\Omega(\\lambda^{-2} n^{2+o(1)} \\log^2 n)$) to reach training loss $\\varepsilon$.',
    labels: [
      ['relu: slope of m* against n', 'relu: slope of $m^*$ against $n$'],
      ['relu: slope of T* against n', 'relu: slope of $T^*$ against $n$'],
      ['exp: slope of m* against n', 'exp: slope of $m^*$ against $n$'],
      ['exp: slope of T* against n', 'exp: slope of $T^*$ against $n$'],
      ['softmax: slope of m* against n', 'softmax: slope of $m^*$ against $n$'],
      ['softmax: slope of T* against n', 'softmax: slope of $T^*$ against $n$'],
      ['softmax m* slope minus the larger baseline slope', 'softmax $m^*$ slope minus the larger baseline slope'],
      [
        'softmax within 2× of the larger baseline (m*, and T at the common width) at every n',
        'softmax within $2\\times$ of the larger baseline ($m^*$, and $T$ at the common width) at every $n$',
      ],
      ['common width per n', 'common width per $n$'],
      ['exponent of n in the Table 1 bounds', 'exponent of $n$ in the Table 1 bounds'],
      [
        'm* ≤ λ⁻²n²log^k n, T* ≤ (ηλ_min(JJᵀ))⁻¹log(n/ε) (table)',
        '$m^* \\le \\lambda^{-2} n^2 \\log^k n$, $T^* \\le (\\eta \\lambda_{\\min}(J J^\\top))^{-1} \\log(n/\\varepsilon)$ (table)',
      ],
      ['m*', '$m^*$'],
      ['T* (steps)', '$T^*$ (steps)'],
      ['λ (own NTK, at m*)', '$\\lambda$ (own NTK, at $m^*$)'],
      ['m bound λ⁻²n²log^k n', '$m$ bound $\\lambda^{-2} n^2 \\log^k n$'],
      ['T bound (ηλ_min(JJᵀ))⁻¹log(n/ε)', '$T$ bound $(\\eta \\lambda_{\\min}(J J^\\top))^{-1} \\log(n/\\varepsilon)$'],
      ['d_in', '$d_\\mathrm{in}$'],
      ['d_out', '$d_\\mathrm{out}$'],
    ],
  },
  'theorem-6.5': {
    claim:
      'Theorem 6.5: with $m = \\Omega(\\lambda^{-2} n^3 d^3 \\exp(18B) \\log^2(nd/\\delta))$ and $\\eta = 0.1\\lambda / (m n^2 d^2 \\exp(16B))$, the GD-trained softmax score model has weighted score error $\\frac1T \\int \\lambda(t) \\, \\mathbb{E} \\lVert s_{W(\\widehat T)}(t, x(t)) - \\nabla \\log p_t \\rVert^2 \\, \\mathrm{d}t \\le O\\big(\\frac{1}{\\lambda\\sqrt n} + \\varepsilon(n, \\widehat T) + \\text{approximation terms}\\big)$; the coupling gap to its NTK regression is $O(1/(\\lambda\\sqrt n))$.',
    labels: [
      ['weighted score error per n (m = #)', 'weighted score error per $n$ ($m = #$)'],
      ['slope of the score error against n', 'slope of the score error against $n$'],
      [
        'max coupling gap ‖F_ntk − F_nn‖₂ over test points, per (n, m)',
        'max coupling gap $\\lVert F_\\mathrm{ntk} - F_\\mathrm{nn} \\rVert_2$ over test points, per $(n, m)$',
      ],
      [
        'score error decreases from the smallest to the largest n',
        'score error decreases from the smallest to the largest $n$',
      ],
      ['coupling gap decreases with m at every n', 'coupling gap decreases with $m$ at every $n$'],
      [
        'cases where λ_min(H*) is numerically 0 (Assumption 6.2 not met)',
        'cases where $\\lambda_{\\min}(H^*)$ is numerically 0 (Assumption 6.2 not met)',
      ],
      [
        'coupling bound 1/(λ√n) (constant 1), per (n, m)',
        'coupling bound $1/(\\lambda\\sqrt n)$ (constant 1), per $(n, m)$',
      ],
      ['‖F − Y‖²/n (train)', `$${NORM_FY}^2/n$ (train)`],
      ['1/(λ√n)', '$1/(\\lambda\\sqrt n)$'],
      ['T0', '$T_0$'],
      ['λ', '$\\lambda$'],
      ['η', '$\\eta$'],
    ],
  },
  'attention-kernel': {
    claim:
      'Beyond the paper (Section 7, Eq. 7): under NTK scaling $c_H = 1/\\sqrt H$, the attention NTK $H = H_{KQ} + H_V$ moves by $O(H^{-1/2})$ when GD reaches a fixed loss, and $\\lambda_{\\min}(H(\\tau)) \\ge \\lambda_{\\min}(H(0))/2$ along training (the analogue of Claim E.5) once $H$ is large.',
    labels: [],
  },
  'attention-convergence': {
    claim:
      'Beyond the paper (Section 7, Eq. 7): GD on $(W^K, W^Q, W^V)$ of a wide softmax self-attention layer converges linearly, $L(\\tau) \\le (1 - \\eta\\lambda/2)^\\tau L(0)$ with $\\lambda = \\lambda_{\\min}(H(0))$ — the form of Lemma 5.3.',
    labels: [
      ['max_τ L(τ)/((1 − ηλ/2)^τ L(0))', '$\\max_\\tau L(\\tau) / \\big((1 - \\eta\\lambda/2)^\\tau L(0)\\big)$'],
    ],
  },
  'section-7-alternating': {
    claim:
      'Section 7 (conjecture, Eq. 7): the self-attention $F(W^K X, W^Q X, W^V X)$ can be decoupled into the softmax term and the value term, and optimised by alternating between $(W^K, W^Q)$ and $W^V$.',
    labels: [],
  },
  'feature-learning': {
    claim:
      'Section 7 (open question): what features softmax learns and how. Measured on self-attention ($H$ heads) and on the two-layer softmax network of the paper ($m$ neurons): under NTK scaling the kernel freezes as the width grows (kernel regime); under mean-field scaling it moves and aligns with the targets (feature learning).',
    labels: [],
  },
};

/** `plain` as a pattern: a `#` matches a number. */
function labelPattern(plain: string): RegExp {
  const parts = plain.split('#').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('(-?[0-9][0-9.e+-]*)')}$`);
}

/**
 * The TeX form (text with `$…$` math) of a label or string value of check `checkId`, or `undefined` when the
 * table has none for it (then the plain form is shown).
 *
 * @param checkId - The check's id, e.g. `lemma-5.1`.
 * @param plain - The label as the check writes it.
 *
 * @example
 * ```ts
 * import { texLabel } from '@softmax-ntk/verify';
 *
 * // a label with a size in it: the number is carried over
 * console.log(texLabel('lemma-5.1', 'slope of log ‖ΔH‖_F against log R (m = 4096)'));
 * // → slope of $\log \lVert \Delta H \rVert_F$ against $\log R$ ($m = 4096$)
 * console.log(texLabel('lemma-5.1', 'seed')); // undefined
 * ```
 */
export function texLabel(checkId: string, plain: string): string | undefined {
  for (const [p, tex] of CHECK_TEX[checkId]?.labels ?? []) {
    if (!p.includes('#')) {
      if (p === plain) return tex;
      continue;
    }
    const m = labelPattern(p).exec(plain);
    if (m) {
      let k = 1;
      return tex.replace(/#/g, () => m[k++] ?? '#');
    }
  }
  return undefined;
}
