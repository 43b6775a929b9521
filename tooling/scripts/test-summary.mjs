#!/usr/bin/env node
// Runs the workspace test pipeline (`turbo run test`), streaming its output,
// then lists the skipped tests by name and prints one closing line
// "N passed, M failed, K skipped" summed over every jest run that turbo
// executed or replayed from its cache. Exit code: turbo's.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

// Test-only tools from Debian's packages: the docs app's browser tests drive
// Chromium, the sweep queue tests start redis-server. As root (CI) they are
// installed with apt-get when absent; otherwise the tests that need them are
// skipped by name (listed below) — and under CI=true such a skip fails.
function missingTools() {
  const need = [];
  if (!existsSync('/usr/bin/chromium')) need.push('chromium');
  try {
    execFileSync('sh', ['-c', 'command -v redis-server'], { stdio: 'ignore' });
  } catch {
    need.push('redis-server');
  }
  return need;
}

function ensureDebianTools() {
  const need = missingTools();
  if (need.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.log(`test tools missing: ${need.join(', ')}; the tests that need them are skipped (listed at the end)`);
    return;
  }
  console.log(`test tools missing: ${need.join(', ')}; installing with apt-get (Debian packages)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...need], { stdio: 'inherit', env });
  } catch {
    console.log(`could not install ${need.join(', ')}: the tests that need them are skipped (a failure under CI=true)`);
  }
}
ensureDebianTools();

// --continue: one failing package must not hide the results of the others.
const args = ['exec', 'turbo', 'run', 'test', '--continue', ...process.argv.slice(2)];
const child = spawn('pnpm', args, {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
});
let buf = '';
const onData = (stream) => (chunk) => {
  stream.write(chunk);
  buf += chunk.toString();
};
child.stdout.on('data', onData(process.stdout));
child.stderr.on('data', onData(process.stderr));
child.on('close', (code) => {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  // Named skips (tooling/jest-preset/skipReporter.cjs), once each (turbo prefixes lines with the task).
  const skippedNames = [
    ...new Set([...buf.matchAll(/^(?:(\S+):test: )?skipped: (.+)$/gm)].map((m) => `${m[1] ?? ''} ${m[2]}`.trim())),
  ];
  // jest's summary: "Tests:       1 failed, 2 skipped, 6 passed, 9 total"
  // eslint-disable-next-line no-control-regex
  for (const line of buf.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    const m = /Tests:\s+(.*\d+ total)/.exec(line);
    if (!m) continue;
    for (const part of m[1].split(',')) {
      const [n, what] = part.trim().split(/\s+/);
      if (what === 'passed') passed += Number(n);
      else if (what === 'failed') failed += Number(n);
      else if (what === 'skipped' || what === 'todo') skipped += Number(n);
    }
  }
  // A package whose jest run died before its summary (no tests found, a crash)
  // counts as one failure, so the closing line never reads "0 failed" on a red run.
  const failedTasks = [...buf.matchAll(/([@\w/.-]+)#test: .*ERROR|Failed:\s+(.*)/g)]
    .map((m) => (m[1] ?? m[2]).replace(/#test$/, ''))
    .filter(Boolean);
  if (code !== 0 && failed === 0) failed = Math.max(1, new Set(failedTasks).size);
  if (failedTasks.length) process.stdout.write(`\nfailed tasks: ${[...new Set(failedTasks)].join(', ')}\n`);
  if (skippedNames.length) process.stdout.write(`\nskipped tests:\n${skippedNames.map((n) => `  ${n}`).join('\n')}\n`);
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = code === 0 && failed === 0 ? 0 : code || 1;
});
