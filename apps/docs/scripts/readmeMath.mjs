// The formulas that the package READMEs state, typeset on the docs site.
//
// The READMEs are what npm and GitHub show, and npm renders no math: a README written in `$…$` would show its TeX
// source there. So the READMEs keep the paper's formulas in Unicode (readable everywhere), and the docs build
// (prepare.mjs) replaces each formula listed here, where it occurs in its README, by the same formula in TeX, which
// KaTeX typesets on the package page. A listed formula that its README no longer contains fails the build, so the
// list cannot silently go stale. Indented-code displays (four spaces) become display math.

/** Per package (the folder under packages/, or `cli`): [the README's Unicode text, its TeX]. */
export const README_MATH = {
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
  ],
};

/**
 * `md` (a README) with each listed formula of `pkg` replaced by its TeX (every occurrence); the problems (formulas
 * the README does not contain) in `problems`.
 */
export function typesetReadme(pkg, md, problems) {
  let out = md;
  for (const [unicode, tex] of README_MATH[pkg] ?? []) {
    if (!out.includes(unicode)) {
      problems.push(
        `${pkg}/README.md no longer contains the formula ${JSON.stringify(unicode)} (scripts/readmeMath.mjs)`,
      );
      continue;
    }
    out = out.split(unicode).join(tex);
  }
  return out;
}
