/**
 * Formulas on the package pages, guides, reference pages, report and demos are TeX (issue #16, audit 1d): no line of
 * those pages' markdown (scripts/apiUnicodeMath.mjs › FORMULA_PAGES, as the site build generates them) states a
 * formula in Unicode outside `$…$` — a Greek letter, ‖·‖, ⟨·,·⟩, Σ, ᵀ, ², ≤, a subscript `x_i` … (the same detector
 * as the API pages' test/apiUnicodeMath.test.ts). The READMEs, specs and report keep Unicode for npm, GitHub and the
 * terminal; the build typesets them (scripts/readmeMath.mjs's list, then scripts/unicodeTex.mjs); the site-only
 * pages write TeX.
 *
 * The count was 263 lines (diffusion's README 75, linalg's 46, ntk's 41, network's 28, …) before unicodeTex.mjs; it
 * is now the full check: any such line fails the test, and the failure lists it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const app = path.resolve(__dirname, '..');

/** The Unicode-formula lines these pages may hold: none (a ratchet from 263 down to 0). */
const CEILING = 0;

/** Ask node (scripts/apiUnicodeMath.mjs is an ES module that jest's CommonJS runtime cannot load). */
function viaNode<T>(expr: string): T {
  return JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import * as m from './scripts/apiUnicodeMath.mjs'; console.log(JSON.stringify(${expr}));`,
      ],
      { cwd: app, encoding: 'utf8', maxBuffer: 1 << 26 },
    ),
  ) as T;
}

let pages: string[];
let lines: string[];

beforeAll(() => {
  if (!existsSync(path.join(app, 'site/packages/_readme/network.md'))) {
    // (the generated pages, without TypeDoc: these pages do not need the API reference)
    const r = spawnSync(process.execPath, ['scripts/prepare.mjs', '--no-api'], { cwd: app, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('prepare.mjs failed');
  }
  pages = viaNode<string[]>('m.formulaPages()');
  lines = viaNode<string[]>('m.untypesetPageLines()');
}, 600000);

test('the counted pages are the real ones: every package page and the README it includes, guides, formats, report', () => {
  for (const p of [
    'index.md',
    'paper-map.md',
    'reproduce.md',
    'reference/notation.md',
    'guide/getting-started.md',
    'guide/paper-in-pictures.md',
    'reference/formats/attention-file.md',
    'demos/diffusion.md',
  ])
    expect(pages).toContain(p);
  for (const pkg of ['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep', 'cli']) {
    expect(pages).toContain(`packages/${pkg}.md`);
    expect(pages).toContain(`packages/_readme/${pkg}.md`);
  }
  // (not counted: the measured logs of the Benchmarks page and the release notes of the Changelog)
  expect(pages).not.toContain('benchmarks.md');
  expect(pages).not.toContain('changelog.md');
  // (the detector ran on typeset pages: the READMEs' formulas are there, as TeX)
  const tex = pages.reduce(
    (n, p) => n + (readFileSync(path.join(app, 'site', p), 'utf8').match(/\$[^$\n]+\$/g) ?? []).length,
    0,
  );
  expect(tex).toBeGreaterThan(1000);
  const diffusion = readFileSync(path.join(app, 'site/packages/_readme/diffusion.md'), 'utf8');
  expect(diffusion).toContain('$c_{\\mathrm{skip}}(t) = \\alpha_t v/(\\alpha_t^2v + \\sigma_t^2)$');
  expect(diffusion).toContain('$\\mathbb{E}[x(0) \\mid x(T_0)]$');
});

test('the package, guide, reference, report and demo pages state no formula in Unicode (outside $…$)', () => {
  // (on failure, every such line is listed, with its page)
  expect(lines.length > CEILING ? lines : []).toEqual([]);
});

test('the detector skips image alt texts and an inline formula continued on the next line', () => {
  const found = viaNode<string[][]>(
    `[m.untypesetLines('![λ_min along training](/a.svg)'), m.untypesetLines('by $-\\\\eta \\\\sum_j\\n(F_j)$, and λ.'), m.untypesetLines('the ‖F‖ norm')]`,
  );
  // (the last two: the Unicode λ after the formula, the Unicode norm are found)
  expect(found.map((l) => l.length)).toEqual([0, 1, 1]);
});
