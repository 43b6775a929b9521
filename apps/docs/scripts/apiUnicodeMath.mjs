// The formulas that the API pages still state in Unicode instead of TeX (issue #16, audit 1a): a line of an API
// page (site/api/**/*.md, TypeDoc's markdown after prepare.mjs's typesetting) that, outside code, inline code,
// `$…$`/`$$…$$` TeX and link targets, still holds a character or pattern of the paper's notation — a Greek letter,
// ‖·‖, ⟨·,·⟩, a transpose or power sign (ᵀ ⁻¹ ² ³), Σ, ∫, √, ∂, ∇, ≤, ≥, ∈, ⊙, ⊗, ℓ, or a TeX-like subscript
// (`x_i`, `S_{i,r}`). Used by test/apiUnicodeMath.test.ts; run as a script, it prints the lines and their count.
import { readFileSync, readdirSync, statSync } from 'node:fs';
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
    .split('\n')) {
    const t = line
      .replace(/`[^`]*`/g, '')
      .replace(/\$\$[\s\S]*?\$\$/g, '')
      .replace(/\$[^$\n]+\$/g, '')
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const lines = untypesetApiLines();
  console.log(lines.join('\n'));
  console.error(`${lines.length} lines of the API pages state a formula in Unicode (outside $…$)`);
}
