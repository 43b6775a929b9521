import { katex } from '@mdit/plugin-katex';
import { defineConfig, type DefaultTheme } from 'vitepress';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// (a plain .mjs module shared with the page generator; its types: scripts/links.d.mts)
import { PAPER_URL, REPO_URL, VERSION, npmUrl } from '../../scripts/links.mjs';

// Written by TypeDoc (scripts/prepare.mjs); absent when the API step was skipped.
const sidebarFile = fileURLToPath(new URL('../api/typedoc-sidebar.json', import.meta.url));
const apiSidebar: DefaultTheme.SidebarItem[] = existsSync(sidebarFile)
  ? (JSON.parse(readFileSync(sidebarFile, 'utf8')) as DefaultTheme.SidebarItem[])
  : [];

const base = process.env.DOCS_BASE ?? '/';

export default defineConfig({
  title: 'softmax-ntk',
  description:
    'The two-layer softmax network, its neural tangent kernel and the diffusion application of Gu, Li, Liang, Shi, Song (2024), in TypeScript, with live demos.',
  base,
  cleanUrls: false,
  // public/ is served as files, never as pages (nor indexed by search).
  srcExclude: ['packages/_readme/**', 'parts/**', 'public/**'],
  lastUpdated: false,
  markdown: {
    // `{…}` is math on these pages (S_{i,r}), never markdown-it-attrs syntax.
    attrs: { disable: true },
    // TeX between $…$ (inline) and $$…$$ (display), typeset by KaTeX at build time. A TeX error (or Unicode
    // text inside math) renders as .katex-error, which the docs test looks for on every page.
    config: (md) => {
      // (a plugin is a function of the parser; called directly, because VitePress bundles its own markdown-it
      // types, which differ from the @types/markdown-it that @mdit/plugin-katex is typed against — same object)
      katex(md as unknown as Parameters<typeof katex>[0], {
        logger: (code) => (code === 'newLineInDisplayMode' ? 'ignore' : 'error'),
      });
    },
  },
  // Source-file links point into /source/ (copied at build time) — plain files, not pages.
  ignoreDeadLinks: [/^\/source\//, /^\.\.?\/source\//],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Demos', link: '/demos/training' },
      { text: 'Paper → code', link: '/paper-map' },
      { text: 'API', link: '/api/' },
      { text: 'Report', link: '/reproduce' },
      { text: 'Paper (arXiv)', link: PAPER_URL },
      {
        text: `v${VERSION}`,
        items: [
          { text: 'Changelog', link: '/changelog' },
          { text: 'Benchmarks', link: '/benchmarks' },
          { text: 'Repository', link: REPO_URL },
          ...[
            ...['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep'].map(
              (p) => `@softmax-ntk/${p}`,
            ),
            'softmax-ntk',
          ].map((name) => ({ text: `npm: ${name}`, link: npmUrl(name) })),
        ],
      },
    ],
    socialLinks: [{ icon: 'github', link: REPO_URL }],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'The paper in pictures', link: '/guide/paper-in-pictures' },
        ],
      },
      {
        text: 'Live demos',
        items: [
          { text: 'Training and the NTK', link: '/demos/training' },
          { text: '2-D diffusion', link: '/demos/diffusion' },
          { text: 'Self-attention and its kernel', link: '/demos/attention' },
        ],
      },
      {
        text: 'Packages',
        items: [
          { text: '@softmax-ntk/linalg', link: '/packages/linalg' },
          { text: '@softmax-ntk/network', link: '/packages/network' },
          { text: '@softmax-ntk/ntk', link: '/packages/ntk' },
          { text: '@softmax-ntk/diffusion', link: '/packages/diffusion' },
          { text: '@softmax-ntk/attention', link: '/packages/attention' },
          { text: '@softmax-ntk/verify', link: '/packages/verify' },
          { text: '@softmax-ntk/sweep', link: '/packages/sweep' },
          { text: 'softmax-ntk (CLI)', link: '/packages/cli' },
        ],
      },
      {
        text: 'The paper',
        items: [
          { text: 'Paper-to-code map', link: '/paper-map' },
          { text: 'Notation', link: '/reference/notation' },
          { text: 'Reproduce report', link: '/reproduce' },
          { text: 'Benchmarks', link: '/benchmarks' },
          { text: 'Changelog', link: '/changelog' },
        ],
      },
      {
        text: 'File formats',
        items: [
          { text: 'Problem file', link: '/reference/formats/problem-file' },
          { text: 'Target file', link: '/reference/formats/target-file' },
          { text: 'Attention problem file', link: '/reference/formats/attention-file' },
        ],
      },
      { text: 'API reference', collapsed: true, items: [{ text: 'Overview', link: '/api/' }, ...apiSidebar] },
    ],
    // A heading that names the result weighs more than mentions in a long text: VitePress's default (title 4,
    // text 2) ranked the report's sections that cite "Theorem 4.2" above the paper map's entry for it.
    search: {
      provider: 'local',
      options: { miniSearch: { searchOptions: { boost: { title: 8, text: 1, titles: 1 } } } },
    },
    outline: [2, 3],
  },
  vite: {
    define: { __SOFTMAX_NTK_BASE__: JSON.stringify(base) },
    // The demos use the packages' published entry points (dist, browser-safe main entries) and nothing else.
    resolve: { dedupe: ['@tensorflow/tfjs-core'] },
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 4000 },
  },
});
