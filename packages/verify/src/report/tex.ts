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
  /**
   * Formulas inside the details text: [plain, TeX], each replaced wherever it occurs, in order (longer phrases before
   * the short ones they contain). A `#` in the plain form stands for a number (`0.05`, `1.650e-5`, `6.447·10^-138`),
   * written into the `#` of the TeX form in order, as TeX (`6.447 \cdot 10^{-138}`).
   */
  details?: readonly (readonly [string, string])[];
}

const NORM_FY = '\\lVert F - Y \\rVert';

/** The TeX forms of every check's claim and of its labels that state a formula, by check id. */
export const CHECK_TEX: Readonly<Record<string, CheckTex>> = {
  'claim-3.4': {
    claim:
      'Claim 3.4: $\\Delta w_r = m \\sum_i \\sum_\\ell (F_{\\ell,i} - y_{\\ell,i}) \\, \\langle a_{\\ell,r} \\mathbf{1}_m - a_\\ell, \\mathcal{S}_i \\rangle \\, \\mathcal{S}_{i,r} \\, x_i$ equals Definition 3.3 (and so the gradient of the loss of Definition 3.2).',
    labels: [],
    details: [
      ['d_in ≠ d_out', '$d_\\mathrm{in} \\ne d_\\mathrm{out}$'],
      ['F ≠ 0', '$F \\ne 0$'],
      [
        'h = 1e-5 (error O(h²) + O(u/h) ≈ 1e-10 relative)',
        '$h = 10^{-5}$ (error $O(h^2) + O(u/h) \\approx 10^{-10}$ relative)',
      ],
    ],
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
    details: [
      ['σ = #', '$\\sigma = #$'],
      ['m²·u (u = 2⁻⁵³)', '$m^2 u$ ($u = 2^{-53}$)'],
      ['O(√(nd))', '$O(\\sqrt{nd})$'],
      ['are ≤ 1', 'are $\\le 1$'],
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
      ['W̃ has i.i.d. N(0, σ²I) columns', '$\\widetilde W$ has i.i.d. $\\mathcal{N}(0, \\sigma^2 I)$ columns'],
      ['σ = #', '$\\sigma = #$'],
      ['R ∈ {', '$R \\in$ {'],
      ['±x_i', '$\\pm x_i$'],
      ['a_{1,r}', '$a_{1,r}$'],
      [
        'B = max{Cσ√log(nd/δ), 1} with C = #, δ = #.',
        '$B = \\max\\lbrace C \\sigma \\sqrt{\\log(nd/\\delta)}, 1 \\rbrace$ with $C = #$, $\\delta = #$.',
      ],
      ['R·nd·exp(10B)', '$R \\, nd \\exp(10B)$'],
      ['constant exp(10B)', 'constant $\\exp(10B)$'],
      ['‖ΔH‖_F/(R·nd)', '$\\lVert \\Delta H \\rVert_F / (R \\, nd)$'],
      ['measured ‖ΔH‖_F is', 'measured $\\lVert \\Delta H \\rVert_F$ is'],
      ['at B = 1', 'at $B = 1$'],
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
    details: [
      [
        "Theorem 4.2's m (# here) and η, and D < R with R = λ/(2nd·exp(10B)) = #;",
        "Theorem 4.2's $m$ ($#$ here) and $\\eta$, and $D < R$ with $R = \\lambda / (2nd \\exp(10B)) = #$;",
      ],
      ['the runs use m ∈ {', 'the runs use $m \\in$ {'],
      [
        "the practical step η = 1/λ_max(m·H(0)) (the trainer's automatic η)",
        "the practical step $\\eta = 1/\\lambda_{\\max}(m H(0))$ (the trainer's automatic $\\eta$)",
      ],
      [
        'the measured λ = λ_min(H(0)) and the η actually used',
        'the measured $\\lambda = \\lambda_{\\min}(H(0))$ and the $\\eta$ actually used',
      ],
      ['η‖Δw_r‖₂ ≤ 0.01', '$\\eta \\lVert \\Delta w_r \\rVert_2 \\le 0.01$'],
      [
        '(λ_min(H(τ)) ≥ λ/2, on every tracked step)',
        '($\\lambda_{\\min}(H(\\tau)) \\ge \\lambda/2$, on every tracked step)',
      ],
      ['exp(3B)', '$\\exp(3B)$'],
      ['the premise D < R fails', 'the premise $D < R$ fails'],
      [
        'holds = loss ∧ gradient ∧ Claim E.5 ∧ Lemma D.1',
        'holds = loss $\\wedge$ gradient $\\wedge$ Claim E.5 $\\wedge$ Lemma D.1',
      ],
      [
        "The paper's η = # (Theorem 4.2 with the measured λ at m = #) is below the smallest positive float64 (4.9·10^-324): gradient descent with it leaves W(τ) = W(0) exactly",
        "The paper's $\\eta = #$ (Theorem 4.2 with the measured $\\lambda$ at $m = #$) is below the smallest positive float64 ($4.9 \\cdot 10^{-324}$): gradient descent with it leaves $W(\\tau) = W(0)$ exactly",
      ],
      ["A 10-step run with the paper's η = # at m = #:", "A 10-step run with the paper's $\\eta = #$ at $m = #$:"],
      [
        '(relative change #; the bound predicts a factor 1 − mηλ/2 per step)',
        '(relative change $#$; the bound predicts a factor $1 - m\\eta\\lambda/2$ per step)',
      ],
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
    details: [
      [
        "the theorem's m is # and its η # (B = #, C = #, δ = #; Ω with constant 1)",
        "the theorem's $m$ is $#$ and its $\\eta$ $#$ ($B = #$, $C = #$, $\\delta = #$; $\\Omega$ with constant 1)",
      ],
      [
        'The run uses m = # and the practical η = 1/λ_max(m·H(0)) = # (mηλ = #)',
        'The run uses $m = #$ and the practical $\\eta = 1/\\lambda_{\\max}(m H(0)) = #$ ($m\\eta\\lambda = #$)',
      ],
      ['σ = #', '$\\sigma = #$'],
      [
        'the loss reaches ε within T̂ = (mηλ)⁻¹·log(nd/ε) steps',
        'the loss reaches $\\varepsilon$ within $\\widehat T = (m\\eta\\lambda)^{-1} \\log(nd/\\varepsilon)$ steps',
      ],
      ['with the η actually used and the measured λ.', 'with the $\\eta$ actually used and the measured $\\lambda$.'],
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
      [
        '(n = #, d = #, η = 1/λ_max(m·H(0)), m ∈ {',
        '($n = #$, $d = #$, $\\eta = 1/\\lambda_{\\max}(m H(0))$, $m \\in$ {',
      ],
      [
        'with the same η and number of steps from γ(0) = 0.',
        'with the same $\\eta$ and number of steps from $\\gamma(0) = 0$.',
      ],
      ['the largest |F_ntk − F_nn| over', 'the largest $\\lvert F_\\mathrm{ntk} - F_\\mathrm{nn} \\rvert$ over'],
      ['all outputs ℓ,', 'all outputs $\\ell$,'],
      [
        'ε_H = max_τ ‖H(τ) − H*‖_F and ε_test = max_τ max_ℓ ‖K_{ℓ,te}(τ) − K*_{ℓ,te}‖₂',
        '$\\varepsilon_H = \\max_\\tau \\lVert H(\\tau) - H^* \\rVert_F$ and $\\varepsilon_\\mathrm{test} = \\max_\\tau \\max_\\ell \\lVert K_{\\ell,\\mathrm{te}}(\\tau) - K^*_{\\ell,\\mathrm{te}} \\rVert_2$',
      ],
      ['‖K_{ℓ,te}(τ) − K*_{ℓ,te}‖₂', '$\\lVert K_{\\ell,\\mathrm{te}}(\\tau) - K^*_{\\ell,\\mathrm{te}} \\rVert_2$'],
      ['the O(·) constant', 'the $O(\\cdot)$ constant'],
      ['through ε_H, ε_test)', 'through $\\varepsilon_H$, $\\varepsilon_\\mathrm{test}$)'],
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
    details: [
      ['n ∈ {', '$n \\in$ {'],
      ['m* is the smallest m on the grid {', '$m^*$ is the smallest $m$ on the grid {'],
      [
        "(the trainer's automatic η = 1/λ_max(J Jᵀ)) reaches ‖F − Y‖²_F ≤ # within",
        "(the trainer's automatic $\\eta = 1/\\lambda_{\\max}(J J^\\top)$) reaches $\\lVert F - Y \\rVert_F^2 \\le #$ within",
      ],
      ['‖H(T) − H(0)‖₂ ≤ λ/2 for each', '$\\lVert H(T) - H(0) \\rVert_2 \\le \\lambda/2$ for each'],
      [
        "Claim E.5's λ_min(H(T)) ≥ λ/2; the paper bounds it through the larger ‖·‖_F). T* is the most steps any seed needed at m*.",
        "Claim E.5's $\\lambda_{\\min}(H(T)) \\ge \\lambda/2$; the paper bounds it through the larger $\\lVert \\cdot \\rVert_F$). $T^*$ is the most steps any seed needed at $m^*$.",
      ],
      ['(d_out = 1, as in', '($d_\\mathrm{out} = 1$, as in'],
      ['unit sphere of R^#,', 'unit sphere of $\\mathbb{R}^{#}$,'],
      ['labels in [−1, 1]', 'labels in $[-1, 1]$'],
      ['σ = #', '$\\sigma = #$'],
      [
        "the paper's η, astronomically smaller than the η used, so the measured m* and T* are",
        "the paper's $\\eta$, astronomically smaller than the $\\eta$ used, so the measured $m^*$ and $T^*$ are",
      ],
      [
        "o(1) dropped: m ≤ λ⁻²n²log^k n (k = 1 for ReLU, 2 for exp and softmax) with λ the smallest λ_min of the network's own NTK over the seeds at m*; T* ≤ (η·λ_min(J Jᵀ))⁻¹·log(n/ε), the table's T̂ = (mηλ)⁻¹log(n/ε) with the η used. Ω hides",
        "$o(1)$ dropped: $m \\le \\lambda^{-2} n^2 \\log^k n$ ($k = 1$ for ReLU, 2 for exp and softmax) with $\\lambda$ the smallest $\\lambda_{\\min}$ of the network's own NTK over the seeds at $m^*$; $T^* \\le (\\eta \\lambda_{\\min}(J J^\\top))^{-1} \\log(n/\\varepsilon)$, the table's $\\widehat T = (m\\eta\\lambda)^{-1} \\log(n/\\varepsilon)$ with the $\\eta$ used. $\\Omega$ hides",
      ],
      ['A baseline with no m* on the grid', 'A baseline with no $m^*$ on the grid'],
      [
        "softmax found an m* on the grid at every n, and at every n softmax's m* — and its steps at the common width max(m*) of the three —",
        "softmax found an $m^*$ on the grid at every $n$, and at every $n$ softmax's $m^*$ — and its steps at the common width $\\max(m^*)$ of the three —",
      ],
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
    details: [
      [
        'Target p₀ = ½N((0.5, 0.3), #²I) + ½N((−0.5, −0.3), #²I) in R²;',
        'Target $p_0 = \\frac12 \\mathcal{N}((0.5, 0.3), #^2 I) + \\frac12 \\mathcal{N}((-0.5, -0.3), #^2 I)$ in $\\mathbb{R}^2$;',
      ],
      ['VP-SDE with g ≡ # on [0, #], t ~ U(#, #)', 'VP-SDE with $g \\equiv #$ on $[0, #]$, $t \\sim U(#, #)$'],
      ["(Section 6.1's Unif(0, T) from T₀ > 0)", "(Section 6.1's $\\mathrm{Unif}(0, T)$ from $T_0 > 0$)"],
      ["on the paper's input (t/T, x(t))/R,", "on the paper's input $(t/T, x(t))/R$,"],
      ['labels x(0);', 'labels $x(0)$;'],
      ["with the trainer's automatic η (early stopping", "with the trainer's automatic $\\eta$ (early stopping"],
      ['σ = #', '$\\sigma = #$'],
      ["the theorem's m and η are", "the theorem's $m$ and $\\eta$ are"],
      ['(A(R_H), Γ_δ)', '($A(R_H)$, $\\Gamma_\\delta$)'],
      ['(with λ(t) = σ_t⁴/α_t² it equals', '(with $\\lambda(t) = \\sigma_t^4/\\alpha_t^2$ it equals'],
      [
        "E[x₀|x_t] = (x_t + σ_t²∇log p_t(x_t))/α_t by Tweedie's formula, ∇log p_t known",
        "$\\mathbb{E}[x_0 \\mid x_t] = (x_t + \\sigma_t^2 \\nabla \\log p_t(x_t))/\\alpha_t$ by Tweedie's formula, $\\nabla \\log p_t$ known",
      ],
      ['the coupling gap ‖F_ntk − F_nn‖₂', 'the coupling gap $\\lVert F_\\mathrm{ntk} - F_\\mathrm{nn} \\rVert_2$'],
      ['with the same η and steps', 'with the same $\\eta$ and steps'],
      [
        'O(1/(λ√n)) (taken with constant 1, λ measured)',
        '$O(1/(\\lambda\\sqrt n))$ (taken with constant 1, $\\lambda$ measured)',
      ],
      ['n ≳ 100 pairs', '$n \\gtrsim 100$ pairs'],
      [
        "where λ_min(H*) is below the eigensolver's error nd·u·λ_max,",
        "where $\\lambda_{\\min}(H^*)$ is below the eigensolver's error $nd \\, u \\, \\lambda_{\\max}$,",
      ],
      ['1/(λ√n)', '$1/(\\lambda\\sqrt n)$'],
      ['wherever λ > 0', 'wherever $\\lambda > 0$'],
      ['(t/T, x)/R of dimension d + 1)', '$(t/T, x)/R$ of dimension $d + 1$)'],
      [
        "beside the theorem's n^(−1/2) (its coupling term at fixed λ; λ itself falls with n,",
        "beside the theorem's $n^{-1/2}$ (its coupling term at fixed $\\lambda$; $\\lambda$ itself falls with $n$,",
      ],
      ['constant predictor F ≡ E[x(0)]', 'constant predictor $F \\equiv \\mathbb{E}[x(0)]$'],
      ['n ≤ 64 pairs', '$n \\le 64$ pairs'],
      ['with probability ≈ 10⁻⁴', 'with probability $\\approx 10^{-4}$'],
    ],
  },
  'attention-kernel': {
    claim:
      'Beyond the paper (Section 7, Eq. 7): under NTK scaling $c_H = 1/\\sqrt H$, the attention NTK $H = H_{KQ} + H_V$ moves by $O(H^{-1/2})$ when GD reaches a fixed loss, and $\\lambda_{\\min}(H(\\tau)) \\ge \\lambda_{\\min}(H(0))/2$ along training (the analogue of Claim E.5) once $H$ is large.',
    labels: [
      [
        'min_τ λ_min(H(τ)) / λ_min(H(0)) per H',
        '$\\min_\\tau \\lambda_{\\min}(H(\\tau)) / \\lambda_{\\min}(H(0))$ per $H$',
      ],
      ['λ_min ratio at the two largest H', '$\\lambda_{\\min}$ ratio at the two largest $H$'],
      ['λ_min(H(0))', '$\\lambda_{\\min}(H(0))$'],
      ['min_τ λ_min(H(τ))', '$\\min_\\tau \\lambda_{\\min}(H(\\tau))$'],
    ],
    details: [
      ['column norm ≤ 1', 'column norm $\\le 1$'],
      ['n′ = #', "$n' = #$"],
      ['d_h = #', '$d_h = #$'],
      ['τ = √d_h', '$\\tau = \\sqrt{d_h}$'],
      ['entries of W^K, W^Q, W^V i.i.d. N(0, 1/d)', 'entries of $W^K, W^Q, W^V$ i.i.d. $\\mathcal{N}(0, 1/d)$'],
      [
        'Joint GD on (W^K, W^Q, W^V) with η = 1/λ_max(H(0)) until L ≤ #·L(0)',
        'Joint GD on $(W^K, W^Q, W^V)$ with $\\eta = 1/\\lambda_{\\max}(H(0))$ until $L \\le # \\cdot L(0)$',
      ],
      ['λ_min ratio ≥ 1/2', '$\\lambda_{\\min}$ ratio $\\ge 1/2$'],
      ['λ_min ratios', '$\\lambda_{\\min}$ ratios'],
      ['λ_min of H', '$\\lambda_{\\min}$ of $H$'],
    ],
  },
  'attention-convergence': {
    claim:
      'Beyond the paper (Section 7, Eq. 7): GD on $(W^K, W^Q, W^V)$ of a wide softmax self-attention layer converges linearly, $L(\\tau) \\le (1 - \\eta\\lambda/2)^\\tau L(0)$ with $\\lambda = \\lambda_{\\min}(H(0))$ — the form of Lemma 5.3.',
    labels: [
      ['max_τ L(τ)/((1 − ηλ/2)^τ L(0))', '$\\max_\\tau L(\\tau) / \\big((1 - \\eta\\lambda/2)^\\tau L(0)\\big)$'],
      [
        'H = #: max_τ L(τ) / ((1 − ηλ/2)^τ L(0))',
        '$H = #$: $\\max_\\tau L(\\tau) / \\big((1 - \\eta\\lambda/2)^\\tau L(0)\\big)$',
      ],
      ['H = #: measured rate (L(T)/L(0))^{1/T}', '$H = #$: measured rate $(L(T)/L(0))^{1/T}$'],
      ['H = #: bound rate 1 − ηλ/2', '$H = #$: bound rate $1 - \\eta\\lambda/2$'],
      ['λ', '$\\lambda$'],
      ['λ_max', '$\\lambda_{\\max}$'],
      ['η', '$\\eta$'],
      ['(L(T)/L(0))^{1/T}', '$(L(T)/L(0))^{1/T}$'],
      ['1 − ηλ/2', '$1 - \\eta\\lambda/2$'],
      ['1 − ηλ', '$1 - \\eta\\lambda$'],
    ],
    details: [
      ['n′ = #', "$n' = #$"],
      ['d_h = #', '$d_h = #$'],
      [
        'Joint GD with η = 1/λ_max(H(0)) until L ≤ #·L(0)',
        'Joint GD with $\\eta = 1/\\lambda_{\\max}(H(0))$ until $L \\le # \\cdot L(0)$',
      ],
      ['λ = λ_min(H(0)) measured', '$\\lambda = \\lambda_{\\min}(H(0))$ measured'],
      ['rate 1 − ηλ are', 'rate $1 - \\eta\\lambda$ are'],
    ],
  },
  'section-7-alternating': {
    claim:
      'Section 7 (conjecture, Eq. 7): the self-attention $F(W^K X, W^Q X, W^V X)$ can be decoupled into the softmax term and the value term, and optimised by alternating between $(W^K, W^Q)$ and $W^V$.',
    labels: [
      ['T_joint (steps to #·L(0))', '$T_\\mathrm{joint}$ (steps to $# \\cdot L(0)$)'],
      ['k = #: steps / T_joint', '$k = #$: steps / $T_\\mathrm{joint}$'],
      [
        'k = #: min_τ λ_min(H_KQ), min_τ λ_min(H_V)',
        '$k = #$: $\\min_\\tau \\lambda_{\\min}(H_{KQ})$, $\\min_\\tau \\lambda_{\\min}(H_V)$',
      ],
      [
        'λ_min(H_KQ), λ_min(H_V) positive along every run',
        '$\\lambda_{\\min}(H_{KQ})$, $\\lambda_{\\min}(H_V)$ positive along every run',
      ],
      ['steps / T_joint at most', 'steps / $T_\\mathrm{joint}$ at most'],
      ['λ_min floor 10³·n·u·λ_max(H(0))', '$\\lambda_{\\min}$ floor $10^3 n u \\lambda_{\\max}(H(0))$'],
      ['steps / T_joint', 'steps / $T_\\mathrm{joint}$'],
      ['min λ_min(H)', '$\\min \\lambda_{\\min}(H)$'],
      ['min λ_min(H_KQ)', '$\\min \\lambda_{\\min}(H_{KQ})$'],
      ['min λ_min(H_V)', '$\\min \\lambda_{\\min}(H_V)$'],
    ],
    details: [
      ['n′ = #', "$n' = #$"],
      ['d_h = #', '$d_h = #$'],
      [
        'All runs use η = 1/λ_max(H(0)), stable for either half since H_KQ, H_V ⪯ H.',
        'All runs use $\\eta = 1/\\lambda_{\\max}(H(0))$, stable for either half since $H_{KQ}, H_V \\preceq H$.',
      ],
      [
        'Joint GD reaches #·L(0) in T_joint = # steps',
        'Joint GD reaches $# \\cdot L(0)$ in $T_\\mathrm{joint} = #$ steps',
      ],
      ['k ∈ {', '$k \\in$ {'],
      ['get 4·T_joint = #.', 'get $4 T_\\mathrm{joint} = #$.'],
      ['λ_min of H, H_KQ, H_V tracked', '$\\lambda_{\\min}$ of $H$, $H_{KQ}$, $H_V$ tracked'],
      ['within 4·T_joint;', 'within $4 T_\\mathrm{joint}$;'],
      [
        'λ_min(H_KQ), λ_min(H_V) > 10³·n·u·λ_max(H(0)) along',
        '$\\lambda_{\\min}(H_{KQ}), \\lambda_{\\min}(H_V) > 10^3 n u \\lambda_{\\max}(H(0))$ along',
      ],
    ],
  },
  'feature-learning': {
    claim:
      'Section 7 (open question): what features softmax learns and how. Measured on self-attention ($H$ heads) and on the two-layer softmax network of the paper ($m$ neurons): under NTK scaling the kernel freezes as the width grows (kernel regime); under mean-field scaling it moves and aligns with the targets (feature learning).',
    labels: [
      [
        'H = #, NTK scaling: drift at η = 0.5/λ_max, 1/λ_max, 1.9/λ_max (reported, no criterion)',
        '$H = #$, NTK scaling: drift at $\\eta = 0.5/\\lambda_{\\max}, 1/\\lambda_{\\max}, 1.9/\\lambda_{\\max}$ (reported, no criterion)',
      ],
      [
        'P2 (mean-field drift ≥ 10× NTK drift at the largest H)',
        'P2 (mean-field drift $\\ge 10\\times$ NTK drift at the largest $H$)',
      ],
      [
        'P5 (network: mean-field drift ≥ 10× NTK drift at the largest m)',
        'P5 (network: mean-field drift $\\ge 10\\times$ NTK drift at the largest $m$)',
      ],
    ],
    details: [
      ['RMS 1/√d)', 'RMS $1/\\sqrt d$)'],
      ['n′ = #', "$n' = #$"],
      ['d_h = #', '$d_h = #$'],
      ['Joint GD with η = 1/λ_max(H(0)) —', 'Joint GD with $\\eta = 1/\\lambda_{\\max}(H(0))$ —'],
      ['at θ(0) are the same', 'at $\\theta(0)$ are the same'],
      ['(√H times larger)', '($\\sqrt H$ times larger)'],
      ['until L ≤ #·L(0)', 'until $L \\le # \\cdot L(0)$'],
      [
        'Alignment ⟨H, vec Y vec Yᵀ⟩/(‖H‖_F‖Y‖²)',
        'Alignment $\\langle H, \\operatorname{vec} Y \\operatorname{vec} Y^\\top \\rangle / (\\lVert H \\rVert_F \\lVert Y \\rVert^2)$',
      ],
      [
        'held-out error ‖F_te − Y_te‖_F/‖Y_te‖_F',
        'held-out error $\\lVert F_\\mathrm{te} - Y_\\mathrm{te} \\rVert_F / \\lVert Y_\\mathrm{te} \\rVert_F$',
      ],
      ['with H(θ(0))', 'with $H(\\theta(0))$'],
      ['factor 1/H)', 'factor $1/H$)'],
      ['drift ≥ 10× NTK drift', 'drift $\\ge 10\\times$ NTK drift'],
      ['by < 10%', 'by $< 10\\%$'],
      [
        'unit sphere in R⁴ (target cos(2⟨u, x⟩)/2 + sin(⟨v, x⟩)/2,',
        'unit sphere in $\\mathbb{R}^4$ (target $\\cos(2\\langle u, x \\rangle)/2 + \\sin(\\langle v, x \\rangle)/2$,',
      ],
      [
        'GD on W with η = 1/λ_max(J Jᵀ) to #·L(0), a = ±1/√m (NTK) or ±1/m (mean-field)',
        'GD on W with $\\eta = 1/\\lambda_{\\max}(J J^\\top)$ to $# \\cdot L(0)$, $a = \\pm 1/\\sqrt m$ (NTK) or $\\pm 1/m$ (mean-field)',
      ],
    ],
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

/** A number in a details text: `0.05`, `-3`, `1.650e-5`, `6.447·10^-138`. */
const DETAIL_NUMBER = '(-?[0-9]+(?:\\.[0-9]+)?(?:e[+-]?[0-9]+|·10\\^-?[0-9]+)?)';

/** A number of a details text as TeX: `1.650e-5` → `1.650 \cdot 10^{-5}`, `6.447·10^-138` → `6.447 \cdot 10^{-138}`. */
function texNumber(s: string): string {
  const m = /^(-?[0-9]+(?:\.[0-9]+)?)(?:e([+-]?[0-9]+)|·10\^(-?[0-9]+))$/.exec(s);
  if (!m) return s;
  const exp = Number(m[2] ?? m[3]);
  return m[1] === '1' ? `10^{${exp}}` : `${m[1]} \\cdot 10^{${exp}}`;
}

/**
 * The details text of check `checkId` with the formulas that `CHECK_TEX` lists for it in TeX (`$…$`); text the table
 * does not list stays as it is.
 *
 * @param checkId - The check's id, e.g. `lemma-5.1`.
 * @param details - The details as the check writes them (Unicode).
 */
export function texDetails(checkId: string, details: string): string {
  let out = details;
  for (const [plain, tex] of CHECK_TEX[checkId]?.details ?? []) {
    if (!plain.includes('#')) {
      out = out.split(plain).join(tex);
      continue;
    }
    const parts = plain.split('#').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    out = out.replace(new RegExp(parts.join(DETAIL_NUMBER), 'g'), (...m: unknown[]) => {
      let k = 1;
      return tex.replace(/#/g, () => texNumber(String(m[k++])));
    });
  }
  return out;
}
