/**
 * The built docs site (site/.vitepress/dist, built by the `build` task that `test` depends on; built here if
 * absent), page by page, without a browser: math typeset and never garbled, zero broken internal links and
 * anchors, source links to files that exist, search indexing only real pages, and an API page with a summary for
 * every exported function and class of every package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  API_FOLDERS,
  apiSummary,
  exportedNames,
  exportedValues,
  garbling,
  linkProblems,
  listFiles,
  mainContent,
  proseText,
  resolvePage,
  untypesetMath,
} from './siteChecks';
import { CHECK_TEX } from '@softmax-ntk/verify';

const app = path.resolve(__dirname, '..');
const root = path.resolve(app, '../..');
const dist = path.join(app, 'site/.vitepress/dist');
const PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep'];

/**
 * Pages where untypeset math is still expected, by page kind, and why. Code blocks and inline code are never
 * checked (they are code, not prose); everything else on every built page is.
 */
const UNTYPESET_ALLOWED: { pages: RegExp; reason: string }[] = [
  // (empty: the API pages, the last kind excused, are typeset since their TSDoc writes its formulas in TeX —
  // issue #16 audit 1a; test/apiUnicodeMath.test.ts counts the Unicode formulas left on them: none)
];

let pages: string[];
let sourceUrl: string;
const html = (rel: string) => readFileSync(path.join(dist, rel), 'utf8');
/**
 * The rows of a package's section of the API overview (api/index.html): each export's name, its summary (HTML) and
 * the package whose folder its link goes to — another package's for a re-export (network's `initBackend` is linalg's).
 */
function overviewRows(pkg: string): { name: string; summary: string; home: string }[] {
  const page = mainContent(html('api/index.html'));
  const start = page.indexOf(`<h3 id="${pkg}"`);
  if (start < 0) return [];
  const end = page.indexOf('<h3', start + 1);
  return [
    ...page
      .slice(start, end < 0 ? undefined : end)
      .matchAll(
        /<tr><td><a href="\/api\/([a-z]+)\/[a-z-]+\/[^"]*"><code>([^<]+)<\/code><\/a><\/td><td>[^<]*<\/td><td>([\s\S]*?)<\/td><\/tr>/g,
      ),
  ].map((r) => ({ name: r[2]!, summary: r[3]!, home: r[1]! }));
}

/** Where the API page of each re-exported name of `pkg` is: the declaring package (from the overview's links). */
const homes = (pkg: string) => new Map(overviewRows(pkg).map((r) => [r.name, r.home]));

/** The text of a code block's HTML (Shiki wraps every token in a span). */
const proseFreeCode = (pre: string) =>
  pre
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"');

beforeAll(() => {
  if (!existsSync(path.join(dist, 'index.html'))) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: app, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the site build failed');
  }
  // The copies under source/ and report/ are files, not pages.
  pages = listFiles(dist).filter((f) => f.endsWith('.html') && !/^(source|report|tfjs|assets)\//.test(f));
  // (scripts/links.mjs is an ES module that jest's CommonJS runtime cannot load: ask node)
  sourceUrl = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', "import { SOURCE_URL } from './scripts/links.mjs'; console.log(SOURCE_URL);"],
    { cwd: app, encoding: 'utf8' },
  ).trim();
}, 600000);

describe('math', () => {
  test('no page has a known garbling (attribute syntax on a formula, a subscript as emphasis, a TeX error)', () => {
    const problems = pages.flatMap((p) => garbling(html(p)).map((e) => `${p}: ${e}`));
    expect(problems).toEqual([]);
  });

  test('no page has untypeset math: a raw `_{` or `^{`, a dangling `S_`, TeX left as text (outside code)', () => {
    const problems: string[] = [];
    const excused = new Map<string, number>();
    for (const p of pages) {
      const found = untypesetMath(html(p));
      if (!found.length) continue;
      const allowed = UNTYPESET_ALLOWED.find((a) => a.pages.test(p));
      if (allowed) excused.set(allowed.reason, (excused.get(allowed.reason) ?? 0) + found.length);
      else problems.push(...found.map((e) => `${p}: ${e}`));
    }
    expect(problems).toEqual([]);
    // the allow-list is not stale: each entry still excuses something (remove it once its pages are typeset)
    expect(UNTYPESET_ALLOWED.filter((a) => !excused.has(a.reason)).map((a) => a.reason)).toEqual([]);
  });

  test.each([
    // The pages whose formulas are written in TeX; ≥ the number of formulas each states (counted in its source).
    ['paper-map.html', 25],
    ['reference/notation.html', 25],
    ['index.html', 3],
    ['guide/paper-in-pictures.html', 10],
    ['demos/training.html', 8],
    ['demos/diffusion.html', 8],
  ])('%s: KaTeX typeset at least %i formulas and no raw `_{` or dangling `S_` is left', (page, atLeast) => {
    const text = html(page);
    expect(mainContent(text).split('<span class="katex"').length - 1).toBeGreaterThanOrEqual(atLeast);
    expect(untypesetMath(text)).toEqual([]);
  });

  // (the package pages' formula is typeset; the README text below it still writes some formulas in Unicode)
  test.each(['network', 'ntk', 'diffusion', 'attention', 'sweep'])(
    'packages/%s.html: its formula is typeset',
    (pkg) => {
      expect(mainContent(html(`packages/${pkg}.html`))).toContain('<span class="katex"');
    },
  );

  // (scripts/readmeMath.mjs: the formulas the READMEs state in Unicode, typeset on the package page; the counts are
  // the entries of its list plus the page's headline formula)
  test.each([
    ['network', 13],
    ['ntk', 4],
    ['diffusion', 4],
  ])('packages/%s.html: the formulas of the README are typeset too (at least %i formulas)', (pkg, atLeast) => {
    const page = mainContent(html(`packages/${pkg}.html`));
    expect(page.split('<span class="katex"').length - 1).toBeGreaterThanOrEqual(atLeast);
    // (no Unicode sum over neurons is left in the prose: the listed formulas were the ones stating one)
    expect(proseText(page)).not.toMatch(/Σ_r a_\{ℓ,r\}|Σ_i Σ_ℓ/);
  });

  // (the formulas the API's TSDoc writes in TeX — @see blocks, @param texts, field comments — typeset on their API
  // pages; each count is a little below the page's `$…$` formulas, so that a page whose TeX stopped rendering fails)
  test.each([
    ['api/ntk/functions/gram.html', 3],
    ['api/network/functions/forward.html', 8],
    ['api/network/functions/gradient.html', 8],
    ['api/ntk/functions/ntkRegression.html', 3],
    ['api/diffusion/functions/scoreWeight.html', 2],
    ['api/linalg/functions/gemm.html', 5],
    ['api/network/interfaces/TrainOptions.html', 6],
    ['api/attention/functions/evaluate.html', 6],
    ['api/attention/functions/attentionJacobian.html', 6],
    ['api/verify/namespaces/reference/functions/gradient.html', 3],
    ['api/ntk/interfaces/KernelDrift.html', 3],
    ['api/sweep/interfaces/Table1CellResult.html', 8],
  ])('%s: the TSDoc formulas are typeset (at least %i)', (page, atLeast) => {
    const main = mainContent(html(page));
    expect(main.split('<span class="katex"').length - 1).toBeGreaterThanOrEqual(atLeast);
    expect(garbling(html(page))).toEqual([]);
  });

  // (summaries that state a formula write it in TeX in the TSDoc itself, which the API page typesets)
  test.each([
    ['api/ntk/functions/spectrum.html', '\\lambda_{\\min}(H)'],
    ['api/ntk/functions/crossGram.html', 'K_\\text{te}'],
    ['api/network/functions/estimateLambdaMax.html', '\\eta = c / \\lambda_{\\max}(J J^\\top)'],
    ['api/network/functions/jacobianFactors.html', '\\partial F_\\ell(x_i)/\\partial w_r = c_{(\\ell,i),r} \\, x_i'],
    ['api/verify/functions/checkLemma51.html', '\\lVert H(W) - H(\\widetilde W) \\rVert_F'],
    ['api/verify/functions/parameterB.html', 'B = \\max\\lbrace C \\sigma \\sqrt{\\log(nd/\\delta)}, 1 \\rbrace'],
    ['api/diffusion/functions/scoreError.html', '\\frac{1}{T - T_0} \\int_{T_0}^{T} \\lambda(t)'],
    ['api/linalg/functions/frobeniusNorm.html', '\\lVert A \\rVert_F'],
  ])('%s: the summary formula is typeset from the TeX of its TSDoc', (page, tex) => {
    const main = mainContent(html(page));
    expect(main).toContain(`<annotation encoding="application/x-tex">${tex}`);
    expect(garbling(html(page))).toEqual([]);
  });

  test('packages/verify.html and packages/ntk.html: the formulas of the checks and API tables are typeset', () => {
    // (verify's table once wrote |F_ntk − F_nn| with bare bars, which split its row into extra cells)
    expect(mainContent(html('packages/verify.html'))).toContain(
      '<annotation encoding="application/x-tex">\\lvert F_\\text{ntk} - F_\\text{nn} \\rvert</annotation>',
    );
    expect(mainContent(html('packages/ntk.html'))).toContain(
      '<annotation encoding="application/x-tex">\\lambda_{\\min}(H(\\tau))</annotation>',
    );
  });

  test('packages/linalg.html and packages/diffusion.html: formulas of the API tables are typeset', () => {
    expect(mainContent(html('packages/linalg.html'))).toContain(
      '<annotation encoding="application/x-tex">\\lVert A \\rVert_F</annotation>',
    );
    expect(mainContent(html('packages/diffusion.html'))).toContain(
      '<annotation encoding="application/x-tex">\\lambda(t) = \\sigma_t^4/\\alpha_t^2</annotation>',
    );
  });

  test('the paper map states Lemma E.2 with the factor 2 of the paper, the code and the report: R = λ/(2nd·exp(10B))', () => {
    const page = html('paper-map.html');
    const section = page.slice(page.indexOf('id="lemma-e-2"'), page.indexOf('id="claim-e-5"'));
    expect(section).toContain('<annotation encoding="application/x-tex">R = \\lambda / (2nd\\exp(10B))');
  });
});

describe("the tutorial's figures (scripts/figures.mjs, run by the build)", () => {
  test('every figure of "The paper in pictures" is followed by the command that draws it', () => {
    const page = mainContent(html('guide/paper-in-pictures.html'));
    const images = [...page.matchAll(/<img[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    const own = images.filter((src) => src.startsWith('/figures/'));
    // (spectrum, perturbation, drift, loss, λ_min, Lemma 5.3's bound, Theorem 4.2's T̂, samples, Theorem 6.5's error)
    expect(own.length).toBeGreaterThanOrEqual(9);
    // every figure is drawn by the docs build: none is taken from the committed report
    expect(images.filter((src) => !src.startsWith('/figures/'))).toEqual([]);
    for (const src of own) {
      const name = path.posix.basename(src, '.svg');
      const after = page.slice(page.indexOf(src));
      const code = proseFreeCode(after.slice(0, after.indexOf('</pre>')));
      expect({
        src,
        command: code.includes('apps/docs/scripts/figures.mjs --only') && code.includes(`${name}.svg`),
      }).toEqual({
        src,
        command: true,
      });
    }
  });

  test('the figures show what the text says: training fits, λ_min(H(τ)) ≥ λ/2, and a wider network moves H less', () => {
    const data = JSON.parse(readFileSync(path.join(dist, 'figures/figures.json'), 'utf8')) as {
      training: {
        m: number;
        firstLoss: number;
        lastLoss: number;
        minRatio: number;
        finalDrift: number;
        finalRadius: number;
      }[];
      'kernel-perturbation': { x: number[]; y: number[] }[];
      'diffusion-samples': { nearFraction: number; covered: number };
    } & Record<'lemma-5.3-loss' | 'theorem-4.2-loss' | 'theorem-6.5-score-error', { check: string; status: string }>;
    const runs = data.training;
    expect(runs.map((r) => r.m)).toEqual([64, 256, 1024]);
    for (const r of runs) {
      expect(r.lastLoss).toBeLessThan(1e-2 * r.firstLoss);
      expect(r.minRatio).toBeGreaterThanOrEqual(0.5);
    }
    // "about an order of magnitude less for each fourfold width": at least fourfold, and the movement R falls too.
    for (let k = 1; k < runs.length; k++) {
      expect(runs[k]!.finalDrift).toBeLessThan(runs[k - 1]!.finalDrift / 4);
      expect(runs[k]!.finalRadius).toBeLessThan(runs[k - 1]!.finalRadius);
    }
    // Lemma 5.1's linearity: over a 100-fold range of R, the change grows between 10- and 1000-fold for each width.
    for (const s of data['kernel-perturbation']) {
      const growth = s.y[s.y.length - 1]! / s.y[0]!;
      expect(growth).toBeGreaterThan(10);
      expect(growth).toBeLessThan(1000);
    }
    expect(data['diffusion-samples'].covered).toBeGreaterThanOrEqual(6);
    // the checks whose plots the tutorial shows held at the sizes they were drawn at
    expect(
      (['lemma-5.3-loss', 'theorem-4.2-loss', 'theorem-6.5-score-error'] as const).map((f) => [
        data[f].check,
        data[f].status,
      ]),
    ).toEqual([
      ['lemma-5.3', 'held'],
      ['theorem-4.2', 'held'],
      ['theorem-6.5', 'held'],
    ]);
  });
});

describe('links', () => {
  test('zero broken internal links or anchors and every source link names an existing file and line', () => {
    const problems = pages.flatMap((p) => linkProblems(p, html(p), { dist, root, sourceUrl }));
    expect(problems.slice(0, 30)).toEqual([]);
  });

  test('every API "Defined in" link goes to a repository file (none into node_modules or a /source/ copy)', () => {
    const api = pages.filter((p) => p.startsWith('api/'));
    const bad: string[] = [];
    let count = 0;
    for (const p of api) {
      for (const m of html(p).matchAll(/Defined in: (?:<a href="([^"]*)")?/g)) {
        count++;
        // (a link's target file and line are checked by the link test above)
        if (m[1] !== undefined && (!m[1].startsWith(`${sourceUrl}/`) || m[1].includes('node_modules')))
          bad.push(`${p}: ${m[1]}`);
      }
    }
    expect(bad).toEqual([]);
    expect(count).toBeGreaterThan(500);
  });

  test('the site links out: the repository, each package on npm, the paper on arXiv (home page)', () => {
    const home = html('index.html');
    expect(home).toMatch(/href="https:\/\/github\.com\/[^"]+"/);
    expect(home).toMatch(/href="https:\/\/arxiv\.org\/[^"]+"/);
    for (const p of PACKAGES) expect(home).toContain(`href="https://www.npmjs.com/package/@softmax-ntk/${p}"`);
  });

  test.each(['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep', 'cli'])(
    'packages/%s.html links out: the package on npm, its source in the repository, the paper on arXiv',
    (pkg) => {
      const page = mainContent(html(`packages/${pkg}.html`));
      const name = pkg === 'cli' ? 'softmax-ntk' : `@softmax-ntk/${pkg}`;
      expect(page).toContain(`href="https://www.npmjs.com/package/${name}"`);
      expect(page).toMatch(new RegExp(`href="https://github\\.com/[^"]+/tree/main/(packages|apps)/${pkg}"`));
      expect(page).toMatch(/href="https:\/\/arxiv\.org\/[^"]+"/);
    },
  );

  test('the navigation bar links out: the paper on arXiv, the repository, each package on npm', () => {
    const nav = html('index.html').slice(0, html('index.html').indexOf('<main'));
    expect(nav).toMatch(/href="https:\/\/arxiv\.org\/[^"]+"/);
    expect(nav).toMatch(/href="https:\/\/github\.com\/[^"]+"/);
  });

  test('search indexes only real pages: no copies under public/ or source/ are pages', () => {
    expect(existsSync(path.join(dist, 'public'))).toBe(false);
    const index = listFiles(path.join(dist, 'assets')).filter((f) => /localSearchIndex/.test(f));
    expect(index.length).toBeGreaterThan(0);
    for (const f of index) {
      const text = readFileSync(path.join(dist, 'assets', f), 'utf8');
      expect(text).not.toMatch(/\/(public|source)\//);
    }
  });
});

describe('package pages', () => {
  test.each(['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep', 'cli'])(
    'packages/%s.html is user documentation (install, example, API or commands) and its measured sections are on the Benchmarks page',
    (pkg) => {
      const page = mainContent(html(`packages/${pkg}.html`));
      const h2 = [...page.matchAll(/<h2 id="([^"]+)"/g)].map((m) => m[1]!);
      expect(h2).toEqual(expect.arrayContaining(['install', 'example']));
      // the API reference (the command's page lists its commands instead)
      if (pkg === 'cli') expect(h2).toContain('commands');
      else expect(page).toContain(`href="/api/${pkg}/"`);
      // no measured section stays on the page: "Benchmarks" is only the pointer to the Benchmarks page (attention's
      // hand-written "What was measured" states its Section 7 checks, the subject of the package, not a benchmark log)
      const measured = /measured|^performance|start-up-time|^measurements|^benchmarks-/;
      expect(h2.filter((h) => measured.test(h) && h !== 'what-was-measured')).toEqual([]);
    },
  );

  test("the Benchmarks page holds the packages' measured sections, the largest logs included", () => {
    const ids = [...mainContent(html('benchmarks.html')).matchAll(/<h[23] id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids).toEqual(
      expect.arrayContaining([
        'softmax-ntk-diffusion',
        'defaults-and-the-trade-off-measured',
        'sample-quality-on-every-named-target-measured-issue-19',
        'softmax-ntk-attention',
        'start-up-time',
      ]),
    );
  });
});

describe('header and report', () => {
  test("the header shows the version (the softmax-ntk command's) and links the changelog page", () => {
    const version = (JSON.parse(readFileSync(path.join(root, 'apps/cli/package.json'), 'utf8')) as { version: string })
      .version;
    const home = html('index.html');
    expect(home).toContain(`>v${version}<`);
    expect(home).toMatch(/href="\/changelog(\.html)?"/);
    expect(existsSync(path.join(dist, 'changelog.html'))).toBe(true);
  });

  /** The report page's section of check `id` (VitePress's anchor of `claim-3.4` is `claim-3-4`). */
  const reportSection = (id: string) => {
    const page = mainContent(html('reproduce.html'));
    const start = page.indexOf(`<h2 id="${id.replace(/\./g, '-')}"`);
    const end = page.indexOf('<h2', start + 1);
    return start < 0 ? '' : page.slice(start, end < 0 ? undefined : end);
  };
  const reportJson = () =>
    JSON.parse(readFileSync(path.join(app, 'reports/latest/report.json'), 'utf8')) as {
      checks: {
        id: string;
        status: string;
        measured: Record<string, unknown>;
        bound: Record<string, unknown>;
        table?: { columns: string[]; rows: unknown[][] };
      }[];
    };
  const escapeHtml = (t: string) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  test("the report page typesets each check's claim and labels in the paper's notation (verify's CHECK_TEX)", () => {
    const checks = reportJson().checks;
    expect(checks.length).toBeGreaterThanOrEqual(8);
    for (const c of checks) {
      const section = reportSection(c.id);
      // the first formula of the claim's TeX form, as KaTeX's annotation of it
      const first = /\$([^$]+)\$/.exec(CHECK_TEX[c.id]!.claim)![1]!;
      expect({
        id: c.id,
        claim: section.includes(`<annotation encoding="application/x-tex">${escapeHtml(first)}`),
      }).toEqual({
        id: c.id,
        claim: true,
      });
    }
    // a label with a size in it, and a large bound as mantissa · 10^exponent
    expect(reportSection('lemma-5.1')).toContain(
      '<annotation encoding="application/x-tex">\\log \\lVert \\Delta H \\rVert_F</annotation>',
    );
    expect(reportSection('theorem-4.2')).toMatch(
      /<annotation encoding="application\/x-tex">\d\.\d+ \\cdot 10\^\{\d+\}<\/annotation>/,
    );
    // the details paragraphs: their formulas, a number inside one as TeX
    expect(reportSection('lemma-5.3')).toContain(
      '<annotation encoding="application/x-tex">R = \\lambda / (2nd \\exp(10B)) = 6.447 \\cdot 10^{-138}</annotation>',
    );
    expect(reportSection('theorem-6.5')).toContain(
      '<annotation encoding="application/x-tex">\\mathbb{E}[x_0 \\mid x_t] = (x_t + \\sigma_t^2 \\nabla \\log p_t(x_t))/\\alpha_t</annotation>',
    );
    expect(untypesetMath(html('reproduce.html'))).toEqual([]);
  });

  test('every HELD or FAILED check with a negative number or a bound that does not apply explains it in its section', () => {
    const negative = (v: unknown): boolean => (Array.isArray(v) ? v.some(negative) : typeof v === 'number' && v < 0);
    const nullish = (v: unknown): boolean => v === null || (Array.isArray(v) && v.some((x) => x === null));
    const unexplained: string[] = [];
    let explained = 0;
    for (const c of reportJson().checks.filter((k) => k.status === 'held' || k.status === 'failed')) {
      const labels = [
        ...Object.entries(c.measured).filter(([, v]) => negative(v)),
        ...Object.entries(c.bound).filter(([, v]) => negative(v) || nullish(v)),
        ...(c.table?.columns ?? [])
          .map((col, j) => [col, c.table!.rows.map((r) => r[j])] as const)
          .filter(([, vs]) => vs.some(negative)),
      ].map(([k]) => k);
      if (!labels.length) continue;
      const section = reportSection(c.id);
      const box =
        /<div class="info custom-block"><p class="custom-block-title">Why these numbers<\/p>([\s\S]*?)<\/div>/.exec(
          section,
        );
      const items = [...(box?.[1] ?? '').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => proseText(m[1]!).trim());
      // an item per such label (and per other surprising number with a note), each with a sentence after its label
      if (items.length < labels.length || items.some((t) => t.length < 60))
        unexplained.push(`${c.id}: ${labels.length} labels (${labels.join('; ')}), ${items.length} explained`);
      explained += items.length;
    }
    expect(unexplained).toEqual([]);
    // (the committed report of 2026-12-07 has 23: the slopes that fall with m or n, the n/a coupling bound, the
    // rounding-level λ, theorem-6.5's non-monotone error and higher-d findings, the Section 7 slopes, attention-kernel's H = 1 run)
    expect(explained).toBeGreaterThanOrEqual(1);
  });

  test('the report page states what held: the claims of the paper, then the Section 7 predictions, each typeset', () => {
    const checks = reportJson().checks as { id: string; status: string; scope?: string }[];
    const text = proseText(mainContent(html('reproduce.html')));
    const paper = checks.filter((c) => c.scope !== 'beyond');
    const beyond = checks.filter((c) => c.scope === 'beyond');
    // (the committed report has all twelve checks: the eight of the paper and the four of Section 7)
    expect([paper.length, beyond.length]).toEqual([8, 4]);
    const confirmed = beyond.filter((c) => c.status === 'held').length;
    expect(text).toContain(`Section 7 (beyond the paper): ${confirmed} of 4 predictions confirmed`);
    // a prediction not confirmed is never summed up as "every check held"
    if (confirmed < 4) expect(text).not.toMatch(/every check held/i);
    for (const c of beyond) {
      const section = reportSection(c.id);
      expect(proseText(section)).toContain(c.status === 'held' ? 'PREDICTION CONFIRMED' : 'PREDICTION NOT CONFIRMED');
      expect(section).toContain('<span class="katex"');
    }
  });

  test('the report page never shows `null` (a bound that does not apply says n/a and why)', () => {
    const text = proseText(mainContent(html('reproduce.html')));
    expect(text).not.toMatch(/\bnull\b/);
    expect(text).toContain('n/a');
  });
});

describe('API reference', () => {
  test.each(PACKAGES)('@softmax-ntk/%s: every exported function and class has an API page with a summary', (pkg) => {
    const names = exportedValues(readFileSync(path.join(root, 'packages', pkg, 'src/index.ts'), 'utf8'));
    // (a re-export of another package's export has its page in that package's folder)
    const home = homes(pkg);
    expect(names.length).toBeGreaterThan(3);
    const missing: string[] = [];
    const noSummary: string[] = [];
    for (const name of names) {
      const page = ['functions', 'classes', 'variables']
        .map((kind) => resolvePage(dist, `/api/${home.get(name) ?? pkg}/${kind}/${name}`))
        .find((f) => f !== null);
      if (!page) {
        missing.push(name);
        continue;
      }
      if (page.includes('/variables/')) continue; // constants: their page shows the value
      if (apiSummary(readFileSync(page, 'utf8')).length < 10) noSummary.push(name);
    }
    expect({ missing, noSummary }).toEqual({ missing: [], noSummary: [] });
  });

  test.each(PACKAGES)(
    '@softmax-ntk/%s: every export — types, constants and namespaces too — has an API page with its own summary',
    (pkg) => {
      const names = exportedNames(readFileSync(path.join(root, 'packages', pkg, 'src/index.ts'), 'utf8'));
      const home = homes(pkg);
      expect(names.filter((e) => e.kind === 'type').length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const { name, kind } of names) {
        const page = API_FOLDERS[kind]
          .map((folder) => resolvePage(dist, `/api/${home.get(name) ?? pkg}/${folder}/${name}`))
          .find((f) => f !== null);
        if (!page) {
          problems.push(`${name} (${kind}): no API page`);
          continue;
        }
        const summary = apiSummary(readFileSync(page, 'utf8'));
        if (summary.length < 10) problems.push(`${name} (${kind}): no summary`);
        // A file's or package's header comment that TypeDoc took for the export's own (the first export of an
        // index.ts used to show the package's description instead of its own).
        else if (/^@softmax-ntk\/[a-z]+ —|^The public API of/.test(summary))
          problems.push(`${name} (${kind}): the package's description stands in for its summary`);
      }
      expect(problems).toEqual([]);
    },
  );

  test.each(PACKAGES)('the API overview lists each export of %s with its one-line summary', (pkg) => {
    const names = exportedNames(readFileSync(path.join(root, 'packages', pkg, 'src/index.ts'), 'utf8')).map(
      (e) => e.name,
    );
    const rows = overviewRows(pkg);
    expect(rows.map((r) => r.name).sort()).toEqual([...new Set(names)].sort());
    // a re-export links to the page of the package that declares it, and says so
    const reexports = rows.filter((r) => r.home !== pkg);
    expect(
      reexports.filter((r) => !r.summary.includes(`re-exported from <code>@softmax-ntk/${r.home}</code>`)),
    ).toEqual([]);
    const blank = rows.filter((r) => r.summary.replace(/<[^>]+>/g, '').trim().length < 10).map((r) => r.name);
    expect(blank).toEqual([]);
  });

  test.each(PACKAGES)('the %s index page lists each function with its one-line summary', (pkg) => {
    const page = mainContent(html(`api/${pkg}/index.html`));
    const fnRows = [
      ...page.matchAll(/<tr><td><a href="[^"]*functions\/[^"]*">([^<]+)<\/a><\/td><td>([\s\S]*?)<\/td><\/tr>/g),
    ];
    expect(fnRows.length).toBeGreaterThan(0);
    const blank = fnRows.filter((r) => r[2]!.replace(/<[^>]+>/g, '').trim() === '').map((r) => r[1]);
    expect(blank).toEqual([]);
  });
});
