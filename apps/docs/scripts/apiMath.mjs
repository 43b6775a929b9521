// The formulas that the API reference states, typeset on the docs site.
//
// TSDoc comments are read in editors, on npm (through the typings) and in the source, none of which render math:
// they keep the paper's formulas in Unicode. The docs build (prepare.mjs) replaces each formula listed here, on the
// API page TypeDoc wrote for it, by the same formula in TeX, which KaTeX typesets. A listed formula that its page no
// longer contains fails the build, so the list cannot silently go stale (as scripts/readmeMath.mjs for the READMEs).

/** Per API page (its path under site/api/, without `.md`): [the formula as the TSDoc writes it, its TeX]. */
export const API_MATH = {
  'ntk/functions/gram': [
    [
      '[H_{ℓ1,ℓ2}]_{i,j} = (1/m)·x_iᵀx_j·Σ_r ⟨v_{ℓ1,r}, S_i⟩·m·S_{i,r}·⟨v_{ℓ2,r}, S_j⟩·m·S_{j,r}',
      '$[H_{\\ell_1,\\ell_2}]_{i,j} = \\frac1m \\, x_i^\\top x_j \\sum_r \\langle v_{\\ell_1,r}, \\mathcal{S}_i \\rangle \\, m\\mathcal{S}_{i,r} \\, \\langle v_{\\ell_2,r}, \\mathcal{S}_j \\rangle \\, m\\mathcal{S}_{j,r}$',
    ],
  ],
  'ntk/functions/kernelDrift': [
    [
      '‖H(W) − H(W̃)‖_F and the radius R = max_r ‖w_r − w̃_r‖₂',
      '$\\lVert H(W) - H(\\widetilde W) \\rVert_F$ and the radius $R = \\max_r \\lVert w_r - \\widetilde w_r \\rVert_2$',
    ],
  ],
  'ntk/functions/ntkRegression': [
    [
      'F_ntk(x) = K*(x)·(H* + ρI)⁻¹·vec(Y), with H* = H(W(0))',
      '$F_{\\mathrm{ntk}}(x) = K^*(x) \\, (H^* + \\rho I)^{-1} \\operatorname{vec}(Y)$, with $H^* = H(W(0))$',
    ],
  ],
  // options tables (an interface page lists each field with its comment)
  'ntk/interfaces/NtkRegressionOptions': [['Ridge ρ added to H*', 'Ridge $\\rho$ added to $H^*$']],
};

/** A pattern for `unicode` as TypeDoc may have written it: markdown's escapes (`\_`, `\*`) allowed, spaces any. */
function pattern(unicode) {
  let p = '';
  for (const ch of unicode) {
    if (/\s/.test(ch)) p += '\\s+';
    else if ('_*[]<>|'.includes(ch)) p += `\\\\?\\${ch}`;
    else p += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(p, 'g');
}

/**
 * `md` (the API page `page`) with each listed formula replaced by its TeX (every occurrence); the problems (listed
 * formulas the page does not contain) in `problems`.
 */
export function typesetApiPage(page, md, problems) {
  let out = md;
  for (const [unicode, tex] of API_MATH[page] ?? []) {
    const re = pattern(unicode);
    if (!re.test(out)) {
      problems.push(`api/${page}.md no longer contains the formula ${JSON.stringify(unicode)} (scripts/apiMath.mjs)`);
      continue;
    }
    out = out.replace(pattern(unicode), () => tex);
  }
  return out;
}
