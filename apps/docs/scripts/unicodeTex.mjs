// Unicode formulas in markdown prose → TeX, for the docs site (issue #16: "typeset math on every page that states a
// formula").
//
// The package READMEs, the shared file-format specs and the report's captions are written for readers without math
// rendering (npm shows a README's source; the terminal shows the report), so they state their formulas in Unicode in
// the paper's notation: `λ_min(H(τ)) ≥ λ/2`, `‖F − Y‖²_F`, `E[x(0) | x(t)]`. The site typesets them: this module finds
// each formula in a text line and rewrites it, symbol by symbol, in TeX between `$…$`, which KaTeX typesets.
//
// What is a formula: a maximal run of words (split at spaces) each of which either holds a character of the paper's
// notation (a Greek letter, ‖ ⟨ ⟩ ᵀ ² ₀ √ Σ ∇ ∂ ≤ ≥ − × · → ∈ …) or a subscript (`x_i`, `S_{i,r}`), or is an operator
// (= + − ≤ ≥ × · / ~ ∈ → …), or is a number, a single letter or a short symbol next to such an operator (`R = 1` in
// `R = 1 when …`). English words end a formula (a stop list of short words keeps `is`, `of`, `in` … out). Code,
// inline code, `$…$`/`$$…$$` TeX, HTML tags, link targets and image alt texts (which cannot hold TeX) are left as
// they are; a formula never crosses a table cell. The translation is one to one (each symbol
// has one TeX form, listed below), so the meaning is kept exactly: `λ_min` → `\lambda_{\min}`, `‖·‖` →
// `\lVert·\rVert`, `ᵀ` → `^\top`, `x̂` → `\hat{x}`, `N(0, I)` → `\mathcal{N}(0, I)`, `E[…]` → `\mathbb{E}[…]`.
// A formula whose TeX KaTeX does not accept stays Unicode (and test/pageUnicodeMath.test.ts counts it).
//
// The explicit list of scripts/readmeMath.mjs runs first: it holds the formulas that this word-level rule cannot
// cut right (a display over several lines, a sentence whose formula continues across prose words).
import katex from 'katex';

const GREEK = {
  α: '\\alpha',
  β: '\\beta',
  γ: '\\gamma',
  δ: '\\delta',
  ε: '\\varepsilon',
  ζ: '\\zeta',
  η: '\\eta',
  θ: '\\theta',
  κ: '\\kappa',
  λ: '\\lambda',
  μ: '\\mu',
  ν: '\\nu',
  ξ: '\\xi',
  π: '\\pi',
  ρ: '\\rho',
  σ: '\\sigma',
  τ: '\\tau',
  φ: '\\varphi',
  χ: '\\chi',
  ψ: '\\psi',
  ω: '\\omega',
  Γ: '\\Gamma',
  Δ: '\\Delta',
  Θ: '\\Theta',
  Λ: '\\Lambda',
  Ξ: '\\Xi',
  Π: '\\prod',
  Σ: '\\sum',
  Φ: '\\Phi',
  Ψ: '\\Psi',
  Ω: '\\Omega',
};

/** Single symbols and their TeX (operators get spaces from KaTeX itself). */
const SYMBOL = {
  ...GREEK,
  ℓ: '\\ell',
  '∇': '\\nabla',
  '∂': '\\partial',
  '∫': '\\int',
  '∑': '\\sum',
  '∞': '\\infty',
  '⟨': '\\langle ',
  '⟩': '\\rangle ',
  '−': '-',
  '·': '\\cdot ',
  '×': '\\times ',
  '≤': '\\le ',
  '≥': '\\ge ',
  '≈': '\\approx ',
  '≠': '\\ne ',
  '∈': '\\in ',
  '∉': '\\notin ',
  '→': '\\to ',
  '↦': '\\mapsto ',
  '←': '\\leftarrow ',
  '⊙': '\\odot ',
  '⊗': '\\otimes ',
  '∘': '\\circ ',
  '±': '\\pm ',
  '∝': '\\propto ',
  '÷': '\\div ',
  '~': '\\sim ',
  '…': '\\dots ',
  '½': '\\tfrac12 ',
  '′': "'",
  '%': '\\%',
  '#': '\\#',
  '&': '\\&',
  '𝔼': '\\mathbb{E}',
};

const SUPER = { ᵀ: '\\top', '⁻': '-', '⁺': '+', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5' };
Object.assign(SUPER, { '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', ⁿ: 'n', ⁱ: 'i', ᵗ: 't', ᵈ: 'd', ᵏ: 'k', ᵐ: 'm' });
const SUB = { '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9' };
Object.assign(SUB, { ᵢ: 'i', ⱼ: 'j', ᵣ: 'r', ₜ: 't', ₖ: 'k', ₙ: 'n', ₘ: 'm', ₗ: 'l' });

/** Named functions of the paper's formulas: upright in TeX. */
const FUNCTIONS = {
  exp: '\\exp',
  log: '\\log',
  max: '\\max',
  min: '\\min',
  sup: '\\sup',
  inf: '\\inf',
  cos: '\\cos',
  sin: '\\sin',
  det: '\\det',
  sign: '\\operatorname{sign}',
  tr: '\\operatorname{tr}',
  vec: '\\operatorname{vec}',
  diag: '\\operatorname{diag}',
  rowsum: '\\operatorname{rowsum}',
  Unif: '\\mathrm{Unif}',
  op: '\\operatorname{op}',
};

/** Characters that make a word part of a formula (the paper's notation). */
const MATH_CHAR = /[α-ωΑ-ΩℓΣΠ‖⟨⟩ᵀ⁻⁺⁰¹²³⁴⁵⁶⁷⁸⁹ⁿⁱᵗᵈᵏᵐ₀-₉ᵢⱼᵣₜₖₙₘₗ√∇∂∫∑∞−·×≤≥≈≠∈∉→↦⊙⊗∘±∝½𝔼]|\u0302|\u0303|\u0304/u;
/** The characters of the notation that the page counter looks for (scripts/apiUnicodeMath.mjs): a formula made of
 * numbers and operators only (`24.0 → 18.1`, `3×`, `2048 × 4096`: measured values) is typeset only if it holds one. */
const COUNTED = /[ΣΠ‖⟨⟩ᵀ⁻¹²³ληαβσμτθφψρκδεΔ∇∂∈≤≥√⊙⊗∘∞∑∫ℓ]/;
/** A TeX-like subscript or superscript in a word: `x_i`, `S_{i,r}`, `W^V`, `(1 − ηλ/2)^τ`. */
const SCRIPT = /[\p{L}\p{N})\]‖]_[\p{L}\p{N}{]|[\p{L}\p{N})\]]\^[\p{L}\p{N}{(]/u;
/** An identifier of code or prose with an underscore (`score_sde`, `MAX_VALUE`, `BENCH_FILTER`): not a subscript. */
const isIdentifier = (w) => [...w.matchAll(/([A-Za-z]{3,})_/g)].some((m) => !FUNCTIONS[m[1]]);
/** A word that names the paper's objects without a special character: `H*`, `N(0, I)`, `E[…]`, `R^d`. */
const NAMED = /^[A-Za-z]\*$|(^|[^\p{L}\p{N}])(N\((0|x_T|\()|E\[|E‖|R\^)/u;
/** A word that is only an operator. */
const OPERATOR = /^(=|\+|−|≤|≥|<|>|×|·|\/|~|∈|→|↦|≈|≠|⊙|⊗|±|∝|←|:=)$/;
/** A number (a measured value stays as written: it only moves into the TeX). */
const NUMBER = /^[−-]?\d[\d,]*(\.\d+)?(e[−-]?\d+)?%?$/;
/** Short English words that are never a symbol, even next to an operator. */
const STOP = new Set(
  (
    'is in of to at on by or and the for not as be it if an so its per all one two has are was any can but nor yes ' +
    'no via off up we do too see use get set new out top end run met had got few now how why yet own far low ' +
    'std ntk cap'
  ).split(' '),
);

/** Whether a word (without emphasis marks and trailing punctuation) can be an operand next to an operator. */
function isOperand(word) {
  // (an opening parenthesis that the formula leaves open is left outside it: `(nd × nd:`)
  const core = count(word, '(') > count(word, ')') ? word.replace(/^\(/, '') : word;
  if (NUMBER.test(core)) return true;
  if (STOP.has(core.toLowerCase())) return false;
  const letters = core.replace(/[^\p{L}]/gu, '');
  if (count(core, '(') !== count(core, ')') || count(core, '[') !== count(core, ']')) return false;
  // (a bracketed group of numbers and symbols, `{4, 16, 64}`, joined by mergeGroups)
  if (/^[[({⟨].* .*[\])}⟩]$/.test(core)) return !/[A-Za-z]{4,}/.test(core);
  return /^[([]*[\p{L}\p{N}][\p{L}\p{N}'*()[\]./]*$/u.test(core) && letters.length <= 3;
}

/** The TeX of a script's argument: `{…}` keeps its group, a word becomes `{\min}` or `{\mathrm{out}}`. */
function scriptArg(s, i) {
  if (s[i] === '{') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      if (s[j] === '{') depth++;
      else if (s[j] === '}' && --depth === 0) return [`{${toTex(s.slice(i + 1, j))}}`, j + 1];
    }
    return null;
  }
  const word = /^[A-Za-z]+/.exec(s.slice(i))?.[0];
  if (word && word.length > 1) {
    if (FUNCTIONS[word]) return [`{${FUNCTIONS[word]}}`, i + word.length];
    // (an upper-case pair names blocks, `H_KQ`; a lower-case word is a label, `d_out`, `F_ntk`)
    if (/^[A-Z]+$/.test(word)) return [`{${word}}`, i + word.length];
    // (a lower-case run of one-letter indices, `x_ij`, is not a label: only the paper's labels are words here)
    return [`{\\mathrm{${word}}}`, i + word.length];
  }
  const ch = String.fromCodePoint(s.codePointAt(i) ?? 0);
  if (ch === '(') {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      if (s[j] === '(') depth++;
      else if (s[j] === ')' && --depth === 0) return [`{${toTex(s.slice(i, j + 1))}}`, j + 1];
    }
    return null;
  }
  const t = SYMBOL[ch] ?? ch;
  return [t.length > 1 ? `{${t.trim()}}` : t, i + ch.length];
}

/**
 * A formula's Unicode text in TeX, symbol by symbol; `null` when it cannot be read (an unbalanced group).
 * `‖` alternates between `\lVert` and `\rVert`, and so do bars between `\lvert` and `\rvert` when they pair up.
 */
export function toTex(s) {
  let out = '';
  let norms = 0;
  let absolute = 0;
  const bars = (s.match(/\|/g) ?? []).length;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const ch = String.fromCodePoint(s.codePointAt(i) ?? 0);
    const next = s[i + ch.length];
    // combining accents on the letter before: x̂ ŵ x̄ w̃ (W̃ wide)
    if (next === '\u0302' || next === '\u0303' || next === '\u0304') {
      const base = SYMBOL[ch] ?? ch;
      const cmd = next === '\u0302' ? 'hat' : next === '\u0304' ? 'bar' : /[A-Z]/.test(ch) ? 'widetilde' : 'tilde';
      out += `\\${cmd}{${base.trim()}} `;
      i += ch.length + 1;
      continue;
    }
    // (bars in pairs are absolute values, `|F_ntk − F_nn|`; a single bar is the conditional one, `E[x(0) | x(t)]`;
    // a table cell writes `\|`)
    if (ch === '|' || (ch === '\\' && next === '|')) {
      out += bars % 2 === 1 ? ' \\mid ' : absolute++ % 2 === 0 ? '\\lvert ' : '\\rvert ';
      i += ch === '|' ? 1 : 2;
      continue;
    }
    if (ch === '‖') {
      out += norms++ % 2 === 0 ? '\\lVert ' : '\\rVert ';
      i += 1;
      continue;
    }
    if (ch === '√') {
      let arg = scriptArg(s, i + 1);
      if (!arg) return null;
      // (√d_h: the radicand is d_h)
      if (s[arg[1]] === '_' && /^[A-Za-z]$/.test(s[i + 1])) {
        const sub = scriptArg(s, arg[1] + 1);
        if (!sub) return null;
        arg = [`{${s[i + 1]}_${sub[0]}}`, sub[1]];
      }
      // (√(…) drops the parentheses that only delimit the radicand)
      const inner = arg[0].replace(/^\{\((.*)\)\}$/s, '{$1}');
      out += `\\sqrt${inner.startsWith('{') ? inner : `{${inner}}`}`;
      i = arg[1];
      continue;
    }
    if (ch === '_' || ch === '^') {
      const arg = scriptArg(s, i + 1);
      if (!arg) return null;
      out += ch + arg[0];
      i = arg[1];
      continue;
    }
    if (SUPER[ch]) {
      let sup = '';
      while (i < n && SUPER[s[i]]) sup += SUPER[s[i++]] + (s[i - 1] === 'ᵀ' ? ' ' : '');
      sup = sup.trim();
      out += sup.length === 1 ? `^${sup}` : `^{${sup}}`;
      continue;
    }
    if (SUB[ch]) {
      let sub = '';
      while (i < n && SUB[s[i]]) sub += SUB[s[i++]];
      out += sub.length === 1 ? `_${sub}` : `_{${sub}}`;
      continue;
    }
    if (ch === '{' || ch === '}') {
      out += `\\${ch}`;
      i += 1;
      continue;
    }
    // 𝔼 / E[…] / E‖…‖: the expectation; N(0, …) and N(x_T; …): the normal law; R^d: the reals
    if (ch === 'E' && /[[‖]/.test(next ?? '') && !/[\p{L}\p{N}]/u.test(s[i - 1] ?? '')) {
      out += '\\mathbb{E}';
      i += 1;
      continue;
    }
    if (ch === 'N' && /^\((0|x_T);?[,;]|^\(\(/.test(s.slice(i + 1)) && !/[\p{L}\p{N}]/u.test(s[i - 1] ?? '')) {
      out += '\\mathcal{N}';
      i += 1;
      continue;
    }
    if (ch === 'R' && next === '^' && !/[\p{L}\p{N}]/u.test(s[i - 1] ?? '')) {
      out += '\\mathbb{R}';
      i += 1;
      continue;
    }
    if (ch === '*' && /[\p{L})]/u.test(s[i - 1] ?? '')) {
      out += '^*';
      i += 1;
      continue;
    }
    const word = /^[A-Za-z]{2,}\d*/.exec(s.slice(i))?.[0];
    if (word && !/[A-Za-z]/.test(s[i - 1] ?? '')) {
      if (FUNCTIONS[word]) out += `${FUNCTIONS[word]} `;
      // (two letters are a product of symbols, `nd`, `Ju`; longer runs and names with digits are words: `tol`, `fl32`)
      else if (/^[A-Za-z]{3,}|\d$/.test(word)) out += `\\mathrm{${word}} `;
      else out += word;
      i += word.length;
      continue;
    }
    const sym = SYMBOL[ch];
    out += sym ? (/\\[A-Za-z]+$/.test(sym) ? `${sym} ` : sym) : ch;
    i += ch.length;
  }
  if (norms % 2 !== 0) return null;
  return out
    .replace(/ +/g, ' ')
    .replace(/ ([_^])/g, '$1')
    .trim();
}

/** Whether KaTeX typesets `tex` without an error. */
export function katexAccepts(tex) {
  try {
    katex.renderToString(tex, { throwOnError: true, strict: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const LEAD = /^[*_"“']+/;
const TRAIL = /[*_"”',.;:!?)\]]+$/;

/** One table cell or line of prose (no code, TeX, tags or link targets in it): its formulas in `$…$`. */
function typesetText(text, failed, done) {
  const words = mergeGroups(text.split(/( +)/));
  const tokens = [];
  for (let k = 0; k < words.length; k += 2) {
    const w = words[k];
    const lead = LEAD.exec(w)?.[0] ?? '';
    let core = w.slice(lead.length);
    let trail = TRAIL.exec(core)?.[0] ?? '';
    core = core.slice(0, core.length - trail.length);
    // (a closing parenthesis or star that belongs to the formula goes back to it: `(H* + ρI)⁻¹`, `H*`)
    const give = (c, open) => {
      while (trail.startsWith(c) && count(core + c, open) >= count(core + c, c)) {
        core += c;
        trail = trail.slice(1);
      }
    };
    give(')', '(');
    give(']', '[');
    // (`W**` closes bold: not a star)
    if (trail.startsWith('*') && !trail.startsWith('**') && /[\p{L})]$/u.test(core) && !lead.includes('*')) {
      core += '*';
      trail = trail.slice(1);
    }
    // (a possessive stays prose: `H*'s` is `$H^*$'s`)
    if (/'s$/.test(core)) {
      core = core.slice(0, -2);
      trail = `'s${trail}`;
    }
    // (a hyphenated prose suffix is not part of the formula: `1/√m-scaled`)
    const suffix = /-[a-z]{3,}$/.exec(core)?.[0];
    if (suffix && MATH_CHAR.test(core.slice(0, -suffix.length))) {
      core = core.slice(0, -suffix.length);
      trail = suffix + trail;
    }
    const op = OPERATOR.test(core);
    const math =
      !op && core !== '' && (MATH_CHAR.test(core) || (SCRIPT.test(core) && !isIdentifier(core)) || NAMED.test(core));
    tokens.push({ lead, core, trail, sep: words[k + 1] ?? '', op, math, in: math || op });
  }
  for (let k = 0; k < tokens.length; k++) {
    if (!tokens[k].op) continue;
    for (const j of [k - 1, k + 1]) {
      // (a letter right after a number is its unit: `4.74 s → 3.91 s`)
      const unit =
        /^[A-Za-z]$/.test(tokens[j]?.core ?? '') && NUMBER.test(tokens[j - 1]?.core ?? '') && !tokens[j - 1].trail;
      if (tokens[j] && !tokens[j].in && !unit && isOperand(tokens[j].core)) tokens[j].in = true;
    }
  }
  // (a function name between two formula words belongs to them: `J = ∂ vec F/∂θ`)
  for (let k = 1; k + 1 < tokens.length; k++)
    if (FUNCTIONS[tokens[k].core] && tokens[k - 1].in && tokens[k + 1].in && !tokens[k - 1].trail && !tokens[k].lead)
      tokens[k].in = true;
  let out = '';
  let k = 0;
  while (k < tokens.length) {
    if (!tokens[k].in) {
      const t = tokens[k];
      out += t.lead + t.core + t.trail + t.sep;
      k++;
      continue;
    }
    // a run of formula words, unbroken by emphasis marks or punctuation between them
    let j = k;
    while (j + 1 < tokens.length && tokens[j + 1].in && tokens[j].trail === '' && tokens[j + 1].lead === '') j++;
    const run = tokens.slice(k, j + 1);
    const hasMath =
      (run.some((t) => t.math) || (run.length > 1 && run.some((t) => t.op && MATH_CHAR.test(t.core)))) &&
      // (numbers and operators only — measured values — are typeset only when they hold a symbol of the notation)
      (run.some((t) => /[\p{L}]/u.test(t.core)) || run.some((t) => COUNTED.test(t.core)));
    let unicode = run.map((t, q) => t.core + (q < run.length - 1 ? t.sep : '')).join('');
    let before = run[0].lead;
    let after = run[run.length - 1].trail;
    // (an opening parenthesis that the formula does not close stays outside it)
    while (unicode.startsWith('(') && count(unicode, '(') > count(unicode, ')')) {
      before += '(';
      unicode = unicode.slice(1);
    }
    while (unicode.endsWith(')') && count(unicode, ')') > count(unicode, '(')) {
      after = `)${after}`;
      unicode = unicode.slice(0, -1);
    }
    // (a lone operator is typeset only if it is a relation of the notation: `every mode ≥ half its share`)
    const lone = OPERATOR.test(unicode) && !COUNTED.test(unicode);
    const tex = (hasMath || COUNTED.test(unicode)) && !lone ? toTex(unicode) : null;
    if (tex && katexAccepts(tex)) {
      done?.push([unicode, tex]);
      out += `${before}$${tex}$${after}${run[run.length - 1].sep}`;
    } else {
      if (hasMath) failed?.push(unicode);
      out += `${before}${unicode}${after}${run[run.length - 1].sep}`;
    }
    k = j + 1;
  }
  return out;
}

/** The bracket depth a word leaves open: ( [ { ⟨ against ) ] } ⟩, and an odd number of ‖. */
function depth(w) {
  return (
    count(w, '(') +
    count(w, '[') +
    count(w, '{') +
    count(w, '⟨') -
    count(w, ')') -
    count(w, ']') -
    count(w, '}') -
    count(w, '⟩')
  );
}

/**
 * Words (the odd entries are the spaces between them) with a bracketed formula joined into one word when it spans
 * spaces — `F(W, x, a)_ℓ`, `{4, 16, 64}`, `‖s − ∇log p_t‖²`, `E[x(0) | x(t)]` — unless a prose word (four letters or
 * more, not a function name, no symbol) is inside: `P(within 3s)` stays words.
 */
function mergeGroups(words) {
  const out = [];
  for (let k = 0; k < words.length; k += 2) {
    let d = depth(words[k]);
    let norms = count(words[k], '‖') % 2;
    let j = k;
    if (d > 0 || norms) {
      while (j + 2 < words.length && (d > 0 || norms)) {
        j += 2;
        d += depth(words[j]);
        norms = (norms + count(words[j], '‖')) % 2;
      }
    }
    const group = words.slice(k, j + 1);
    const prose = group.some(
      (w, q) =>
        q % 2 === 0 &&
        (STOP.has(w.replace(/[^A-Za-z]/g, '').toLowerCase()) ||
          /^[A-Za-z]+:$/.test(w) ||
          (/[A-Za-z]{4,}/.test(w) &&
            !MATH_CHAR.test(w) &&
            !SCRIPT.test(w) &&
            !(w.match(/[A-Za-z]{4,}/g) ?? []).every((x) => FUNCTIONS[x]))),
    );
    if (j === k || d > 0 || norms || prose) {
      out.push(words[k], words[k + 1] ?? '');
      continue;
    }
    out.push(group.join(''), words[j + 1] ?? '');
    k = j;
  }
  return out.slice(0, -1).length % 2 === 1 ? out.slice(0, -1) : out;
}

/** What a line keeps as it is: inline code, TeX, HTML tags, images, link targets (and a table row's cell bars). */
const SPLIT_LINE = /(`+[^`]*`+|\$[^$\n]+\$|<[^>\n]+>|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\))/;
const SPLIT_ROW = /(`+[^`]*`+|\$[^$\n]+\$|<[^>\n]+>|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|(?<!\\)\|)/;

function count(s, c) {
  return c ? s.split(c).length - 1 : 0;
}

/**
 * Markdown with the Unicode formulas of its prose, headings and tables in TeX (`$…$`). Fenced code, indented code
 * blocks, inline code, TeX, HTML tags, link targets and image alt texts are left as they are. `failed` collects the
 * formulas left in Unicode because KaTeX would not take their TeX; `done`, if given, each [Unicode, TeX] replaced.
 */
export function typesetUnicodeMath(md, failed = [], done = undefined) {
  const blocks = md.split(/(```[\s\S]*?```|\$\$[\s\S]*?\$\$)/);
  return blocks
    .map((block, b) =>
      b % 2 === 1
        ? block
        : block
            .split('\n')
            .map((line) => {
              if (/^ {4}|^\t/.test(line)) return line;
              // keep: inline code, TeX, tags, images, link targets; typeset the rest (in a table row, cell by cell)
              const parts = line.split(/^\s*\|/.test(line) ? SPLIT_ROW : SPLIT_LINE);
              return parts
                .map((p, k) => {
                  if (k % 2 === 1) return p;
                  // (list markers and block quotes at the start of the line are markdown, not math)
                  const head = k === 0 ? (/^\s*(?:[-*+>] |\d+\. )*/.exec(p)?.[0] ?? '') : '';
                  return head + typesetText(p.slice(head.length), failed, done);
                })
                .join('');
            })
            .join('\n'),
    )
    .join('');
}
