import { defineConfig, type DefaultTheme } from 'vitepress';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  srcExclude: ['packages/_readme/**'],
  lastUpdated: false,
  // Source-file links point into /source/ (copied at build time) — plain files, not pages.
  ignoreDeadLinks: [/^\/source\//, /^\.\.?\/source\//],
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Demos', link: '/demos/training' },
      { text: 'Paper → code', link: '/paper-map' },
      { text: 'API', link: '/api/' },
      { text: 'Report', link: '/reproduce' },
    ],
    sidebar: [
      { text: 'Guide', items: [{ text: 'Getting started', link: '/guide/getting-started' }] },
      {
        text: 'Live demos',
        items: [
          { text: 'Training and the NTK', link: '/demos/training' },
          { text: '2-D diffusion', link: '/demos/diffusion' },
        ],
      },
      {
        text: 'Packages',
        items: [
          { text: '@softmax-ntk/linalg', link: '/packages/linalg' },
          { text: '@softmax-ntk/network', link: '/packages/network' },
          { text: '@softmax-ntk/ntk', link: '/packages/ntk' },
          { text: '@softmax-ntk/diffusion', link: '/packages/diffusion' },
          { text: '@softmax-ntk/verify', link: '/packages/verify' },
          { text: 'softmax-ntk (CLI)', link: '/packages/cli' },
        ],
      },
      {
        text: 'The paper',
        items: [
          { text: 'Paper-to-code map', link: '/paper-map' },
          { text: 'Notation', link: '/reference/notation' },
          { text: 'Reproduce report', link: '/reproduce' },
        ],
      },
      {
        text: 'File formats',
        items: [
          { text: 'Problem file', link: '/reference/formats/problem-file' },
          { text: 'Target file', link: '/reference/formats/target-file' },
        ],
      },
      { text: 'API reference', collapsed: true, items: [{ text: 'Overview', link: '/api/' }, ...apiSidebar] },
    ],
    search: { provider: 'local' },
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
