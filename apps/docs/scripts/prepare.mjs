#!/usr/bin/env node
// Generates the parts of the docs site that come from elsewhere in the
// repository, so that they never drift from it:
//
//   site/api/                  TypeDoc (markdown) of every public export of the packages (TSDoc formulas are TeX)
//   site/reference/notation.md docs/notation.md
//   site/reference/formats/    docs/spec/*.md
//   site/packages/_readme/     each package's README.md (links made site-safe, its formulas typeset: readmeMath.mjs)
//   site/paper-map.md          scripts/paperMap.mjs, after checking every file and export it names
//   site/reproduce.md          reports/latest/ (the committed `softmax-ntk reproduce` report)
//   site/public/source/        the images that the READMEs show (other source links go to the
//                              repository: scripts/links.mjs)
//   site/files/                a page per repository folder that a README links to (e.g.
//                              packages/diffusion/results/), showing its images
//   site/benchmarks.md        bench/results/ and the packages' measured README sections
//   site/changelog.md         the CHANGELOG.md files and pending .changeset/*.md
//   site/parts/links-out.md    the links to the paper, the repository and npm (included by pages)
//   site/public/report/        the report's plots
//   site/public/tfjs/          the tfjs wasm binaries (the wasm fallback backend)
//
// Every generated path is listed in .gitignore.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAPER_MAP } from './paperMap.mjs';
import { PAPER_URL, REPO_URL, SOURCE_URL, npmUrl } from './links.mjs';
import { protectSubscripts, slug } from './text.mjs';
import { SPEC_MATH, typesetReadme } from './readmeMath.mjs';
import { typesetUnicodeMath } from './unicodeTex.mjs';
import { notedLabels, reportNote } from './reportNotes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, '..');
const root = path.resolve(app, '../..');
const site = path.join(app, 'site');
const PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep'];
const skipApi = process.argv.includes('--no-api');
/** The API entry points (api-entry/<name>.ts): each package's main entry and its Node-only entry. */
const API_ENTRIES = [...PACKAGES, ...PACKAGES.map((p) => `${p}-node`)];

const IMAGE = /\.(png|svg|jpe?g|gif|webp)$/i;
/** Repository files linked from the generated pages that are not under the copied source folders (copied below). */
const extraFiles = new Set();
/** Repository folders linked from the generated pages: each gets a page /files/<folder>. */
const folderPages = new Set();

/**
 * Link to a repository file: an image is served by the site (a copy under /source/, made below, so that pages can
 * show it); any other file links to the repository (scripts/links.mjs), where it is read with its history.
 */
function sourceLink(repoPath) {
  return IMAGE.test(repoPath) ? `/source/${repoPath}` : `${SOURCE_URL}/${repoPath}`;
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
  const linked = md.replace(/\]\((?!https?:|#|mailto:|\/)([^)\s]+)\)/g, (all, target) => {
    const [file, hash] = target.split('#');
    let repoPath = path.posix.normalize(path.posix.join(fromRepoDir, file));
    // The specs are shared into the repository as docs/spec/ (../shared/spec/ in some texts).
    repoPath = repoPath.replace(/^(\.\.\/)*shared\/spec\//, 'docs/spec/');
    if (repoPath.startsWith('docs/spec/') && repoPath.endsWith('.md'))
      return `](/reference/formats/${path.posix.basename(repoPath, '.md')}${hash ? `#${hash}` : ''})`;
    if (repoPath === 'docs/notation.md') return '](/reference/notation)';
    if (/^packages\/[a-z]+\/?$/.test(repoPath)) return `](/packages/${repoPath.split('/')[1]})`;
    if (isDir(repoPath)) return `](${folderLink(repoPath)})`;
    extraFiles.add(repoPath);
    return `](${sourceLink(repoPath)})`;
  });
  return `<div v-pre>\n\n${protectSubscripts(linked)}\n\n</div>\n`;
}

// --- links out (included by the home page) -------------------------------
const NPM_NAMES = [...PACKAGES.map((p) => `@softmax-ntk/${p}`), 'softmax-ntk'];
write(
  path.join(site, 'parts/links-out.md'),
  `## Links

- **The paper**: Gu, Li, Liang, Shi, Song — *Exploring the Frontiers of Softmax: Provable Optimization, Applications
  in Diffusion Model, and Beyond* (2024), [on arXiv](${PAPER_URL}).
- **The code**: [the repository](${REPO_URL}).
- **The packages** on the npm registry (\`npm i <name>\`): ${NPM_NAMES.map((n) => `[${n}](${npmUrl(n)})`).join(', ')}.
`,
);

// --- notation and file formats -------------------------------------------
// (the Unicode formulas of the notation, the specs, the READMEs and the report's captions are typeset:
// scripts/unicodeTex.mjs; those it cannot read stay Unicode and are counted by test/pageUnicodeMath.test.ts)
write(
  path.join(site, 'reference/notation.md'),
  siteSafe(typesetUnicodeMath(readFileSync(path.join(root, 'docs/notation.md'), 'utf8')), 'docs'),
);
const specMathProblems = [];
for (const f of readdirSync(path.join(root, 'docs/spec')).filter((f) => f.endsWith('.md'))) {
  // (the formulas the spec states in Unicode, typeset: SPEC_MATH in scripts/readmeMath.mjs)
  const spec = readFileSync(path.join(root, 'docs/spec', f), 'utf8');
  write(
    path.join(site, 'reference/formats', f),
    siteSafe(typesetUnicodeMath(typesetReadme(f.replace(/\.md$/, ''), spec, specMathProblems, SPEC_MATH)), 'docs/spec'),
  );
}
if (specMathProblems.length) {
  console.error(`spec formulas: ${specMathProblems.join('\n  ')}`);
  process.exit(1);
}

// --- package READMEs (user documentation; their measured figures go to the Benchmarks page) ---
/**
 * README sections that are measurements rather than documentation: moved to /benchmarks. A heading marks one with
 * "(measured)" or "(measured, …)" (diffusion's "Sample quality on every named target (measured, issue 19)"); the
 * CLI's "Start-up time" is its log of timed runs, attention's "Measurements" the table of its Section 7 checks (its
 * package page states them in "What was measured").
 */
const MEASURED = /^## (Benchmarks|Performance\b.*|.*\(measured\b[^)]*\)|Start-up time|Measurements)\s*$/;
/** Split a README at its H2 headings into what stays on the package page and the measured sections. */
function splitMeasured(md) {
  const parts = md.split(/^(?=## )/m);
  const kept = parts.filter((p) => !MEASURED.test(p.split('\n')[0]));
  const measured = parts.filter((p) => MEASURED.test(p.split('\n')[0]));
  return { kept: kept.join(''), measured };
}
const benchSections = [];
const readmeMathProblems = [];
for (const p of [...PACKAGES, 'cli']) {
  const dir = p === 'cli' ? 'apps/cli' : `packages/${p}`;
  const readme = path.join(root, dir, 'README.md');
  const out = path.join(site, 'packages/_readme', `${p}.md`);
  if (existsSync(readme)) {
    // Drop the README's H1 (the page has its own, with the formula typeset).
    // The formulas the README states in Unicode, typeset (scripts/readmeMath.mjs).
    const { kept, measured } = splitMeasured(
      typesetReadme(p, readFileSync(readme, 'utf8').replace(/^# .*\n/m, ''), readmeMathProblems),
    );
    const note = measured.length
      ? `\n## Benchmarks\n\nMeasured figures for this package are on the [Benchmarks page](/benchmarks#${slug(
          p === 'cli' ? 'softmax-ntk' : `@softmax-ntk/${p}`,
        )}).\n`
      : '';
    // (the measured sections, which go to the Benchmarks page, keep their text as measured)
    write(out, siteSafe(typesetUnicodeMath(kept) + note, dir));
    if (measured.length) {
      const name = p === 'cli' ? 'softmax-ntk' : `@softmax-ntk/${p}`;
      const body = measured.map((m) => m.replace(/^(#{2,5}) /gm, '#$1 ')).join('\n');
      benchSections.push(
        `## ${name}\n\nFrom [${dir}/README.md](${sourceLink(`${dir}/README.md`)}).\n\n${siteSafe(body, dir)}`,
      );
    }
  } else {
    write(
      out,
      `::: info README pending\nThe package's README.md is being written; until it lands, this page shows only the summary above and the [API reference](/api/).\n:::\n`,
    );
  }
}

if (readmeMathProblems.length) {
  console.error(`README formulas: ${readmeMathProblems.join('\n  ')}`);
  process.exit(1);
}

// --- benchmarks: bench/results/ and the packages' measured sections ---------
{
  const results = path.join(root, 'bench/results');
  const latest = path.join(results, 'peers-latest.md');
  const history = existsSync(results)
    ? walk(results)
        .map((f) => path.relative(root, f).split(path.sep).join('/'))
        .filter((f) => /peers-\d{4}-\d\d-\d\d-\d\d-\d\d\.md$/.test(f))
        .sort()
        .reverse()
    : [];
  const peers = existsSync(latest)
    ? siteSafe(
        readFileSync(latest, 'utf8')
          .replace(/^# (.*)\n/m, '## $1\n')
          .replace(/^(#{2,5}) (?!softmax-ntk vs)/gm, '#$1 '),
        'bench/results',
      )
    : '::: info No comparison run committed\n`bench/results/peers-latest.md` is absent.\n:::\n';
  write(
    path.join(site, 'benchmarks.md'),
    `# Benchmarks

Every measured figure of the project in one place: the comparison with PyTorch (\`tooling/bench/peers\`, committed
in [bench/results/](${REPO_URL}/tree/main/bench/results)), then each package's own benchmarks. Each table says when
it was measured and the machine's load; figures taken on a loaded shared machine are labelled as such and are not
quiet-machine results.

${peers}

${benchSections.join('\n')}

## History

${history.length ? history.map((f) => `- [${path.posix.basename(f, '.md')}](${sourceLink(f)})`).join('\n') : 'No earlier runs committed.'}
`,
  );
}

// --- changelog: the released CHANGELOG.md files, then the changesets not yet released ---
{
  const released = [...PACKAGES.map((p) => `packages/${p}`), 'apps/cli']
    .filter((d) => existsSync(path.join(root, d, 'CHANGELOG.md')))
    .map((d) => siteSafe(readFileSync(path.join(root, d, 'CHANGELOG.md'), 'utf8').replace(/^# /m, '## '), d));
  const pending = readdirSync(path.join(root, '.changeset'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()
    .map((f) => {
      const text = readFileSync(path.join(root, '.changeset', f), 'utf8');
      const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!m) return '';
      const bumps = m[1]
        .split('\n')
        .map((l) => /^"?([^":]+)"?\s*:\s*(\w+)/.exec(l.trim()))
        .filter(Boolean)
        .map((b) => `\`${b[1]}\` ${b[2]}`);
      return `### ${f.replace(/\.md$/, '')}\n\n${bumps.join(' · ')}\n\n${siteSafe(m[2].trim(), '.changeset')}`;
    });
  write(
    path.join(site, 'changelog.md'),
    `# Changelog

The packages are versioned with [changesets](https://github.com/changesets/changesets); this page is generated from
the packages' \`CHANGELOG.md\` files and the pending changesets in \`.changeset/\` at build time.

${released.length ? released.join('\n') : '## Released\n\nNo release yet: every package is at its first version.\n'}

## Unreleased

The ${pending.length} changesets waiting for the next release (each: the packages it bumps, then what changed).

${pending.join('\n')}
`,
  );
}

rmSync(path.join(site, 'public/source'), { recursive: true, force: true });

// --- repository folders and other files that the pages link to -----------
/** Copy an image that a page shows to /source/ (a missing one is left missing: the docs test's link check finds it). */
const copySource = (repoPath) => {
  const dest = path.join(site, 'public/source', repoPath);
  if (!IMAGE.test(repoPath) || repoPath.startsWith('../') || existsSync(dest) || !existsSync(path.join(root, repoPath)))
    return;
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
      ? `## ${name}\n\n![${name}](/source/${rel})\n`
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

// --- paper-to-code map (written after the API reference, whose pages it links to) ---
/** The API page of an export: its function/class/variable/... page when TypeDoc wrote one, else the package index. */
function apiLink(pkg, name) {
  for (const kind of ['functions', 'classes', 'variables', 'interfaces', 'type-aliases']) {
    if (existsSync(path.join(site, 'api', pkg, kind, `${name}.md`))) return `/api/${pkg}/${kind}/${name}`;
  }
  return `/api/${pkg}/`;
}

function writePaperMap() {
  const problems = [];
  const indexText = Object.fromEntries(
    PACKAGES.map((p) => [p, readFileSync(path.join(root, 'packages', p, 'src/index.ts'), 'utf8')]),
  );
  const sections = PAPER_MAP.map((item) => {
    const code = item.code.map(([pkg, name, file]) => {
      const repoPath = `packages/${pkg}/${file}`;
      if (!existsSync(path.join(root, repoPath))) problems.push(`${item.id}: ${repoPath} does not exist`);
      if (!new RegExp(`\\b${name}\\b`).test(indexText[pkg] ?? ''))
        problems.push(`${item.id}: ${name} is not exported by @softmax-ntk/${pkg}`);
      return `- [\`${name}\`](${apiLink(pkg, name)}) in \`@softmax-ntk/${pkg}\` — source: [${file}](${sourceLink(repoPath)})`;
    });
    const lines = [`### ${item.id}`, '', `**${item.title}**`, '', `> ${item.statement}`, '', ...code, ''];
    if (item.cli) lines.push(`Command: \`${item.cli}\``, '');
    lines.push(
      item.check
        ? `Check: \`softmax-ntk verify --only ${item.check}\` — latest result in the [report](/reproduce#${item.check.replace(/\./g, '-')})`
        : 'Check: none (no `softmax-ntk verify` check measures this item)',
      '',
    );
    if (item.note) lines.push(`::: tip\n${item.note}\n:::`, '');
    return lines.join('\n');
  });
  const index = PAPER_MAP.map(
    (item) =>
      `| [${item.id}](#${slug(item.id)}) | ${item.title.replace(/\|/g, '\\|')} | ${item.check ? `\`${item.check}\`` : '—'} |`,
  );
  if (problems.length) {
    console.error(`paper map: ${problems.length} broken entries:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  write(
    path.join(site, 'paper-map.md'),
    `---
outline: [2, 3]
---

# Paper-to-code map

Every numbered definition, claim, lemma and theorem of Gu, Li, Liang, Shi, Song —
*Exploring the Frontiers of Softmax: Provable Optimization, Applications in
Diffusion Model, and Beyond* (2024, [arXiv](${PAPER_URL})) that softmax-ntk implements or measures: the
function (with its source file), the command that runs it, and the
\`softmax-ntk verify\` check that measures it (see the [reproduce report](/reproduce)
for the latest numbers). Items the paper uses only inside proofs — the
concentration inequalities (Lemmas A.9, A.10), Facts A.3–A.8 apart from A.4, and
the results quoted from [HRX24] (Theorems G.4, G.5, Assumption G.3) — have no
code of their own. Symbols: [notation](/reference/notation).

## Index

| paper | what | check |
|---|---|---|
${index.join('\n')}

## The items

${sections.join('\n')}

_Generated from \`apps/docs/scripts/paperMap.mjs\` at build time; the build fails if a listed file or export disappears._
`,
  );
}

// --- reproduce report -----------------------------------------------------
const reportDir = path.join(app, 'reports/latest');
rmSync(path.join(site, 'public/report'), { recursive: true, force: true });
if (existsSync(path.join(reportDir, 'report.json'))) {
  const json = JSON.parse(readFileSync(path.join(reportDir, 'report.json'), 'utf8'));
  const machine = existsSync(path.join(reportDir, 'MACHINE.md'))
    ? readFileSync(path.join(reportDir, 'MACHINE.md'), 'utf8')
    : '';
  // The report as verify renders it, with the claims, labels and formulas in TeX (verify's CHECK_TEX: the same
  // report.json, typeset; report.md keeps the plain Unicode form for terminals and GitHub).
  const { renderMarkdown, summarySentence, texLabel } = await import('@softmax-ntk/verify');
  let md = renderMarkdown(json, { tex: true });
  // Every HELD or FAILED check with a negative number, a bound that does not apply or another surprising number gets
  // its "Why these numbers" box (scripts/reportNotes.mjs); a negative number or n/a without a note fails the build.
  const unexplained = [];
  for (const c of json.checks ?? []) {
    const labels = notedLabels(c);
    if (!labels.length) continue;
    const items = labels.map((l) => {
      const note = reportNote(c.id, l);
      if (!note) unexplained.push(`${c.id}: ${JSON.stringify(l)}`);
      return `- **${texLabel(c.id, l) ?? l}**: ${note ?? ''}`;
    });
    const heading = `## ${c.id}\n\n`;
    const at = md.indexOf(heading);
    const claimEnd = md.indexOf('\n\n', at + heading.length);
    if (at < 0 || claimEnd < 0) {
      unexplained.push(`${c.id}: no section in the report`);
      continue;
    }
    md = `${md.slice(0, claimEnd)}\n\n::: info Why these numbers\n${items.join('\n')}\n:::${md.slice(claimEnd)}`;
  }
  if (unexplained.length) {
    console.error(
      `report page: a check shows a negative number or n/a with no note in scripts/reportNotes.mjs:\n  ${unexplained.join('\n  ')}`,
    );
    process.exit(1);
  }
  md = typesetUnicodeMath(md); // (the captions and setups that the report writes in Unicode)
  md = md.replace(/^# .*\n/m, '').replace(/ \(\[PNG\]\(plots\/[^)]+\.png\)\)/g, ''); // the PNG twins are not committed
  // Plots: report.md refers to plots/<name>.svg (or .png); serve them from /report/plots/.
  if (existsSync(path.join(reportDir, 'plots')))
    cpSync(path.join(reportDir, 'plots'), path.join(site, 'public/report/plots'), { recursive: true });
  md = md.replace(/\]\(plots\//g, '](/report/plots/').replace(/src="plots\//g, 'src="/report/plots/');
  // Summary links: report.md writes GitHub's anchors (dots dropped: #claim-34); the site's are VitePress's (#claim-3-4).
  const anchors = new Map(
    [...md.matchAll(/^#{2,3} (.+)$/gm)].map(([, h]) => [
      h
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .replace(/\s+/g, '-'),
      slug(h),
    ]),
  );
  md = md.replace(/\]\(#([^)]+)\)/g, (all, id) => (anchors.has(id) ? `](#${anchors.get(id)})` : all));
  // A bound that does not apply is `null` in report.json; say so instead of printing null.
  const nulls = (md.match(/\bnull\b/g) ?? []).length;
  md = md.replace(/\bnull\b/g, 'n/a');
  const negativeLambda = json.checks?.some((c) =>
    (c.table?.rows ?? []).some((row) =>
      row.some((v, k) => c.table.columns[k] === 'λ' && typeof v === 'number' && v < 0),
    ),
  );
  const quick = json.settings?.quick ? ' (quick sizes: a smoke run, not the full report)' : '';
  write(
    path.join(site, 'reproduce.md'),
    `# Reproduce report

The output of \`softmax-ntk reproduce\`${quick}, committed in \`apps/docs/reports/latest/\`
and embedded here at build time. Generated **${json.generated}**. **${summarySentence(json.checks ?? [])}**

${machine}

::: tip How to read this report
Each check runs the paper's statement at sizes a computer can reach. The theorems' own widths and step sizes are
astronomically large (each check below prints them), so most premises are *not met* as
written; each check says which premise it relaxes and what it measures instead, and **HELD** means the measured
property holds at those sizes — not that the theorem's constant was reached. The Section 7 checks go beyond the
paper: each tests a prediction fixed before measuring, and **PREDICTION NOT CONFIRMED** is a finding, reported with
its numbers, not a claim of the paper that failed.${
      nulls
        ? `\n\n**n/a** in a bound (${nulls} place${nulls > 1 ? 's' : ''}) means the bound is not defined for that cell: it divides by $\\lambda = \\lambda_{\\min}(H^*)$, and there $\\lambda$ is below the eigensolver's error $nd\\,u\\,\\lambda_{\\max}$ (numerically zero), so only the measured value is reported.`
        : ''
    }${
      negativeLambda
        ? `\n\nA **negative $\\lambda$** (of order $10^{-14}$) is rounding noise around $\\lambda_{\\min}(H^*) = 0$ of a numerically singular Gram matrix, not a negative eigenvalue: $H$ is positive semi-definite. The check treats such cells as "$\\lambda = 0$": their bound is n/a and the check's verdict does not use them.`
        : ''
    }
:::

To regenerate it (about 20 minutes on 2 cores): \`node apps/docs/scripts/update-report.mjs\` from the repository root, which runs \`softmax-ntk reproduce\` and replaces \`reports/latest/\`.

<div v-pre>

${protectSubscripts(md)}

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
/** The folder of TypeDoc's markdown output for a reflection kind (typedoc-plugin-markdown's default layout). */
/** ReflectionKind's name of a kind number (set once TypeDoc is loaded). */
let ReflectionKindName = (k) => String(k);
const KIND_FOLDER = {
  Function: 'functions',
  Class: 'classes',
  Variable: 'variables',
  Interface: 'interfaces',
  TypeAlias: 'type-aliases',
  Namespace: 'namespaces',
};

/** The first paragraph of a TSDoc summary as one line of markdown (inline code kept, links as their text). */
function firstParagraph(parts) {
  const text = (parts ?? []).map((p) => (p.kind === 'inline-tag' ? `\`${p.text}\`` : p.text)).join('');
  return text
    .split(/\n\s*\n/)[0]
    .replace(/\s+/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

/** The module (package) reflection that a reflection belongs to. */
function moduleOf(r) {
  let p = r;
  while (p && ReflectionKindName(p.kind) !== 'Module') p = p.parent;
  return p;
}

/** Whether a TypeDoc module is a package's Node-only entry (api-entry/<pkg>-node.ts, module `<pkg>/node`). */
const isNodeModule = (mod) => mod.name.endsWith('/node');

/** The rows of a module's exports: each export's page, its kind ("Node only" for the Node entry) and summary. */
function exportRows(mod) {
  return (mod.children ?? []).map((c) => {
    // A re-export of another package's export (network's `initBackend` is linalg's) is a TypeDoc reference: its
    // page is the one of the declaration it refers to, in that package's folder.
    const target = ReflectionKindName(c.kind) === 'Reference' ? c.getTargetReflectionDeep() : c;
    const kind = ReflectionKindName(target.kind);
    const folder = KIND_FOLDER[kind];
    if (!folder) throw new Error(`API index: no page folder for ${mod.name}.${c.name} (a ${kind})`);
    const home = moduleOf(target)?.name ?? mod.name;
    const comment = target.comment ?? target.signatures?.[0]?.comment;
    const link = kind === 'Namespace' ? `${folder}/${target.name}/` : `${folder}/${target.name}`;
    const from = home === mod.name ? '' : ` (re-exported from \`@softmax-ntk/${home}\`)`;
    const shownKind = kind.replace('TypeAlias', 'type') + (isNodeModule(mod) ? ', Node only' : '');
    return `| [\`${c.name}\`](/api/${home}/${link}) | ${shownKind} | ${firstParagraph(comment?.summary)}${from} |`;
  });
}

/** Markdown: per package, a table of every export — its page, its kind and the first paragraph of its summary. */
function exportIndex(project) {
  const sections = [];
  for (const mod of project.children ?? []) {
    const rows = exportRows(mod);
    const note = isNodeModule(mod)
      ? ` Node only: files, worker threads and processes, imported from \`@softmax-ntk/${mod.name}\`.`
      : '';
    sections.push(
      `### ${mod.name}\n\n[\`@softmax-ntk/${mod.name}\`](/api/${mod.name}/) — ${rows.length} exports.${note}\n\n| export | kind | summary |\n|---|---|---|\n${rows.join('\n')}\n`,
    );
  }
  // (v-pre: a summary's braces are text, not Vue interpolation)
  return `## Every export\n\nEach export of each package, with the first paragraph of its summary; the exports of \`@softmax-ntk/<pkg>/node\` (marked *Node only*) need Node.js.\n\n<div v-pre>\n\n${sections.join('\n')}\n</div>\n`;
}

/** Markdown for a package's index page: the exports of its Node-only entry, each with its one-line summary. */
function nodeSection(mod) {
  return `\n## Node only: \`@softmax-ntk/${mod.name}\`\n\nThese exports need Node.js (files, worker threads, processes) and are imported from \`@softmax-ntk/${mod.name}\`; their pages are under [${mod.name}](/api/${mod.name}/).\n\n<div v-pre>\n\n| export | kind | summary |\n|---|---|---|\n${exportRows(mod).join('\n')}\n\n</div>\n`;
}

if (!skipApi) {
  const { Application, ReflectionKind } = await import('typedoc');
  ReflectionKindName = (k) => ReflectionKind[k];
  const td = await Application.bootstrapWithPlugins({
    // (each package's main entry, then its Node-only subpath `@softmax-ntk/<pkg>/node`: module `<pkg>/node`)
    entryPoints: API_ENTRIES.map((e) => path.join(app, 'api-entry', `${e}.ts`)),
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
    sourceLinkTemplate: `${SOURCE_URL}/{path}#L{line}`,
    displayBasePath: root,
    hidePageHeader: true,
    // Module pages list each export with the first paragraph of its summary.
    indexFormat: 'table',
    logLevel: 'Warn',
  });
  const project = await td.convert();
  if (!project) {
    console.error('TypeDoc: conversion failed');
    process.exit(1);
  }
  rmSync(path.join(site, 'api'), { recursive: true, force: true });
  await td.generateOutputs(project);
  // The overview lists every export of every package with its one-line summary (TypeDoc's own lists modules only).
  writeFileSync(
    path.join(site, 'api/index.md'),
    `${readFileSync(path.join(site, 'api/index.md'), 'utf8')}\n${exportIndex(project)}`,
  );
  // Each package's index page lists its Node-only exports too (their pages are under api/<pkg>/node/).
  for (const mod of (project.children ?? []).filter(isNodeModule)) {
    const index = path.join(site, 'api', mod.name.replace(/\/node$/, ''), 'index.md');
    writeFileSync(index, `${readFileSync(index, 'utf8')}${nodeSection(mod)}`);
  }
  // Identifiers with underscores in TSDoc prose (`x_i` outside `$…$`): keep markdown from reading them as emphasis.
  // A declaration inherited from a dependency's typings (tfjs, Node) has no source in this repository: name the
  // package instead of linking into node_modules.
  const dependencySource = /\[[^\]]*node\\?_modules\/(?!\.pnpm)((?:@[^/\]]+\/)?[^/\]]+)\/[^\]]*\]\([^)]*\)/g;
  // (the TSDoc writes its formulas in TeX, `$…$`, which KaTeX typesets: test/apiUnicodeMath.test.ts keeps it so)
  for (const f of walk(path.join(site, 'api')).filter((f) => f.endsWith('.md'))) {
    const text = readFileSync(f, 'utf8').replace(
      dependencySource,
      (_, pkg) => `\`${pkg.replace(/\\_/g, '_')}\` (a dependency's typings)`,
    );
    writeFileSync(f, protectSubscripts(text));
  }
}
writePaperMap();
console.log('docs: generated pages ready');
