/**
 * verify's TeX forms of the checks' claims and labels (CHECK_TEX), which the report page typesets: every formula of
 * every check — those of the committed report and those it does not have yet (the Section 7 checks) — is TeX that
 * KaTeX typesets without an error.
 */
import katex from 'katex';
import { CHECK_IDS, CHECK_TEX } from '@softmax-ntk/verify';

test.each([...CHECK_IDS])('%s: every formula of its claim, labels and details is valid TeX for KaTeX', (id) => {
  const t = CHECK_TEX[id]!;
  const texts = [t.claim, ...t.labels.map((l) => l[1]), ...(t.details ?? []).map((l) => l[1])];
  const formulas = texts.flatMap((s) => [...s.matchAll(/\$([^$]+)\$/g)].map((m) => m[1]!));
  expect(formulas.length).toBeGreaterThan(0);
  const errors: string[] = [];
  for (const f of formulas) {
    try {
      katex.renderToString(f.replace(/#/g, '1'), { throwOnError: true, strict: 'error' });
    } catch (e) {
      errors.push(`${f}: ${(e as Error).message}`);
    }
  }
  expect(errors).toEqual([]);
});
