// Why a HELD check of the report shows a negative number or a bound that does not apply (issue #16: "every HELD
// with a negative or surprising number explained"). prepare.mjs puts each note in a "Why these numbers" box in its
// check's section of the report page; a HELD check with a negative number or a `null` bound under a label that has
// no note here fails the build, so a new report cannot show one unexplained.
//
// Keys: the label (of `measured` or `bound`) or the table column as the check writes it; `#` stands for a number
// (a size in the label). Notes are markdown with `$…$` math.

/** Per check id: [label, note]. */
export const REPORT_NOTES = {
  'lemma-5.1': [
    [
      'slope of log ‖ΔH‖_F against log m (R = #)',
      "Negative as expected: at a fixed radius $R$ a wider network's kernel moves less — each entry of $H$ averages over $m$ neurons, so $\\lVert \\Delta H \\rVert_F$ falls about as $m^{-1/2}$. Lemma 5.1's bound does not depend on $m$, so a falling change stays inside it.",
    ],
  ],
  'lemma-5.3': [
    [
      'slope of weight movement against m',
      'Negative as expected: the wider the network, the less each $w_r$ moves while the loss falls (the NTK regime on which the radius $R$ of Lemma 5.3 and the $D$ of Definition A.2 rely).',
    ],
  ],
  'theorem-f.2': [
    [
      'slope of log max gap against log m',
      'Negative is what the theorem predicts: the gap between the network and its NTK regression shrinks as $m$ grows, because $\\varepsilon_H$ and $\\varepsilon_\\mathrm{test}$ do.',
    ],
  ],
  'table-1': [
    [
      'exp: slope of T* against n',
      "$T^*$ is counted at $m^*$, the smallest width that reaches $\\varepsilon$, which grows with $n$; a wider network needs fewer steps, so $T^*$ can fall as $n$ grows. The table's bound is an upper bound on $T^*$: a slope below its exponent is inside it.",
    ],
    [
      'softmax m* slope minus the larger baseline slope',
      "Negative means that softmax's $m^*$ grows more slowly with $n$ than the larger of ReLU's and exp's: Table 1's \"almost the same width\" holds with room to spare.",
    ],
  ],
  'theorem-6.5': [
    [
      'slope of the score error against n',
      'Negative is what the theorem predicts: the weighted score error falls as the number of training pairs $n$ grows (its $1/(\\lambda\\sqrt n)$ term).',
    ],
    [
      'coupling bound 1/(λ√n) (constant 1), per (n, m)',
      'n/a where $\\lambda_{\\min}(H^*)$ is numerically 0 (the negative or tiny $\\lambda$ of the table): $1/(\\lambda\\sqrt n)$ is not defined there, so only the measured gap is reported and the verdict uses the cells with $\\lambda > 0$.',
    ],
    [
      'λ',
      'A negative $\\lambda$ (of order $10^{-14}$) is rounding noise around $\\lambda_{\\min}(H^*) = 0$ of a numerically singular Gram matrix, not a negative eigenvalue: $H^*$ is positive semi-definite. Those cells count as $\\lambda = 0$ (Assumption 6.2 not met).',
    ],
  ],
};

function pattern(label) {
  const parts = label.split('#').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('-?[0-9][0-9.e+-]*')}$`);
}

/** The note on `label` of check `id`, or undefined. */
export function reportNote(id, label) {
  return (REPORT_NOTES[id] ?? []).find(([l]) => pattern(l).test(label))?.[1];
}

const negative = (v) => (Array.isArray(v) ? v.some(negative) : typeof v === 'number' && v < 0);
const hasNull = (v) => v === null || (Array.isArray(v) && v.some((x) => x === null));

/**
 * The labels of a HELD check that need a note: those with a negative number (measured, bound, a table column) or
 * a bound that does not apply (`null`).
 */
export function surprisingLabels(check) {
  if (check.status !== 'held') return [];
  const out = [];
  for (const [k, v] of Object.entries(check.measured ?? {})) if (negative(v)) out.push(k);
  for (const [k, v] of Object.entries(check.bound ?? {})) if (negative(v) || hasNull(v)) out.push(k);
  const t = check.table;
  if (t) t.columns.forEach((c, j) => t.rows.some((r) => negative(r[j])) && out.push(c));
  return [...new Set(out)];
}
