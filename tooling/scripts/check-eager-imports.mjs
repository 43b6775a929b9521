#!/usr/bin/env node
// Fast start (issue #14): lists the third-party packages a module loads at
// import time — its static import closure, followed through the workspace
// packages' sources (`@softmax-ntk/<pkg>` and `<pkg>/node`), with dynamic
// `import()` left unfollowed — and fails when a heavy one is among them:
// mathjs, bullmq, ioredis, resvg, piscina and zod load only on the paths that use
// them. The CLI's start-up module (apps/cli/src/cli.ts, what `--help`,
// `--version` and every command load first) must also load no tfjs and no
// @softmax-ntk package. Needs no build. Exit 1 on a finding; `--json` prints
// every target's closure.
//
// Usage: node tooling/scripts/check-eager-imports.mjs [--json] [target ...]
//   target: a package name (its main entry), `<pkg>/node`, `cli`, or a file path; default: every main entry, the
//   Node subpaths and the CLI.
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'sweep', 'attention', 'verify'];
/** The Node subpaths checked too (sweep's runner loads BullMQ/ioredis/Piscina only for the executors using them). */
const NODE_ENTRIES = ['network/node', 'diffusion/node', 'sweep/node', 'attention/node', 'verify/node'];
/** Third-party packages that cost more than a few milliseconds to load, or open connections: load where used. */
export const HEAVY = ['mathjs', 'bullmq', 'ioredis', '@resvg/resvg-js', 'piscina', 'zod'];
/** What the CLI's start-up module may not load either (it would slow `--help` and `--version`). */
const CLI_FORBIDDEN = [/^@tensorflow\//, /^@softmax-ntk\//];
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** The source file of a target: `diffusion`, `diffusion/node` or `cli`. */
function entryOf(target) {
  if (target === 'cli') return join(root, 'apps/cli/src/cli.ts');
  if (/\.(ts|mjs|js)$/.test(target)) return resolve(target);
  const [pkg, sub] = target.split('/');
  return join(root, 'packages', pkg, `src/${sub ?? 'index'}.ts`);
}

/**
 * The third-party packages `target` imports statically (each with the first file that imports it), and the
 * workspace packages it imports statically (the CLI's start-up check uses them).
 */
export async function eagerImports(target) {
  const thirdParty = new Map();
  const workspace = new Set();
  const plugin = {
    name: 'static-closure',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        // A dynamic import() is the lazy path: not followed.
        if (args.kind === 'dynamic-import') return { path: args.path, external: true };
        if (builtins.has(args.path)) return { path: args.path, external: true };
        const ws = /^@softmax-ntk\/(linalg|network|ntk|diffusion|verify|sweep|attention)(\/node)?$/.exec(args.path);
        if (ws) {
          workspace.add(args.path);
          return { path: join(root, 'packages', ws[1], `src/${ws[2] ? 'node' : 'index'}.ts`) };
        }
        if (args.path.startsWith('.') || args.path.startsWith('/')) return undefined;
        const name = packageName(args.path);
        if (!thirdParty.has(name)) thirdParty.set(name, args.importer.replace(`${root}/`, ''));
        return { path: args.path, external: true };
      });
    },
  };
  await esbuild.build({
    entryPoints: [entryOf(target)],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [plugin],
  });
  return { thirdParty: Object.fromEntries(thirdParty), workspace: [...workspace].sort() };
}

/** The findings of one target: each a line naming the package and the file that imports it. */
export function problems(target, closure) {
  const out = [];
  for (const [name, importer] of Object.entries(closure.thirdParty)) {
    if (HEAVY.includes(name)) out.push(`${name} imported at top level by ${importer}`);
    else if (target === 'cli' && CLI_FORBIDDEN.some((re) => re.test(name)))
      out.push(`${name} loaded by the CLI's start-up path (${importer})`);
  }
  if (target === 'cli') for (const w of closure.workspace) out.push(`${w} loaded by the CLI's start-up path`);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const targets = args.length ? args : [...PACKAGES, ...NODE_ENTRIES, 'cli'];
  const json = process.argv.includes('--json');
  const all = {};
  let bad = 0;
  for (const target of targets) {
    let closure;
    let found;
    try {
      closure = await eagerImports(target);
      found = problems(target, closure);
    } catch (err) {
      closure = { thirdParty: {}, workspace: [] };
      found = (err.errors ?? [err]).map((e) => `error: ${e.text ?? String(e)}`);
    }
    all[target] = { ...closure, problems: found };
    if (found.length) bad++;
    if (json) continue;
    console.log(
      `${target}: ${found.length ? 'FAIL' : 'ok'} (loads ${Object.keys(closure.thirdParty).join(', ') || 'nothing'})`,
    );
    for (const f of found) console.log(`  ${f}`);
  }
  if (json) console.log(JSON.stringify(all, null, 2));
  process.exitCode = bad ? 1 : 0;
}
