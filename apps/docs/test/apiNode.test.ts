/**
 * The API reference of the Node-only entries `@softmax-ntk/<pkg>/node` and of verify's `reference` namespace, on
 * the built site (site/.vitepress/dist; built here if absent, as builtSite.test.ts does): every export has a page
 * with its own summary, every function and class page shows its example with the output lines and links its source,
 * the API overview lists each Node export marked "Node only" with its one-line summary, and each package's index
 * page lists its Node exports too. (The main entries: builtSite.test.ts › API reference.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { API_FOLDERS, apiSummary, exportedNames, garbling, mainContent, proseText, resolvePage } from './siteChecks';

const app = path.resolve(__dirname, '..');
const root = path.resolve(app, '../..');
const dist = path.join(app, 'site/.vitepress/dist');
const PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep'];
const html = (rel: string) => readFileSync(path.join(dist, rel), 'utf8');
const nodeExports = (pkg: string) =>
  exportedNames(readFileSync(path.join(root, 'packages', pkg, 'src/node.ts'), 'utf8'));

/** The rows of a section (from its `<h3 id=…>` to the next `<h2`/`<h3`) of a page: name, page, kind and summary. */
function rows(page: string, id: string): { name: string; href: string; kind: string; summary: string }[] {
  const main = mainContent(page);
  const start = main.indexOf(`id="${id}"`);
  if (start < 0) return [];
  const next = main.slice(start + 1).search(/<h[23]\b/);
  const section = main.slice(start, next < 0 ? undefined : start + 1 + next);
  return [
    ...section.matchAll(
      /<tr><td><a href="([^"]+)"><code>([^<]+)<\/code><\/a><\/td><td>([^<]*)<\/td><td>([\s\S]*?)<\/td><\/tr>/g,
    ),
  ].map((r) => ({ href: r[1]!, name: r[2]!, kind: r[3]!, summary: proseText(r[4]!).replace(/\s+/g, ' ').trim() }));
}

beforeAll(() => {
  if (!existsSync(path.join(dist, 'index.html'))) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: app, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('the site build failed');
  }
}, 900000);

describe('the Node-only entries @softmax-ntk/<pkg>/node', () => {
  test.each(PACKAGES)(
    '@softmax-ntk/%s/node: the API overview lists each export, marked Node only, with its one-line summary',
    (pkg) => {
      const names = nodeExports(pkg).map((e) => e.name);
      expect(names.length).toBeGreaterThan(1);
      const listed = rows(html('api/index.html'), `${pkg}-node`);
      expect(listed.map((r) => r.name).sort()).toEqual([...new Set(names)].sort());
      expect(listed.filter((r) => !r.kind.includes('Node only')).map((r) => r.name)).toEqual([]);
      expect(listed.filter((r) => r.summary.length < 10).map((r) => r.name)).toEqual([]);
    },
  );

  test.each(PACKAGES)("@softmax-ntk/%s/node: the package's index page lists each Node export too", (pkg) => {
    const names = nodeExports(pkg).map((e) => e.name);
    const listed = rows(html(`api/${pkg}/index.html`), `node-only-softmax-ntk-${pkg}-node`);
    expect(listed.map((r) => r.name).sort()).toEqual([...new Set(names)].sort());
    expect(listed.filter((r) => r.summary.length < 10).map((r) => r.name)).toEqual([]);
  });

  test.each(PACKAGES)(
    '@softmax-ntk/%s/node: every export has a page with its own summary; functions and classes an example with its output and a source link',
    (pkg) => {
      // (a re-export — network/node's readInputFile is linalg/node's — has its page where it is declared: the
      // overview's link says where)
      const href = new Map(rows(html('api/index.html'), `${pkg}-node`).map((r) => [r.name, r.href]));
      const problems: string[] = [];
      for (const { name, kind } of nodeExports(pkg)) {
        const home = /^\/api\/([a-z]+\/node)\//.exec(href.get(name) ?? '')?.[1] ?? `${pkg}/node`;
        const page = API_FOLDERS[kind]
          .map((folder) => resolvePage(dist, `/api/${home}/${folder}/${name}`))
          .find((f) => f !== null);
        if (!page) {
          problems.push(`${name}: no API page under /api/${home}/`);
          continue;
        }
        const text = readFileSync(page, 'utf8');
        const summary = apiSummary(text);
        if (summary.length < 10) problems.push(`${name}: no summary`);
        else if (/^@softmax-ntk\/[a-z]+(\/node)? —|^The (Node-only|public) API of/.test(summary))
          problems.push(`${name}: the entry's description stands in for its summary`);
        if (page.includes('/functions/') || page.includes('/classes/')) {
          const main = mainContent(text);
          if (!/<h2[^>]*id="example"/.test(main)) problems.push(`${name}: no example`);
          else if (!main.includes('// →')) problems.push(`${name}: its example shows no output line`);
          if (!/Defined in: <a href="https:\/\/github\.com\//.test(main)) problems.push(`${name}: no source link`);
        }
      }
      expect(problems).toEqual([]);
    },
  );
});

describe("verify's reference namespace", () => {
  test('each member of `reference` has a page with a summary and an example with its output', () => {
    const members = [
      'softmaxScores',
      'forward',
      'loss',
      'gradient',
      'gradientClaim34',
      'gradientAutodiff',
      'gradientFiniteDifference',
      'gram',
      'crossGram',
      'testKernel',
    ];
    const problems: string[] = [];
    for (const name of members) {
      const page = resolvePage(dist, `/api/verify/namespaces/reference/functions/${name}`);
      if (!page) {
        problems.push(`${name}: no page`);
        continue;
      }
      const text = readFileSync(page, 'utf8');
      if (apiSummary(text).length < 10) problems.push(`${name}: no summary`);
      if (!mainContent(text).includes('// →')) problems.push(`${name}: no example output`);
    }
    expect(problems).toEqual([]);
  });
});

describe('formulas that the TSDoc writes in TeX are typeset on their API pages', () => {
  // (the counts are the TeX formulas each page's TSDoc states, less a margin of none: each is one-for-one)
  test.each([
    ['api/ntk/interfaces/LargeSpectrum.html', 15],
    ['api/verify/interfaces/TheoryConstants.html', 12],
    ['api/diffusion/interfaces/DiffusionModel.html', 6],
    ['api/diffusion/interfaces/TrainScoreModelOptions.html', 12],
    ['api/diffusion/interfaces/Schedule.html', 5],
    ['api/ntk/interfaces/Spectrum.html', 6],
  ])('%s: at least %i formulas typeset, none garbled', (page, atLeast) => {
    const text = html(page);
    expect(mainContent(text).split('<span class="katex"').length - 1).toBeGreaterThanOrEqual(atLeast);
    expect(garbling(text)).toEqual([]);
  });

  test("likelihood: the probability-flow ODE's two display formulas are typeset as displays", () => {
    const main = mainContent(html('api/diffusion/functions/likelihood.html'));
    expect(main.split('<span class="katex-display"').length - 1).toBeGreaterThanOrEqual(2);
    expect(main).toContain('<annotation encoding="application/x-tex">');
    expect(garbling(html('api/diffusion/functions/likelihood.html'))).toEqual([]);
  });
});
