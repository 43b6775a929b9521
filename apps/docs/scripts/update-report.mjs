#!/usr/bin/env node
// Regenerates apps/docs/reports/latest/ from a full `softmax-ntk reproduce`
// run (about 20 minutes on 2 cores), with MACHINE.md saying where and when.
// Run from anywhere after `pnpm build`: node apps/docs/scripts/update-report.mjs [--quick]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdtempSync, readdirSync, rmSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(app, '../..');
const quick = process.argv.includes('--quick');
const out = mkdtempSync(path.join(tmpdir(), 'softmax-ntk-report-'));
const args = [
  path.join(root, 'apps/cli/bin/softmax-ntk.js'),
  'reproduce',
  '--out',
  out,
  '--no-png',
  ...(quick ? ['--quick'] : []),
];
const git = (...a) => {
  try {
    return execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
// The commit and the state of the working tree the run computes from, taken before it starts (edits made
// while the run goes on are not in it).
const commit = git('rev-parse', 'HEAD');
const dirty = git('status', '--porcelain') !== '';
const started = new Date();
const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
// Exit 1 (a check failed) still writes the report; only a crash has no report.
if (r.status !== 0 && r.status !== 1) process.exit(r.status ?? 1);
const dest = path.join(app, 'reports/latest');
rmSync(dest, { recursive: true, force: true });
mkdirSync(path.join(dest, 'plots'), { recursive: true });
for (const f of ['report.md', 'report.json']) cpSync(path.join(out, f), path.join(dest, f));
for (const f of readdirSync(path.join(out, 'plots')).filter((f) => f.endsWith('.svg')))
  cpSync(path.join(out, 'plots', f), path.join(dest, 'plots', f));
writeFileSync(path.join(dest, 'MACHINE.md'), machineNote({ started, quick, commit, dirty }));
rmSync(out, { recursive: true, force: true });
console.log(`report copied to ${dest}`);

function machineNote({ started, quick, commit, dirty }) {
  const cpu = cpus();
  return `| | |
|---|---|
| command | \`softmax-ntk reproduce${quick ? ' --quick' : ''}\` |
| started | ${started.toISOString()} |
| machine | ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${process.platform}-${process.arch}, Node ${process.version} |
| commit | \`${commit}\`${dirty ? ' (with uncommitted changes in the working tree)' : ''} |
`;
}
