/**
 * The site checks on small hand-made pages: each finds the problem it is for (the garbling the issue reported, a
 * broken link, a missing anchor, a source link to a missing file or line) and passes a clean page, so a green site
 * test means the site is clean, not that the checker is blind.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  apiSummary,
  exportedNames,
  exportedValues,
  garbling,
  linkProblems,
  proseText,
  untypesetMath,
  withoutSpans,
} from './siteChecks';

const page = (body: string) => `<html><body><nav>nav</nav><main>${body}</main></body></html>`;

describe('garbling', () => {
  test('attribute syntax that ate v_{ℓ1,r} (as on the paper map before the fix)', () => {
    const html = page('<td>[H_{ℓ1,ℓ2}]<em ℓ1,r="">{i,j} = (1/m)·x_iᵀx_j·Σ_r ⟨v</em>, S_i⟩</td>');
    const found = garbling(html);
    expect(found).toContain('attribute syntax ate a formula: <em ℓ1,r="">');
  });
  test('a table cell that lost its text to attributes (notation page: <td ℓ,r="">v_</td>)', () => {
    expect(garbling(page('<tr><td ℓ,r="">v_</td></tr>'))).toEqual(['attribute syntax ate a formula: <td ℓ,r="">']);
  });
  test('a subscript read as emphasis', () => {
    expect(garbling(page('<p>(Jᵀv)<em>r = m Σ_i Σ_ℓ v</em> (a)</p>'))).toHaveLength(1);
  });
  test('a KaTeX error', () => {
    expect(garbling(page('<span class="katex-error" title="x">\\frac{</span>'))).toHaveLength(1);
  });
  test('clean prose, real emphasis and ordinary attributes pass', () => {
    expect(
      garbling(page('<p class="x" data-v-1="">Gu et al. — <em>Exploring</em> (<em>2024</em>), <a href="/a">a</a></p>')),
    ).toEqual([]);
  });
});

describe('untypesetMath', () => {
  test('raw `_{` and a dangling `S_` in prose are found', () => {
    expect(untypesetMath(page('<p>the notation S_{i,r} here</p>'))).toHaveLength(1);
    expect(untypesetMath(page('<p>shows S_ alone</p>'))).toHaveLength(1);
  });
  test('TeX that KaTeX did not render: a command, or a `$…$` left as text', () => {
    expect(untypesetMath(page('<p>the bound \\lambda / 2 here</p>'))).toHaveLength(1);
    expect(untypesetMath(page('<p>where $x^2$ was not typeset</p>'))).toHaveLength(1);
    // prices, a backslash path and a lone dollar are not TeX
    expect(untypesetMath(page('<p>costs $5 and $6, C:\\logs and \\lambdas</p>'))).toEqual([]);
  });
  test('the same inside code or typeset math is fine', () => {
    const katex =
      '<span class="katex"><span class="katex-mathml"><math><semantics><annotation>S_{i,r}</annotation></semantics></math></span><span class="katex-html"><span class="base"><span>S_{i,r}</span></span></span></span>';
    expect(untypesetMath(page(`<p><code>S_{i,r}</code> and ${katex} and snake_case</p>`))).toEqual([]);
  });
});

describe('withoutSpans / proseText', () => {
  test('removes a nested span element and nothing after it', () => {
    expect(
      withoutSpans('a<span class="katex"><span>x</span><span><span>y</span></span></span>b', '<span class="katex"'),
    ).toBe('a b');
    expect(proseText('<p>x &amp; y <code>z</code></p>').replace(/\s+/g, ' ').trim()).toBe('x & y');
  });
});

describe('linkProblems', () => {
  let tmp: string;
  let dist: string;
  let root: string;
  const sourceUrl = 'https://example.org/repo/blob/main';
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'docs-links-'));
    dist = path.join(tmp, 'dist');
    root = path.join(tmp, 'repo');
    mkdirSync(path.join(dist, 'api'), { recursive: true });
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(dist, 'index.html'), page('<h2 id="intro">Intro</h2>'));
    writeFileSync(path.join(dist, 'api/index.html'), page('<h2 id="gram">gram</h2>'));
    writeFileSync(path.join(dist, 'api/gram.html'), page('x'));
    writeFileSync(path.join(root, 'src/a.ts'), 'one\ntwo\nthree\n');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const check = (html: string) => linkProblems('api/index.html', page(html), { dist, root, sourceUrl });

  test('good links: page, clean URL, relative, own anchor, other page anchor, folder index, source line', () => {
    expect(
      check(
        '<a href="/index.html">a</a><a href="/api/gram">b</a><a href="gram.html">c</a><a href="#gram">d</a>' +
          '<a href="/#intro">e</a><a href="/api/">f</a>' +
          `<a href="${sourceUrl}/src/a.ts#L3">g</a><a href="https://npmjs.com/x">h</a>`,
      ),
    ).toEqual([]);
  });
  test('a page that does not exist (as the old /source/../../../packages/… links)', () => {
    expect(check('<a href="/source/../../../packages/x.ts.txt">x</a>')).toEqual([
      'api/index.html: broken link /source/../../../packages/x.ts.txt',
    ]);
  });
  test('an anchor the page lacks (as the report summary #claim-34)', () => {
    expect(check('<a href="/index.html#claim-34">x</a>')).toEqual([
      'api/index.html: link to a missing anchor /index.html#claim-34',
    ]);
  });
  test('an image that is not served', () => {
    expect(check('<img src="/report/plots/missing.svg">')).toHaveLength(1);
  });
  test('a link into a build output (dist/), even to a file that exists there', () => {
    mkdirSync(path.join(root, 'packages/linalg/dist'), { recursive: true });
    writeFileSync(path.join(root, 'packages/linalg/dist/index.d.ts'), 'one\n');
    expect(check(`<a href="${sourceUrl}/packages/linalg/dist/index.d.ts#L1">x</a>`)).toEqual([
      `api/index.html: link into a build output (dist/): ${sourceUrl}/packages/linalg/dist/index.d.ts#L1`,
    ]);
    expect(check('<a href="https://github.com/o/r/tree/main/packages/ntk/dist">x</a>')).toHaveLength(1);
    expect(check('<a href="/source/packages/ntk/dist/index.js">x</a>')).toHaveLength(1);
    // a source file whose name merely contains "dist" is fine, and so is another site's dist/ file
    writeFileSync(path.join(root, 'src/distances.ts'), 'one\n');
    expect(
      check(`<a href="${sourceUrl}/src/distances.ts#L1">x</a><a href="https://cdn.example/k/dist/k.css">y</a>`),
    ).toEqual([]);
  });
  test('a source link to a missing file or past the last line', () => {
    expect(check(`<a href="${sourceUrl}/src/b.ts">x</a>`)).toHaveLength(1);
    expect(check(`<a href="${sourceUrl}/src/a.ts#L40">x</a>`)).toHaveLength(1);
  });
});

describe('exportedValues', () => {
  test('values, not types; aliases by their exported name', () => {
    const src = [
      "export { gram, gramAsync } from './gram';",
      "export type { GramOptions } from './gram';",
      "export { a as b, type C } from './c';",
      'export function local() {}',
    ].join('\n');
    expect(exportedValues(src)).toEqual(['gram', 'gramAsync', 'b', 'local']);
  });
});

describe('exportedNames', () => {
  test('values, types (both spellings), aliases and namespaces, each with its kind', () => {
    const src = [
      "export { gram, type GramOptions } from './gram';",
      "export type { Spectrum, SpectrumMethod as Method } from './spectrum';",
      "export * as reference from './reference/index';",
      "export { a as b } from './c';",
      'export interface Local {}',
      'export const LIMIT = 1;',
    ].join('\n');
    expect(exportedNames(src)).toEqual([
      { name: 'gram', kind: 'value' },
      { name: 'GramOptions', kind: 'type' },
      { name: 'Spectrum', kind: 'type' },
      { name: 'Method', kind: 'type' },
      { name: 'b', kind: 'value' },
      { name: 'reference', kind: 'namespace' },
      { name: 'LIMIT', kind: 'value' },
      { name: 'Local', kind: 'type' },
    ]);
  });
});

describe('apiSummary', () => {
  test('the paragraph between "Defined in" and the first section', () => {
    const html = page(
      '<h1>Function: gram()</h1><blockquote><p>gram(options)</p></blockquote><p>Defined in: <a href="x">x</a></p>' +
        '<p>H(W), the Gram matrix.</p><h2>Parameters</h2><p>options</p>',
    );
    expect(apiSummary(html)).toBe('H(W), the Gram matrix.');
  });
  test("a namespace's page: the paragraph after the title", () => {
    expect(apiSummary(page('<h1>Namespace: reference</h1><p>The float64 reference.</p><h2>Functions</h2>'))).toBe(
      'The float64 reference.',
    );
  });
  test('empty when the page goes straight to Parameters', () => {
    expect(apiSummary(page('<p>Defined in: <a href="x">x</a></p><h2>Parameters</h2><p>transA</p>'))).toBe('');
  });
});
