/**
 * verify's TeX forms of the checks' claims, labels and details (CHECK_TEX), which the report page typesets: every
 * formula of every check (the committed report has all twelve, the four of Section 7 included) is TeX that KaTeX
 * typesets without an error, and the committed report's details paragraphs keep no formula in Unicode.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import katex from 'katex';
import { CHECK_IDS, CHECK_TEX, renderMarkdown, type Report } from '@softmax-ntk/verify';

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

test('the committed report (reports/latest/): every details paragraph typeset, no formula left in Unicode', () => {
  const report = JSON.parse(readFileSync(path.join(__dirname, '../reports/latest/report.json'), 'utf8')) as Report;
  const md = renderMarkdown(report, { tex: true });
  // (a check's details are the paragraph after its claim)
  const paragraphs = report.checks.map((c) => md.slice(md.indexOf(`## ${c.id}`)).split('\n\n')[2]!);
  expect(paragraphs.map((p) => p.length > 100)).toEqual(report.checks.map(() => true));
  // (the detector of the API pages, scripts/apiUnicodeMath.mjs, an ES module: asked through node)
  const left = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { untypesetLines } from './scripts/apiUnicodeMath.mjs'; let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => console.log(JSON.stringify(JSON.parse(s).flatMap(untypesetLines))));",
      ],
      { cwd: path.join(__dirname, '..'), encoding: 'utf8', input: JSON.stringify(paragraphs) },
    ),
  ) as string[];
  expect(left).toEqual([]);
  // (and the plain report keeps its Unicode: the same paragraphs without tex hold the formulas the TeX replaced)
  expect(renderMarkdown(report)).toContain('‖ΔH‖_F/(R·nd)');
});
