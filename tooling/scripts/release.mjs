#!/usr/bin/env node
// `pnpm release`: build the published packages, version them from the pending
// changesets (one `fixed` group: they always move together), and publish.
// `pnpm release --dry-run` changes nothing: it builds, reports the versions the
// changesets would give (`changeset status`), and runs `pnpm publish
// --dry-run` for every published package (the tarballs npm would receive).
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dryRun = process.argv.includes('--dry-run');
const PUBLISHED = ['./packages/*', './apps/cli'];
const filters = PUBLISHED.flatMap((p) => ['--filter', p]);

function step(title, cmd, args) {
  console.log(`\n== ${title}: ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
}

step('build', 'pnpm', ['exec', 'turbo', 'run', 'build', ...filters]);
if (dryRun) {
  step('versions the changesets would give', 'pnpm', ['exec', 'changeset', 'status', '--verbose']);
  step('publish (dry run)', 'pnpm', [
    '-r',
    ...filters,
    'publish',
    '--dry-run',
    '--no-git-checks',
    '--access',
    'public',
  ]);
} else {
  step('version', 'pnpm', ['exec', 'changeset', 'version']);
  step('lockfile', 'pnpm', ['install', '--lockfile-only']);
  step('build the new versions', 'pnpm', ['exec', 'turbo', 'run', 'build', ...filters]);
  step('publish', 'pnpm', ['exec', 'changeset', 'publish']);
}
