#!/usr/bin/env node
// `pnpm build` of the docs: generate the pages that come from the rest of the repository (prepare.mjs) and the
// tutorial's figures (figures.mjs), then build the static site into site/.vitepress/dist/.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: app, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(process.execPath, ['scripts/prepare.mjs']);
// The tutorial's figures, computed with the packages (a few seconds): site/public/figures/.
run(process.execPath, ['scripts/figures.mjs']);
run(process.execPath, [path.join(app, 'node_modules/vitepress/bin/vitepress.js'), 'build', 'site']);
