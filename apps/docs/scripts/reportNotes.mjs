// Why a check of the report — HELD, or FAILED (a Section 7 prediction not confirmed) — shows a negative number, a
// bound that does not apply, or another surprising number (issue #16: "every HELD with a negative or surprising
// number explained"). prepare.mjs puts each note in a "Why these numbers" box in its check's section of the report
// page: every label of the check that has a note here, and every label with a negative number or a `null` bound,
// which must have one — a check with such a label and no note fails the build, so a new report cannot show one
// unexplained. Surprising numbers that are not negative (a "no" next to HELD, an exponent of the unexpected sign)
// are listed here by hand.
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
    [
      'weighted score error per n (m = #)',
      'Not monotone in $n$: each value is one seeded run (its own draw of training pairs and initialisation) per $(n, m)$, so the middle value can sit above the first. The check compares the smallest and the largest $n$ (the error must fall between them) and fits the slope over all three; the theorem bounds the error by $O(1/(\\lambda\\sqrt n) + \\ldots)$, not each draw.',
    ],
    [
      "d = #: fitted exponent of the score error in n (theorem's coupling term: −0.5)",
      "Negative is what the theorem predicts: in $d = 8$ and $16$ too the weighted score error falls as the number of training pairs $n$ grows. The theorem's coupling term $1/(\\lambda\\sqrt n)$ has exponent $-1/2$ at fixed $\\lambda$; the fit is a least-squares slope over three values of $n$, reported beside the check and not part of its verdict.",
    ],
    [
      'd = #: fitted exponent in m at n = # (theorem: 0 once m is large enough)',
      'Positive: in $d = 8$ and $16$ the wider network ($m = 1024$) has the larger score error at the largest $n$, after the same number of GD steps. The theorem says nothing about this once its width requirement is met, and that requirement ($m = \\Omega(\\lambda^{-2} n^3 d^3 \\ldots)$) is astronomically far from these widths; a measured finding, not part of the verdict.',
    ],
    [
      'd = #: the learned score beats the constant predictor at n = #, m = #',
      'No: in $d = 8$ and $16$ the learned score has a larger weighted score error than the constant predictor $F \\equiv \\mathbb{E}[x(0)]$ (its error is in the row above): at these $n$ and after 1000 GD steps the network has not learned the posterior mean in these dimensions. The check reports it as a finding; its verdict (HELD) is about the 2-D runs: the coupling gap within $1/(\\lambda\\sqrt n)$ wherever $\\lambda > 0$, the gap falling with $m$, the error falling with $n$.',
    ],
  ],
  // Section 7, beyond the paper: a FAILED check is a prediction (fixed before measuring) that the run did not confirm
  'attention-kernel': [
    [
      'slope of log drift against log H',
      'Negative as the NTK regime predicts — with more heads the kernel moves less — but steeper than the $-1/2$ of $O(H^{-1/2})$ and outside the interval $[-0.75, -0.25]$ fixed before measuring: this is why the prediction is not confirmed. The kernel settles faster than the NTK rate, not slower.',
    ],
    [
      'slope between the two largest H',
      'The local exponent between the two largest widths, reported beside the criterion: steeper still than the fitted slope, so the drift falls faster than $H^{-1/2}$ where the heads are most numerous.',
    ],
    [
      'NTK-regime slope',
      'Negative by definition: the exponent $-1/2$ of the $O(H^{-1/2})$ kernel movement that the NTK regime predicts, the centre of the accepted interval.',
    ],
    [
      'λ_min(H(0))',
      'Negative only at $H = 1$: rounding noise of order $10^{-15}$ around $\\lambda_{\\min} = 0$ — one head gives a numerically singular kernel $H$, which is positive semi-definite, so no eigenvalue is truly negative. That run did not reach the loss within the step cap and is not in the fit.',
    ],
    [
      'min_τ λ_min(H(τ))',
      'Negative only at $H = 1$, for the same reason: rounding noise around $\\lambda_{\\min} = 0$ of a singular kernel, not a negative eigenvalue.',
    ],
    [
      'ratio',
      'At $H = 1$ the ratio divides two rounding-level numbers (both $\\lambda_{\\min}$ are numerically 0), so its size means nothing; the criterion uses the ratio at the two largest $H$ only, where it stays near 1.',
    ],
  ],
  'feature-learning': [
    [
      'slope of log NTK drift against log H',
      "Negative as prediction P1 says: under NTK scaling the attention layer's kernel moves less as the number of heads grows (P1 confirmed).",
    ],
    [
      'network: slope of log NTK drift against log m',
      "Positive, where P4 predicted a negative slope: under NTK scaling the two-layer network's kernel moves by about 1 % at every width and does not fall from the smallest to the largest $m$ — the prediction that is not confirmed, and why the check FAILED (P1–P3 and P5–P6 are confirmed).",
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
 * The labels of a HELD or FAILED check that need a note: those with a negative number (measured, bound, a table
 * column) or a bound that does not apply (`null`).
 */
export function surprisingLabels(check) {
  if (check.status !== 'held' && check.status !== 'failed') return [];
  const out = [];
  for (const [k, v] of Object.entries(check.measured ?? {})) if (negative(v)) out.push(k);
  for (const [k, v] of Object.entries(check.bound ?? {})) if (negative(v) || hasNull(v)) out.push(k);
  const t = check.table;
  if (t) t.columns.forEach((c, j) => t.rows.some((r) => negative(r[j])) && out.push(c));
  return [...new Set(out)];
}

/**
 * The labels of a check shown in its "Why these numbers" box: those that need a note (surprisingLabels) and every
 * other label (measured, bound, table column) that has one, in the report's order.
 */
export function notedLabels(check) {
  const needed = new Set(surprisingLabels(check));
  const all = [
    ...Object.keys(check.measured ?? {}),
    ...Object.keys(check.bound ?? {}),
    ...(check.table?.columns ?? []),
  ];
  return [...new Set(all)].filter((l) => needed.has(l) || reportNote(check.id, l) !== undefined);
}
