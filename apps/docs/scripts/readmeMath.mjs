// The formulas that the package READMEs state, typeset on the docs site.
//
// The READMEs are what npm and GitHub show, and npm renders no math: a README written in `$…$` would show its TeX
// source there. So the READMEs keep the paper's formulas in Unicode (readable everywhere), and the docs build
// (prepare.mjs) replaces each formula listed here, where it occurs in its README, by the same formula in TeX, which
// KaTeX typesets on the package page. A listed formula that its README no longer contains fails the build, so the
// list cannot silently go stale. Indented-code displays (four spaces) become display math.
//
// The list holds the formulas that need a hand-written TeX (a display, a formula that runs on across prose words,
// the softmax row as `\mathcal{S}_i`); every other Unicode formula is typeset after it by scripts/unicodeTex.mjs.

/** Per package (the folder under packages/, or `cli`): [the README's Unicode text, its TeX]. */
export const README_MATH = {
  attention: [
    [
      'The gradients, with E_s = F(X_s) − Y_s, Z = X S, V = W^V X, G = c Vᵀ E and B = S ⊙ (G − 1·1ᵀ(S ⊙ G)):\n∂L/∂W^V_h = c Σ_s E_s Z_hᵀ, ∂L/∂W^K_h = (1/τ) Σ_s Q_h B_hᵀ X_sᵀ, ∂L/∂W^Q_h = (1/τ) Σ_s K_h B_h X_sᵀ.',
      'The gradients, with $E_s = F(X_s) - Y_s$, $Z = X S$, $V = W^V X$, $G = c V^\\top E$ and $B = S \\odot (G - \\mathbf{1}\\mathbf{1}^\\top (S \\odot G))$:\n$\\partial L/\\partial W^V_h = c \\sum_s E_s Z_h^\\top$, $\\partial L/\\partial W^K_h = \\frac1\\tau \\sum_s Q_h B_h^\\top X_s^\\top$, $\\partial L/\\partial W^Q_h = \\frac1\\tau \\sum_s K_h B_h X_s^\\top$.',
    ],
    // the results table of "Measurements"
    ['against H ∈ {4, 16, 64, 256}', 'against $H \\in \\{4, 16, 64, 256\\}$'],
    [
      'λ_min(H(τ))/λ_min(H(0)) ≥ 0.94 at H ≥ 16; H = 1',
      '$\\lambda_{\\min}(H(\\tau))/\\lambda_{\\min}(H(0)) \\ge 0.94$ at $H \\ge 16$; $H = 1$',
    ],
    ['| L(τ) ≤ (1 − ηλ/2)^τ L(0) at every step', '| $L(\\tau) \\le (1 - \\eta\\lambda/2)^\\tau L(0)$ at every step'],
    [
      'λ_min(H_KQ) ≥ 0.027, λ_min(H_V) ≥ 0.0088',
      '$\\lambda_{\\min}(H_{KQ}) \\ge 0.027$, $\\lambda_{\\min}(H_V) \\ge 0.0088$',
    ],
    ['alternating k ∈ {1, 10, 100}', 'alternating $k \\in \\{1, 10, 100\\}$'],
    ['NTK regression at θ(0)', 'NTK regression at $\\theta(0)$'],
    ['network, m ∈ {64, 256, 1024}', 'network, $m \\in \\{64, 256, 1024\\}$'],
  ],
  network: [
    ['z_{i,r} = ⟨w_r, x_i⟩', '$z_{i,r} = \\langle w_r, x_i \\rangle$'],
    [
      'm · Σ_r a_{ℓ,r} exp(z_{i,r}) / Σ_r exp(z_{i,r}) = m·⟨a_ℓ, S_i⟩',
      '$m \\sum_r a_{\\ell,r} \\exp(z_{i,r}) / \\sum_r \\exp(z_{i,r}) = m \\langle a_\\ell, \\mathcal{S}_i \\rangle$',
    ],
    ['(1/√m) · Σ_r a_{ℓ,r} max(z_{i,r}, 0)', '$\\frac{1}{\\sqrt m} \\sum_r a_{\\ell,r} \\max(z_{i,r}, 0)$'],
    ['(1/√m) · Σ_r a_{ℓ,r} exp(z_{i,r})', '$\\frac{1}{\\sqrt m} \\sum_r a_{\\ell,r} \\exp(z_{i,r})$'],
    ['L = ½ Σ_i Σ_ℓ (F_{ℓ,i} − y_{ℓ,i})²', '$L = \\frac12 \\sum_i \\sum_\\ell (F_{\\ell,i} - y_{\\ell,i})^2$'],
    [
      '    C = m · S ⊙ (E·a − rowsum(E ⊙ P)·1ᵀ)      (n × m),      ΔW = Cᵀ·X   (m × d_in);',
      '$$C = m \\, S \\odot \\big(E a - \\operatorname{rowsum}(E \\odot P) \\mathbf{1}^\\top\\big) \\quad (n \\times m), \\qquad \\Delta W = C^\\top X \\quad (m \\times d_{\\mathrm{in}})$$',
    ],
    ["C = (1/√m)·φ'(X·Wᵀ) ⊙ (E·a)", "$C = \\frac{1}{\\sqrt m} \\varphi'(X W^\\top) \\odot (E a)$"],
    [
      'J·u = m·((S ⊙ G)·aᵀ − P ⊙ rowsum(S ⊙ G)·1ᵀ) with G = X·Uᵀ',
      '$J u = m\\big((S \\odot G) a^\\top - P \\odot \\operatorname{rowsum}(S \\odot G) \\mathbf{1}^\\top\\big)$ with $G = X U^\\top$',
    ],
    ['w_{2r−1} ~ N(0, σ²I)', '$w_{2r-1} \\sim \\mathcal{N}(0, \\sigma^2 I)$'],
    ['w_{2r} = w_{2r−1}', '$w_{2r} = w_{2r-1}$'],
    ['a_{·,2r−1} uniform in {−1,+1}^{d_out}', '$a_{\\cdot,2r-1}$ uniform in $\\{-1,+1\\}^{d_{\\mathrm{out}}}$'],
    ['a_{·,2r} = −a_{·,2r−1}', '$a_{\\cdot,2r} = -a_{\\cdot,2r-1}$'],
    ["each row's factor exp(max_r z_{i,r})", "each row's factor $\\exp(\\max_r z_{i,r})$"],
    [
      'all w_r ~ N(0, σ²I), all a_{ℓ,r} uniform ±1',
      'all $w_r \\sim \\mathcal{N}(0, \\sigma^2 I)$, all $a_{\\ell,r}$ uniform $\\pm 1$',
    ],
  ],
  ntk: [
    ['∂F_ℓ(x_i)/∂w_r = c_{(ℓ,i),r}·x_i', '$\\partial F_\\ell(x_i)/\\partial w_r = c_{(\\ell,i),r} \\, x_i$'],
    [
      'c = m·S_{i,r}(a_{ℓ,r} − ⟨a_ℓ, S_i⟩)',
      '$c = m \\, \\mathcal{S}_{i,r} (a_{\\ell,r} - \\langle a_\\ell, \\mathcal{S}_i \\rangle)$',
    ],
    [
      '    H = (1/κ)·(c·cᵀ) ⊙ (X·Xᵀ ⊗ 1_{d×d}),',
      '$$H = \\frac{1}{\\kappa} (c c^\\top) \\odot (X X^\\top \\otimes \\mathbf{1}_{d \\times d}),$$',
    ],
    // (its measured sections, on the Benchmarks page)
    ['row bands r_k ≤ i < r_{k+1}', 'row bands $r_k \\le i < r_{k+1}$'],
    ['(Σ_k r_{k+1}·m float64s,', '($\\sum_k r_{k+1} m$ float64s,'],
  ],
  linalg: [['| ‖A‖_F, scaled', '| $\\lVert A \\rVert_F$, scaled']],
  diffusion: [
    ['the one λ(t) = σ_t⁴/α_t² of', 'the one $\\lambda(t) = \\sigma_t^4/\\alpha_t^2$ of'],
    ['c_in(t) = 1/√(α_t²v + σ_t²)', '$c_{\\mathrm{in}}(t) = 1/\\sqrt{\\alpha_t^2 v + \\sigma_t^2}$'],
    [
      'dx/dt = f̃(t, x) = −½g(t)(x + s(t, x))',
      '$\\mathrm{d}x/\\mathrm{d}t = \\tilde f(t, x) = -\\frac12 g(t)\\,(x + s(t, x))$',
    ],
    [
      '−log p_ε(x) = −log N(x_T; 0, I) − Δ(T)',
      '$-\\log p_\\varepsilon(x) = -\\log \\mathcal{N}(x_T; 0, I) - \\Delta(T)$',
    ],
    ['p_{T₀}', '$p_{T_0}$'],
    // the API (options) table
    [
      "x(0)_i ~ p₀, t_i ~ U(T₀, T) (the paper's Unif(0, T) but for T₀ > 0; or log-uniform), x(t_i) = α x(0) + σ ε; inputs (c_t·t/T, c_in(t)·x(t))/R with R the largest input norm; labels x(0) (or ε, or x(0) − c_skip(t)x(t)). Defaults: T₀ = `DEFAULT_T0`, otherwise the paper's (uniform t, c_t = 1, c_in = 1)",
      "$x(0)_i \\sim p_0$, $t_i \\sim U(T_0, T)$ (the paper's $\\mathrm{Unif}(0, T)$ but for $T_0 > 0$; or log-uniform), $x(t_i) = \\alpha x(0) + \\sigma \\varepsilon$; inputs $(c_t t/T, c_{\\mathrm{in}}(t) x(t))/R$ with $R$ the largest input norm; labels $x(0)$ (or $\\varepsilon$, or $x(0) - c_{\\mathrm{skip}}(t) x(t)$). Defaults: $T_0$ = `DEFAULT_T0`, otherwise the paper's (uniform $t$, $c_t = 1$, $c_{\\mathrm{in}} = 1$)",
    ],
    [
      'with it, λ(t)‖s − ∇log p_t‖² = ‖F − E[x(0) \\| x(t)]‖² for the x(0) score s = (α_t F − x)/σ_t²',
      'with it, $\\lambda(t) \\lVert s - \\nabla \\log p_t \\rVert^2 = \\lVert F - \\mathbb{E}[x(0) \\mid x(t)] \\rVert^2$ for the $x(0)$ score $s = (\\alpha_t F - x)/\\sigma_t^2$',
    ],
    [
      '(1/(T−T₀))∫λ(t)E‖s − ∇log p_t‖²dt with λ = `scoreWeight`',
      '$\\frac{1}{T - T_0} \\int \\lambda(t) \\, \\mathbb{E} \\lVert s - \\nabla \\log p_t \\rVert^2 \\, \\mathrm{d}t$ with $\\lambda$ = `scoreWeight`',
    ],
    [
      '(1/(T−T₀))∫E‖F_a − F_b‖²dt between two denoisers',
      '$\\frac{1}{T - T_0} \\int \\mathbb{E} \\lVert F_a - F_b \\rVert^2 \\, \\mathrm{d}t$ between two denoisers',
    ],
    [
      'x̂₀ = (x + σ_t²s)/α_t projected onto the ball ‖x̂₀‖ ≤ ρ',
      '$\\hat x_0 = (x + \\sigma_t^2 s)/\\alpha_t$ projected onto the ball $\\lVert \\hat x_0 \\rVert \\le \\rho$',
    ],
    // "Where this package departs from Section 6.1": its sentence and its table
    [
      'Section 6.1 draws x(0)_i ~ p₀, t_i ~ Unif(0, T), x(t_i)_i ~ p_{t_i|0}, feeds the network (t_i, x(t_i)_i) and regresses\non y_i = x(0)_i with the loss ½Σ‖F(W, x_j) − y_j‖².',
      'Section 6.1 draws $x(0)_i \\sim p_0$, $t_i \\sim \\mathrm{Unif}(0, T)$, $x(t_i)_i \\sim p_{t_i \\mid 0}$, feeds the network $(t_i, x(t_i)_i)$ and regresses\non $y_i = x(0)_i$ with the loss $\\frac12 \\sum \\lVert F(W, x_j) - y_j \\rVert^2$.',
    ],
    [
      '| t_i ~ U(T₀, T) with T₀ = `DEFAULT_T0` = 0.01 > 0 |',
      '| $t_i \\sim U(T_0, T)$ with $T_0$ = `DEFAULT_T0` = 0.01 > 0 |',
    ],
    [
      'the x(0) score (α_t F − x)/σ_t² divides by σ_t² → 0 at t = 0; errors are amplified by ≈ 1/(g(0)·t) | none exactly (T₀ > 0 is required)',
      'the $x(0)$ score $(\\alpha_t F - x)/\\sigma_t^2$ divides by $\\sigma_t^2 \\to 0$ at $t = 0$; errors are amplified by $\\approx 1/(g(0)\\,t)$ | none exactly ($T_0 > 0$ is required)',
    ],
    [
      '| inputs divided by R = the largest training-input norm | Assumption 6.1 (‖x_i‖ ≤ 1) | — (the paper assumes it; R = 1 when',
      '| inputs divided by $R$ = the largest training-input norm | Assumption 6.1 ($\\lVert x_i \\rVert \\le 1$) | — (the paper assumes it; $R = 1$ when',
    ],
    ['| time coordinate t/T, not t |', '| time coordinate $t/T$, not $t$ |'],
    [
      '| log-uniform t_i (`trainScoreModel` default) | as many pairs near T₀, where modes form, as near T |',
      '| log-uniform $t_i$ (`trainScoreModel` default) | as many pairs near $T_0$, where modes form, as near $T$ |',
    ],
    [
      '| time scale c_t = 3 (`trainScoreModel` default) | time differences weigh as much as position differences after ÷R |',
      '| time scale $c_t = 3$ (`trainScoreModel` default) | time differences weigh as much as position differences after $\\div R$ |',
    ],
    [
      '| preconditioned x(t)·c_in(t) (`trainScoreModel` default) |',
      '| preconditioned $x(t)\\, c_{\\mathrm{in}}(t)$ (`trainScoreModel` default) |',
    ],
    ['| smaller error amplification near T₀ |', '| smaller error amplification near $T_0$ |'],
    [
      "| the τ → ∞ limit of Definition F.1's Eq. 25, regularised |",
      "| the $\\tau \\to \\infty$ limit of Definition F.1's Eq. 25, regularised |",
    ],
    ['| σ = 10 in w_r ~ N(0, σ²I) |', '| $\\sigma = 10$ in $w_r \\sim \\mathcal{N}(0, \\sigma^2 I)$ |'],
    [
      '| p₀ shifted and scaled (`fitNormalization`) | Assumption 6.1 (‖y_i‖ ≤ 1) |',
      '| $p_0$ shifted and scaled (`fitNormalization`) | Assumption 6.1 ($\\lVert y_i \\rVert \\le 1$) |',
    ],
  ],
};

/**
 * The file-format pages (docs/spec/*.md, shared specs that the site shows as they are): [Unicode, TeX], by file name.
 * The specs' formulas in code spans and code blocks stay code.
 */
export const SPEC_MATH = {
  'attention-file': [
    ['is X_s ∈ R^{d×n′}, column j', "is $X_s \\in \\mathbb{R}^{d \\times n'}$, column $j$"],
    [
      'head h: A_h = (W^K_h X)ᵀ (W^Q_h X) / τ ∈ R^{n′×n′} (row i: key token i, column j: query token j)',
      "head $h$: $A_h = (W^K_h X)^\\top (W^Q_h X) / \\tau \\in \\mathbb{R}^{n' \\times n'}$ (row $i$: key token $i$, column $j$: query token $j$)",
    ],
    [
      'S_h[i, j] = exp(A_h[i, j]) / Σ_{i′} exp(A_h[i′, j]);',
      "$S_h[i, j] = \\exp(A_h[i, j]) / \\sum_{i'} \\exp(A_h[i', j])$;",
    ],
    ['F(X) = c_H · Σ_h W^V_h X S_h ∈ R^{d×n′}.', "$F(X) = c_H \\sum_h W^V_h X S_h \\in \\mathbb{R}^{d \\times n'}$."],
  ],
};

/**
 * `md` (a README) with each listed formula of `pkg` replaced by its TeX (every occurrence); the problems (formulas
 * the README does not contain) in `problems`.
 */
export function typesetReadme(pkg, md, problems, list = README_MATH) {
  let out = md;
  for (const [unicode, tex] of list[pkg] ?? []) {
    if (!out.includes(unicode)) {
      problems.push(
        `${list === README_MATH ? `${pkg}/README.md` : pkg} no longer contains the formula ${JSON.stringify(unicode)} (scripts/readmeMath.mjs)`,
      );
      continue;
    }
    out = out.split(unicode).join(tex);
  }
  return out;
}
