// The formulas that the site's pages still state in Unicode instead of TeX (issue #16, audits 1a and 1d): a line of a
// generated page's markdown that, outside code, inline code, `$…$`/`$$…$$` TeX, link targets and image alt texts
// (which cannot hold TeX), still holds a character or pattern of the paper's notation — a Greek letter, ‖·‖, ⟨·,·⟩, a
// transpose or power sign (ᵀ ⁻¹ ² ³), Σ, ∫, √, ∂, ∇, ≤, ≥, ∈, ⊙, ⊗, ℓ, or a TeX-like subscript (`x_i`, `S_{i,r}`).
// Two sets of pages: the API pages (site/api/, test/apiUnicodeMath.test.ts) and the other pages that state formulas
// — package pages, guides, notation, file formats, paper map, report, home, demos (test/pageUnicodeMath.test.ts).
// Run as a script, it prints the lines and their count (`--pages`: the second set).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A character or pattern of the paper's notation (in text that is not code, TeX or a link target). */
export const UNICODE_MATH = /[ΣΠ‖⟨⟩ᵀ⁻¹²³ληαβσμτθφψρκδεΔ∇∂∈≤≥√⊙⊗∘∞∑∫ℓ]|[A-Za-z)\]]\\?_\{|\b[A-Za-z]\\?_[a-z0-9]\b/;

/** The lines of one API page's markdown that state a formula outside TeX, each with the text that was tested. */
export function untypesetLines(md) {
  const out = [];
  // (code blocks and display math `$$…$$`, which may span lines, go first)
  for (const line of md
    .replace(/```[\s\S]*?```/g, '')
    .replace(/\$\$[\s\S]*?\$\$/g, '')
    // (an inline formula that continues on the next line of its paragraph)
    .replace(/(?<![$\\])\$(?!\$)[^$\n]+\n[^$\n]+\$/g, '')
    .split('\n')) {
    const t = line
      .replace(/`[^`]*`/g, '')
      .replace(/\$\$[\s\S]*?\$\$/g, '')
      .replace(/\$[^$\n]+\$/g, '')
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\]\([^)]*\)/g, '](…)')
      .replace(/<[^>]+>/g, '');
    if (UNICODE_MATH.test(t)) out.push(t.trim());
  }
  return out;
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.md')) out.push(p);
  }
  return out;
}

/** Every such line of the generated API pages (site/api/), as `page: text`. */
export function untypesetApiLines(apiDir = path.join(app, 'site/api')) {
  return walk(apiDir).flatMap((f) =>
    untypesetLines(readFileSync(f, 'utf8')).map((t) => `${path.relative(apiDir, f).split(path.sep).join('/')}: ${t}`),
  );
}

/**
 * The generated and hand-written pages other than the API pages that state formulas (paths under site/, `*` a file
 * name): the package pages and the READMEs they include, the guides, the notation, the file formats, the paper map,
 * the report, the home page and the demos. Not counted: the Benchmarks page (measured logs, kept as measured) and the
 * Changelog (release notes, a record).
 */
export const FORMULA_PAGES = [
  'index.md',
  'paper-map.md',
  'reproduce.md',
  'guide/*',
  'reference/notation.md',
  'reference/formats/*',
  'packages/*',
  'packages/_readme/*',
  'demos/*',
];

/** The markdown files of FORMULA_PAGES under `siteDir`, as paths relative to it. */
export function formulaPages(siteDir = path.join(app, 'site')) {
  return FORMULA_PAGES.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return existsSync(path.join(siteDir, pattern)) ? [pattern] : [];
    const dir = pattern.slice(0, -2);
    if (!existsSync(path.join(siteDir, dir))) return [];
    return readdirSync(path.join(siteDir, dir))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `${dir}/${f}`);
  });
}

/** Every Unicode-formula line of FORMULA_PAGES, as `page: text`. */
export function untypesetPageLines(siteDir = path.join(app, 'site')) {
  return formulaPages(siteDir).flatMap((f) =>
    untypesetLines(readFileSync(path.join(siteDir, f), 'utf8')).map((t) => `${f}: ${t}`),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pages = process.argv.includes('--pages');
  const lines = pages ? untypesetPageLines() : untypesetApiLines();
  console.log(lines.join('\n'));
  console.error(
    `${lines.length} lines of the ${pages ? 'package, guide, reference, report and demo' : 'API'} pages state a formula in Unicode (outside $…$)`,
  );
}
