/**
 * Test support for the TeX forms of the checks (not part of the package's API): which formulas of a check result
 * would still show in Unicode on a page that typesets math.
 */
import type { CheckResult } from '../checks/types';
import { texDetails, texLabel } from './tex';

/**
 * A character or pattern of the paper's notation — a Greek letter, ‖·‖, ⟨·,·⟩, a transpose or power sign, Σ, √, ≤,
 * ≥, ∈, ℓ, or a subscript `x_i`, `S_{i,r}` — as the docs' API-page detector (apps/docs/scripts/apiUnicodeMath.mjs).
 */
const UNICODE_MATH = /[ΣΠ‖⟨⟩ᵀ⁻¹²³ληαβσμτθφψρκδεΔ∇∂∈≤≥√⊙⊗∘∞∑∫ℓ]|[A-Za-z)\]]_\{|\b[A-Za-z]_[a-z0-9]\b/;

/**
 * The sentences of a result's details, and its labels (measured, bound, table columns), that still state a formula
 * in Unicode outside `$…$` once `CHECK_TEX` has been applied as `renderMarkdown(report, { tex: true })` applies it.
 *
 * @param r - A check result.
 * @returns Each such sentence or label, with its formulas in TeX removed (empty when everything is typeset).
 */
export function untexedFormulas(r: CheckResult): string[] {
  const labels = [...Object.keys(r.measured), ...Object.keys(r.bound), ...(r.table?.columns ?? [])];
  const texts = [...texDetails(r.id, r.details).split(/(?<=[.;:])\s+/), ...labels.map((l) => texLabel(r.id, l) ?? l)];
  return texts.map((t) => t.replace(/\$[^$]*\$/g, '·')).filter((t) => UNICODE_MATH.test(t));
}
