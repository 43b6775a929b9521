/**
 * Formulas on the API pages are TeX (issue #16, audit 1a): no line of the generated API pages (site/api/**\/*.md,
 * made by the site build) states a formula in Unicode outside `$…$` — a Greek letter, ‖·‖, ⟨·,·⟩, Σ, ᵀ, a subscript
 * `x_i` … (scripts/apiUnicodeMath.mjs says exactly what counts). The TSDoc of every package writes its formulas in
 * TeX (`$…$`, display formulas `$$…$$`), which KaTeX typesets on the site.
 *
 * The count went 621 → 560 (summaries in TeX) → 0 (every `@param`, `@returns`, `@see`, field comment and summary,
 * package by package); this is now the full check: any such line fails the test, and the failure lists it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const app = path.resolve(__dirname, '..');

/** The Unicode-formula lines the API pages may hold: none (this was a ratchet from 560 down to 0). */
const CEILING = 0;

let lines: string[];

beforeAll(() => {
  if (!existsSync(path.join(app, 'site/api/index.md'))) {
    const r = spawnSync(process.execPath, ['scripts/prepare.mjs'], { cwd: app, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('prepare.mjs failed');
  }
  // (scripts/apiUnicodeMath.mjs is an ES module that jest's CommonJS runtime cannot load: ask node)
  lines = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { untypesetApiLines } from './scripts/apiUnicodeMath.mjs'; console.log(JSON.stringify(untypesetApiLines()));",
      ],
      { cwd: app, encoding: 'utf8', maxBuffer: 1 << 26 },
    ),
  ) as string[];
}, 600000);

test('the detector finds a Unicode formula and passes TeX, code and prose', () => {
  const found = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { untypesetLines } from './scripts/apiUnicodeMath.mjs';
console.log(JSON.stringify([
  untypesetLines('Step size η = c / λ_max.'),
  untypesetLines('The radius R = max_r ‖w_r − w̃_r‖₂.'),
  untypesetLines('Step size $\\\\eta = c / \\\\lambda_{\\\\max}$, see \`a_b\` and [its page](/api/x_i).'),
  untypesetLines('A sentence without a formula.'),
  untypesetLines('\`\`\`js\\nconst η = 1;\\n\`\`\`'),
  untypesetLines('$$\\n\\\\lambda_{\\\\min} = x_i\\n$$\\nthen λ_max.'),
]));`,
      ],
      { cwd: app, encoding: 'utf8' },
    ),
  ) as string[][];
  // (the last: a display formula over several lines is TeX, the Unicode line after it is found)
  expect(found.map((l) => l.length)).toEqual([1, 1, 0, 0, 0, 1]);
});

test('the API pages state no formula in Unicode (outside $…$)', () => {
  // (the detector ran on the real pages: every export has one, and hundreds of them hold TeX formulas)
  const pages = (readdirSync(path.join(app, 'site/api'), { recursive: true }) as string[]).filter((f) =>
    f.endsWith('.md'),
  );
  expect(pages.length).toBeGreaterThan(250);
  expect(pages.filter((f) => readFileSync(path.join(app, 'site/api', f), 'utf8').includes('$')).length).toBeGreaterThan(
    150,
  );
  // (on failure, every such line is listed, with its page)
  expect(lines.length > CEILING ? lines : []).toEqual([]);
});
