#!/usr/bin/env node
/**
 * Install footprint of each published package, as a user gets it (issue #14): every package is packed
 * (`pnpm pack`, after `pnpm build`), then each one is installed alone with npm from its tarball, in an empty folder
 * outside the workspace, with the workspace packages it depends on as tarballs too and its TensorFlow.js peers from
 * the npm registry (no tfjs-node). Prints, per package, the size of `node_modules` (`du -sk`) and the number of
 * packages in it; `--write` puts the line into each package README (the line starting `Install footprint:`).
 *
 *   node tooling/scripts/footprint.mjs [--write] [package-dir …]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
/** The published packages: every non-private package under packages/ and apps/. */
const ALL = ['packages', 'apps'].flatMap((group) =>
  readdirSync(join(ROOT, group))
    .map((name) => `${group}/${name}`)
    .filter((d) => existsSync(join(ROOT, d, 'package.json')) && !readJson(join(ROOT, d, 'package.json')).private),
);
const args = process.argv.slice(2);
const write = args.includes('--write');
const chosen = args.filter((a) => !a.startsWith('--'));
const targets = chosen.length ? chosen : ALL;

const manifest = (dir) => readJson(join(ROOT, dir, 'package.json'));
const byName = new Map(ALL.map((d) => [manifest(d).name, d]));

/** The workspace packages `dir` needs, itself included (dependencies only, transitively). */
function closure(dir, seen = new Set()) {
  if (seen.has(dir)) return seen;
  seen.add(dir);
  for (const dep of Object.keys(manifest(dir).dependencies ?? {})) {
    const d = byName.get(dep);
    if (d) closure(d, seen);
  }
  return seen;
}

/** Peers to install beside it: every workspace package's tfjs peers, except tfjs-node (optional). */
function peers(dirs) {
  const out = {};
  for (const d of dirs)
    for (const [name, range] of Object.entries(manifest(d).peerDependencies ?? {}))
      if (name !== '@tensorflow/tfjs-node' && !byName.has(name)) out[name] = range;
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'softmax-ntk-footprint-'));
const tarDir = join(work, 'tarballs');
mkdirSync(tarDir);
const tarball = new Map();
for (const d of ALL) {
  const before = new Set(readdirSync(tarDir));
  execFileSync('pnpm', ['pack', '--pack-destination', tarDir], { cwd: join(ROOT, d), stdio: 'pipe' });
  const added = readdirSync(tarDir).filter((f) => !before.has(f));
  tarball.set(d, join(tarDir, added[0]));
}

const date = new Date().toISOString().slice(0, 10);
const results = [];
try {
  for (const d of targets) {
    const app = join(work, manifest(d).name.replace(/[@/]/g, '_'));
    mkdirSync(app);
    const dirs = [...closure(d)];
    const deps = Object.fromEntries(dirs.map((x) => [manifest(x).name, `file:${tarball.get(x)}`]));
    Object.assign(deps, peers(dirs));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'footprint', private: true, dependencies: deps }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--omit=optional', '--loglevel=error'], {
      cwd: app,
      stdio: 'pipe',
    });
    const kb = Number(execFileSync('du', ['-sk', join(app, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]);
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8'));
    const count = Object.keys(lock.packages ?? {}).filter((k) => k.startsWith('node_modules/')).length;
    const mb = Math.round(kb / 1024);
    results.push({ dir: d, name: manifest(d).name, mb, count });
    console.log(`${manifest(d).name}: ${mb} MB in node_modules, ${count} packages`);
    if (write) {
      const readme = join(ROOT, d, 'README.md');
      const text = readFileSync(readme, 'utf8');
      const line =
        `Install footprint: ${mb} MB in \`node_modules\`, ${count} packages (npm from the packed tarballs, peers ` +
        `included, no tfjs-node; \`node tooling/scripts/footprint.mjs\`, measured ${date}); most of it is ` +
        `TensorFlow.js's wasm backend.`;
      const re = /^Install footprint:.*(?:\n(?!\n).*)*/m;
      if (re.test(text)) writeFileSync(readme, text.replace(re, line));
      else console.error(`${readme}: no "Install footprint:" line; add one where it belongs, then re-run with --write`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
