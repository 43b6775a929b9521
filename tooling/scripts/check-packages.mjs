#!/usr/bin/env node
// The published packages as users receive them: each is packed (`pnpm pack`,
// so `workspace:*` becomes a version), then checked by publint (package.json
// against the files) and @arethetypeswrong/cli (types for ESM `import` and
// CommonJS `require` under node16/nodenext and bundler resolution; node10 is
// not a target: every package needs Node ≥ 20). Needs a build (`pnpm build`).
// Exit 1 on any problem. Usage: node tooling/scripts/check-packages.mjs [dir ...]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PUBLISHED = [
  'packages/linalg',
  'packages/network',
  'packages/ntk',
  'packages/diffusion',
  'packages/attention',
  'packages/verify',
  'packages/sweep',
  'apps/cli',
];

const bin = (name) => join(root, 'node_modules/.bin', name);

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}`.trim() };
}

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const dirs = args.length ? args : PUBLISHED;
const tmp = mkdtempSync(join(tmpdir(), 'softmax-ntk-check-packages-'));
let bad = 0;
try {
  for (const d of dirs) {
    const dir = resolve(root, d);
    const out = join(tmp, d.replace(/\//g, '-'));
    execFileSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, stdio: 'pipe' });
    const tarball = join(
      out,
      readdirSync(out).find((f) => f.endsWith('.tgz')),
    );
    const publint = run(bin('publint'), ['run', '--strict', tarball], dir);
    const attw = run(bin('attw'), [tarball, '--profile', 'node16', '--format', 'table-flipped'], dir);
    const ok = publint.ok && attw.ok;
    if (!ok) bad++;
    console.log(`${d}: publint ${publint.ok ? 'ok' : 'FAIL'}, attw ${attw.ok ? 'ok' : 'FAIL'}`);
    if (!publint.ok || process.argv.includes('--verbose')) console.log(publint.out.replace(/^/gm, '  '));
    if (!attw.ok || process.argv.includes('--verbose')) console.log(attw.out.replace(/^/gm, '  '));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = bad ? 1 : 0;
