#!/usr/bin/env node
// Bundles each published package's environment-neutral entry (`src/index.ts`)
// with esbuild for `platform: 'browser'` and reports every Node built-in the
// bundle would need. Workspace packages resolve to their sources (as the jest
// preset does), so the check needs no build. Exit 1 when any entry reaches a
// Node built-in; `--json` prints the findings as JSON.
//
// Usage: node tooling/scripts/check-browser-entries.mjs [--json] [--entry=index|node] [package ...]
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BROWSER_PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'sweep', 'attention', 'verify'];
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The Node built-ins reachable from `packages/<pkg>/src/<entry>.ts` (default `index`), each with the file that imports it. */
export async function nodeBuiltinsReachable(pkg, entry = 'index') {
  const found = [];
  const plugin = {
    name: 'find-node-builtins',
    setup(build) {
      // `@softmax-ntk/<pkg>` and `@softmax-ntk/<pkg>/node`, from the sources.
      build.onResolve(
        { filter: /^@softmax-ntk\/(linalg|network|ntk|diffusion|verify|sweep|attention)(\/node)?$/ },
        (args) => {
          const [pkg, sub] = args.path.slice('@softmax-ntk/'.length).split('/');
          return { path: join(root, 'packages', pkg, `src/${sub ?? 'index'}.ts`) };
        },
      );
      build.onResolve({ filter: /.*/ }, (args) => {
        // Third-party modules are left to esbuild: their `browser` field maps
        // the built-ins they guard (tfjs, seedrandom); an unmapped one is a
        // resolve error, reported below.
        if (!builtins.has(args.path) || args.importer.includes('/node_modules/')) return undefined;
        found.push({ builtin: args.path, importer: args.importer.replace(`${root}/`, ''), kind: args.kind });
        return { path: args.path, external: true };
      });
    },
  };
  let result;
  try {
    result = await esbuild.build({
      entryPoints: [join(root, 'packages', pkg, `src/${entry}.ts`)],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      plugins: [plugin],
    });
  } catch (err) {
    result = { errors: err.errors ?? [{ text: String(err) }] };
  }
  const errors = result.errors.map(
    (e) => `${e.text}${e.location ? ` (${e.location.file.replace(/^.*node_modules\//, '')})` : ''}`,
  );
  return { found, errors: [...new Set(errors)] };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const pkgs = args.length ? args : BROWSER_PACKAGES;
  const entry = process.argv.find((a) => a.startsWith('--entry='))?.slice('--entry='.length) ?? 'index';
  let bad = 0;
  const all = {};
  for (const pkg of pkgs) {
    let res;
    try {
      res = await nodeBuiltinsReachable(pkg, entry);
    } catch (err) {
      res = { found: [], errors: (err.errors ?? [err]).map((e) => e.text ?? String(e)) };
    }
    all[pkg] = res;
    if (res.found.length || res.errors.length) bad++;
    if (process.argv.includes('--json')) continue;
    const status = res.found.length || res.errors.length ? 'FAIL' : 'ok';
    console.log(`@softmax-ntk/${pkg}: ${status}`);
    for (const f of res.found) console.log(`  ${f.builtin} (${f.kind}) from ${f.importer}`);
    for (const e of res.errors) console.log(`  error: ${e}`);
  }
  if (process.argv.includes('--json')) console.log(JSON.stringify(all, null, 2));
  process.exitCode = bad ? 1 : 0;
}
