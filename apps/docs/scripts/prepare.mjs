#!/usr/bin/env node
// Generates the parts of the docs site that come from elsewhere in the
// repository, so that they never drift from it:
//
//   site/api/                  TypeDoc (markdown) of every public export of the packages
//   site/reference/notation.md docs/notation.md
//   site/reference/formats/    docs/spec/*.md
//   site/packages/_readme/     each package's README.md (links made site-safe)
//   site/paper-map.md          scripts/paperMap.mjs, after checking every file and export it names
//   site/reproduce.md          reports/latest/ (the committed `softmax-ntk reproduce` report)
//   site/public/source/        the packages' source files (.ts → .ts.txt), the targets of source links,
//                              and the images (as they are) that the READMEs link to
//   site/files/                a page per repository folder that a README links to (e.g.
//                              packages/diffusion/results/), showing its images
//   site/public/report/        the report's plots
//   site/public/tfjs/          the tfjs wasm binaries (the wasm fallback backend)
//
// Every generated path is listed in .gitignore.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPER_MAP } from './paperMap.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, '..');
const root = path.resolve(app, '../..');
const site = path.join(app, 'site');
const PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'verify'];
const SOURCE_URL = process.env.DOCS_SOURCE_URL; // e.g. https://github.com/<owner>/<repo>/blob/main
const skipApi = process.argv.includes('--no-api');

const IMAGE = /\.(png|svg|jpe?g|gif|webp)$/i;
/** Repository files linked from the generated pages that are not under the copied source folders (copied below). */
const extraFiles = new Set();
/** Repository folders linked from the generated pages: each gets a page /files/<folder>. */
const folderPages = new Set();

/** Where the site serves a copy of a repository file: images as they are, text as .txt (markdown as .md). */
function sourceCopyPath(repoPath) {
  return IMAGE.test(repoPath) || repoPath.endsWith('.md') ? repoPath : `${repoPath}.txt`;
}

/** Link to a repository file: the copy under /source/, or DOCS_SOURCE_URL when set. */
export function sourceLink(repoPath) {
  return SOURCE_URL ? `${SOURCE_URL}/${repoPath}` : `/source/${sourceCopyPath(repoPath)}`;
}

/** Link to a repository folder: its generated page (a static site serves no folder listings). */
function folderLink(repoPath) {
  const dir = repoPath.replace(/\/+$/, '');
  folderPages.add(dir);
  return `/files/${dir}`;
}

function isDir(repoPath) {
  const abs = path.join(root, repoPath);
  return existsSync(abs) && statSync(abs).isDirectory();
}

function write(file, text) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function walk(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Make a markdown file from elsewhere safe for the site: relative links → source links, no Vue interpolation. */
function siteSafe(md, fromRepoDir) {
  const linked = md.replace(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g, (all, target) => {
    const [file, hash] = target.split('#');
    let repoPath = path.posix.normalize(path.posix.join(fromRepoDir, file));
    // The specs are shared into the repository as docs/spec/ (../shared/spec/ in some texts).
    repoPath = repoPath.replace(/^(\.\.\/)*shared\/spec\//, 'docs/spec/');
    if (repoPath.startsWith('docs/spec/'))
      return `](/reference/formats/${path.posix.basename(repoPath, '.md')}${hash ? `#${hash}` : ''})`;
    if (repoPath === 'docs/notation.md') return '](/reference/notation)';
    if (/^packages\/[a-z]+\/?$/.test(repoPath)) return `](/packages/${repoPath.split('/')[1]})`;
    if (isDir(repoPath)) return `](${folderLink(repoPath)})`;
    extraFiles.add(repoPath);
    return `](${sourceLink(repoPath)})`;
  });
  return `<div v-pre>\n\n${linked}\n\n</div>\n`;
}

// --- notation and file formats -------------------------------------------
write(
  path.join(site, 'reference/notation.md'),
  siteSafe(readFileSync(path.join(root, 'docs/notation.md'), 'utf8'), 'docs'),
);
for (const f of readdirSync(path.join(root, 'docs/spec')).filter((f) => f.endsWith('.md'))) {
  write(
    path.join(site, 'reference/formats', f),
    siteSafe(readFileSync(path.join(root, 'docs/spec', f), 'utf8'), 'docs/spec'),
  );
}

// --- package READMEs ------------------------------------------------------
for (const p of [...PACKAGES, 'cli']) {
  const dir = p === 'cli' ? 'apps/cli' : `packages/${p}`;
  const readme = path.join(root, dir, 'README.md');
  const out = path.join(site, 'packages/_readme', `${p}.md`);
  if (existsSync(readme)) {
    // Drop the README's first line (the one-line formula, shown by the page) and its H1.
    const text = readFileSync(readme, 'utf8').replace(/^# .*\n/m, '');
    write(out, siteSafe(text, dir));
  } else {
    write(
      out,
      `::: info README pending\nThe package's README.md is being written; until it lands, this page shows only the summary above and the [API reference](/api/).\n:::\n`,
    );
  }
}

// --- source files (targets of the source links) --------------------------
rmSync(path.join(site, 'public/source'), { recursive: true, force: true });
for (const dir of [...PACKAGES.map((p) => `packages/${p}/src`), 'apps/cli/src', 'docs']) {
  for (const f of walk(path.join(root, dir))) {
    if (f.endsWith('.test.ts')) continue;
    const rel = path.relative(root, f).split(path.sep).join('/');
    const dest = path.join(site, 'public/source', sourceCopyPath(rel));
    mkdirSync(path.dirname(dest), { recursive: true });
    cpSync(f, dest);
  }
}

// --- repository folders and other files that the pages link to -----------
const copySource = (repoPath) => {
  const dest = path.join(site, 'public/source', sourceCopyPath(repoPath));
  if (repoPath.startsWith('../') || existsSync(dest) || !existsSync(path.join(root, repoPath))) return; // (a dead link stays dead: VitePress ignores /source/ links)
  mkdirSync(path.dirname(dest), { recursive: true });
  cpSync(path.join(root, repoPath), dest);
};
for (const f of extraFiles) if (!isDir(f)) copySource(f);
rmSync(path.join(site, 'files'), { recursive: true, force: true });
for (const dir of [...folderPages].sort()) {
  const files = walk(path.join(root, dir))
    .map((f) => path.relative(root, f).split(path.sep).join('/'))
    .sort();
  const sections = files.map((rel) => {
    copySource(rel);
    const name = rel.slice(dir.length + 1);
    return IMAGE.test(rel)
      ? `## ${name}\n\n![${name}](/source/${sourceCopyPath(rel)})\n`
      : `## ${name}\n\n[${name}](${sourceLink(rel)})\n`;
  });
  const pkg = /^(?:packages|apps)\/([a-z]+)\//.exec(dir);
  const from = pkg
    ? ` — linked from the [${pkg[1] === 'cli' ? 'CLI' : `@softmax-ntk/${pkg[1]}`} page](/packages/${pkg[1]})`
    : '';
  write(
    path.join(site, 'files', `${dir}.md`),
    `# \`${dir}/\`

The ${files.length} files of \`${dir}/\` in the repository${from}.

<div v-pre>

${sections.join('\n')}
</div>
`,
  );
}

// --- paper-to-code map ----------------------------------------------------
const problems = [];
const indexText = Object.fromEntries(
  PACKAGES.map((p) => [p, readFileSync(path.join(root, 'packages', p, 'src/index.ts'), 'utf8')]),
);
const rows = PAPER_MAP.map((item) => {
  const code = item.code.map(([pkg, name, file]) => {
    const repoPath = `packages/${pkg}/${file}`;
    if (!existsSync(path.join(root, repoPath))) problems.push(`${item.id}: ${repoPath} does not exist`);
    if (!new RegExp(`\\b${name}\\b`).test(indexText[pkg] ?? ''))
      problems.push(`${item.id}: ${name} is not exported by @softmax-ntk/${pkg}`);
    return `[\`${name}\`](/api/${pkg}/) ([${path.posix.basename(file)}](${sourceLink(repoPath)})) in \`@softmax-ntk/${pkg}\``;
  });
  const check = item.check ? `\`${item.check}\`` : '—';
  return `| **${item.id}** ${item.title} | ${item.statement.replace(/\|/g, '\\|')} | ${code.join('<br>')} | ${item.cli ? `\`${item.cli}\`` : '—'} | ${check} |`;
});
if (problems.length) {
  console.error(`paper map: ${problems.length} broken entries:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
write(
  path.join(site, 'paper-map.md'),
  `---
outline: false
---

# Paper-to-code map

Every numbered definition, claim, lemma and theorem of Gu, Li, Liang, Shi, Song —
*Exploring the Frontiers of Softmax: Provable Optimization, Applications in
Diffusion Model, and Beyond* (2024) that softmax-ntk implements or measures: the
function (with its source file), the command that runs it, and the
\`softmax-ntk verify\` check that measures it (see the [reproduce report](/reproduce)
for the latest numbers). Items the paper uses only inside proofs — the
concentration inequalities (Lemmas A.9, A.10), Facts A.3–A.8 apart from A.4, and
the results quoted from [HRX24] (Theorems G.4, G.5, Assumption G.3) — have no
code of their own. Symbols: [notation](/reference/notation).

<div v-pre>

| paper | statement | code | command | check |
|---|---|---|---|---|
${rows.join('\n')}

</div>

_Generated from \`apps/docs/scripts/paperMap.mjs\` at build time; the build fails if a listed file or export disappears._
`,
);

// --- reproduce report -----------------------------------------------------
const reportDir = path.join(app, 'reports/latest');
rmSync(path.join(site, 'public/report'), { recursive: true, force: true });
if (existsSync(path.join(reportDir, 'report.json'))) {
  const json = JSON.parse(readFileSync(path.join(reportDir, 'report.json'), 'utf8'));
  const machine = existsSync(path.join(reportDir, 'MACHINE.md'))
    ? readFileSync(path.join(reportDir, 'MACHINE.md'), 'utf8')
    : '';
  let md = readFileSync(path.join(reportDir, 'report.md'), 'utf8');
  md = md.replace(/^# .*\n/m, '').replace(/ \(\[PNG\]\(plots\/[^)]+\.png\)\)/g, ''); // the PNG twins are not committed
  // Plots: report.md refers to plots/<name>.svg (or .png); serve them from /report/plots/.
  if (existsSync(path.join(reportDir, 'plots')))
    cpSync(path.join(reportDir, 'plots'), path.join(site, 'public/report/plots'), { recursive: true });
  md = md.replace(/\]\(plots\//g, '](/report/plots/').replace(/src="plots\//g, 'src="/report/plots/');
  const quick = json.settings?.quick ? ' (quick sizes: a smoke run, not the full report)' : '';
  write(
    path.join(site, 'reproduce.md'),
    `# Reproduce report

The output of \`softmax-ntk reproduce\`${quick}, committed in \`apps/docs/reports/latest/\`
and embedded here at build time. Generated **${json.generated}**; ${json.allHeld ? '**every check held**' : '**not every check held** (see below)'}.

${machine}

To regenerate it (about 20 minutes on 2 cores): \`node apps/docs/scripts/update-report.mjs\` from the repository root, which runs \`softmax-ntk reproduce\` and replaces \`reports/latest/\`.

<div v-pre>

${md}

</div>
`,
  );
} else {
  write(
    path.join(site, 'reproduce.md'),
    `# Reproduce report\n\n::: warning Pending\nNo \`softmax-ntk reproduce\` report has been committed to \`apps/docs/reports/latest/\` yet. Run \`node apps/docs/scripts/update-report.mjs\`.\n:::\n`,
  );
}

// --- tfjs wasm binaries ---------------------------------------------------
const require = createRequire(path.join(app, 'package.json'));
const wasmDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
mkdirSync(path.join(site, 'public/tfjs'), { recursive: true });
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm')))
  cpSync(path.join(wasmDir, f), path.join(site, 'public/tfjs', f));

// --- API reference (TypeDoc) ----------------------------------------------
if (!skipApi) {
  const { Application } = await import('typedoc');
  const td = await Application.bootstrapWithPlugins({
    entryPoints: PACKAGES.map((p) => path.join(app, 'api-entry', `${p}.ts`)),
    tsconfig: path.join(app, 'tsconfig.typedoc.json'),
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out: path.join(site, 'api'),
    docsRoot: site,
    name: 'softmax-ntk API reference',
    readme: 'none',
    entryFileName: 'index',
    excludePrivate: true,
    excludeInternal: true,
    skipErrorChecking: true,
    disableGit: true,
    basePath: root,
    sourceLinkTemplate: SOURCE_URL ? `${SOURCE_URL}/{path}#L{line}` : '/source/{path}.txt',
    hidePageHeader: true,
    logLevel: 'Warn',
  });
  const project = await td.convert();
  if (!project) {
    console.error('TypeDoc: conversion failed');
    process.exit(1);
  }
  rmSync(path.join(site, 'api'), { recursive: true, force: true });
  await td.generateOutputs(project);
}
console.log('docs: generated pages ready');
