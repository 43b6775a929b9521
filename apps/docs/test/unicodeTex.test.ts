/**
 * scripts/unicodeTex.mjs: the Unicode formulas of the READMEs, the file-format specs and the report's captions,
 * rewritten in TeX for the site (issue #16, audit 1d). Each case below is the rule it tests: a formula is cut at the
 * right words and translated symbol by symbol; prose, code, links, image alt texts and measured values stay as written.
 * Over the real READMEs and specs: every formula made is TeX that KaTeX accepts, no digit of any line changes (the
 * numbers of the measurement tables are never touched), and a second pass changes nothing.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const app = path.resolve(__dirname, '..');

/** Run `body` (an ES module body that ends by printing JSON) with scripts/unicodeTex.mjs imported; its JSON. */
function viaNode<T>(body: string): T {
  // (scripts/unicodeTex.mjs is an ES module that jest's CommonJS runtime cannot load: ask node)
  return JSON.parse(
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', `import * as u from './scripts/unicodeTex.mjs';\n${body}`],
      { cwd: app, encoding: 'utf8', maxBuffer: 1 << 26 },
    ),
  ) as T;
}

const CASES: [string, string, string][] = [
  // [what the case is about, the Unicode markdown, the markdown the site gets]
  [
    'min as an upright subscript',
    'Kept while λ_min(H(τ)) ≥ λ/2 along training.',
    'Kept while $\\lambda_{\\min}(H(\\tau )) \\ge \\lambda /2$ along training.',
  ],
  ['‖·‖ opens then closes; ² then _F', 'the loss ‖F − Y‖²_F falls', 'the loss $\\lVert F - Y\\rVert^2_F$ falls'],
  ['the radicand keeps its subscript', 'τ defaults to √d_h.', '$\\tau$ defaults to $\\sqrt{d_h}$.'],
  [
    'expectation, conditional bar',
    'it is E‖F − E[x(0) | x(t)]‖², the regression',
    'it is $\\mathbb{E}\\lVert F - \\mathbb{E}[x(0) \\mid x(t)]\\rVert^2$, the regression',
  ],
  [
    'prose with single letters stays prose',
    'A sentence without a formula, in R at T with a = 1.',
    'A sentence without a formula, in R at T with a = 1.',
  ],
  [
    'code, TeX, link targets, image alt texts stay',
    'see `λ_min` and $\\lambda$ and [the page](/api/x_i) and ![λ_min](/p.svg)',
    'see `λ_min` and $\\lambda$ and [the page](/api/x_i) and ![λ_min](/p.svg)',
  ],
  ['`W**` closes bold, it is no star', '- **network, GD on W** — `kind`', '- **network, GD on W** — `kind`'],
  [
    'H* is a star; an unbalanced parenthesis stays outside; a possessive stays prose',
    "the ρ added to H* itself in (H* + ρI)⁻¹, c times H*'s mean",
    "the $\\rho$ added to $H^*$ itself in $(H^* + \\rho I)^{-1}$, c times $H^*$'s mean",
  ],
  [
    'measured values and units stay as written',
    '4.74 s → 3.91 s, 24.0 → 18.1, 3× faster on 2048 × 4096',
    '4.74 s → 3.91 s, 24.0 → 18.1, 3× faster on 2048 × 4096',
  ],
  [
    'identifiers with underscores are no subscripts',
    'the score_sde defaults and log(MAX_VALUE) ≈ 709.78',
    'the score_sde defaults and log(MAX_VALUE) ≈ 709.78',
  ],
  [
    'table cells one by one',
    '| `ntk` | λ_min, λ_max | 0.5 |',
    '| `ntk` | $\\lambda_{\\min}$, $\\lambda_{\\max}$ | 0.5 |',
  ],
  [
    'a word label is upright; prose words end a bracketed group',
    'labels x(0) (or ε, or x(0) − c_skip(t)x(t))',
    'labels x(0) (or $\\varepsilon$, or $x(0) - c_{\\mathrm{skip}}(t)x(t)$)',
  ],
  ['an indented code block stays code', '    C = m · S ⊙ (E·a)', '    C = m · S ⊙ (E·a)'],
  [
    'a formula with commas inside its brackets is one formula',
    'F(W, x, a)_ℓ = m·⟨a_ℓ, exp(Wᵀx)⟩ / ⟨exp(Wᵀx), 1_m⟩, trained',
    '$F(W, x, a)_{\\ell} = m\\cdot \\langle a_{\\ell}, \\exp (W^{\\top}x)\\rangle / \\langle \\exp (W^{\\top}x), 1_m\\rangle$, trained',
  ],
  [
    'accents and subscript digits',
    'x̂₀ = (x + σ_t²s)/α_t onto ‖x̂₀‖ ≤ ρ',
    '$\\hat{x}_0 = (x + \\sigma_t^2s)/\\alpha_t$ onto $\\lVert \\hat{x}_0\\rVert \\le \\rho$',
  ],
  ['a relation between prose words', 'every mode ≥ half its share', 'every mode $\\ge$ half its share'],
  [
    'the normal law; a hyphenated prose suffix',
    'w_r ~ N(0, σ²I) and the 1/√m-scaled networks',
    '$w_r \\sim \\mathcal{N}(0, \\sigma^2I)$ and the $1/\\sqrt{m}$-scaled networks',
  ],
];

test.each(CASES)('%s', (_, unicode, expected) => {
  expect(viaNode<string>(`console.log(JSON.stringify(u.typesetUnicodeMath(${JSON.stringify(unicode)})));`)).toBe(
    expected,
  );
});

test('on the READMEs and the specs: KaTeX takes every formula made, no digit changes, a second pass changes nothing', () => {
  const r = viaNode<{ files: number; formulas: number; rejected: string[]; digits: string[]; again: string[] }>(`
import { readFileSync, readdirSync } from 'node:fs';
const root = '../..';
const files = [
  ...readdirSync(root + '/packages').map((p) => root + '/packages/' + p + '/README.md'),
  root + '/apps/cli/README.md',
  root + '/docs/notation.md',
  ...readdirSync(root + '/docs/spec').filter((f) => f.endsWith('.md')).map((f) => root + '/docs/spec/' + f),
];
// (superscript and subscript digits, and ½, are digits in the TeX: count them as such in the source)
const SMALL = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
  '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9', '½': '12' };
const digits = (s) => [...s].map((c) => SMALL[c] ?? c).join('').replace(/[^0-9]/g, '');
const out = { files: 0, formulas: 0, rejected: [], digits: [], again: [] };
for (const f of files) {
  let md;
  try { md = readFileSync(f, 'utf8'); } catch { continue; }
  out.files++;
  const done = [];
  const tex = u.typesetUnicodeMath(md, [], done);
  out.formulas += done.length;
  for (const [, t] of done) if (!u.katexAccepts(t)) out.rejected.push(f + ': ' + t);
  const a = md.split('\\n'), b = tex.split('\\n');
  if (a.length !== b.length) out.digits.push(f + ': line count changed');
  else a.forEach((line, k) => { if (digits(line) !== digits(b[k])) out.digits.push(f + ':' + (k + 1) + ': ' + b[k]); });
  if (u.typesetUnicodeMath(tex) !== tex) out.again.push(f);
}
console.log(JSON.stringify(out));`);
  // (7 package READMEs, the CLI's, the notation and 3 specs; each README states dozens of formulas)
  expect(r.files).toBeGreaterThanOrEqual(12);
  expect(r.formulas).toBeGreaterThan(500);
  expect(r.rejected).toEqual([]);
  expect(r.digits).toEqual([]);
  expect(r.again).toEqual([]);
});

test('toTex: one TeX form per symbol; an unpaired ‖ is not read', () => {
  const r = viaNode<(string | null)[]>(
    `console.log(JSON.stringify(['Σ_r a_{ℓ,r}', 'Wᵀ⁻¹', 'T₀ ∉ ℓ', 'w̃_r − W̃', '‖x', 'η·λ_max(J Jᵀ)', 'max_τ |F_ntk − F_nn|', 'E[x₀|x_t]'].map(u.toTex)));`,
  );
  expect(r).toEqual([
    '\\sum_r a_{\\ell ,r}',
    'W^{\\top -1}',
    'T_0 \\notin \\ell',
    '\\tilde{w}_r - \\widetilde{W}',
    null,
    '\\eta \\cdot \\lambda_{\\max}(J J^{\\top})',
    // (paired bars are an absolute value, a single one the conditional bar)
    '\\max_{\\tau} \\lvert F_{\\mathrm{ntk}} - F_{\\mathrm{nn}}\\rvert',
    '\\mathbb{E}[x_0 \\mid x_t]',
  ]);
});
