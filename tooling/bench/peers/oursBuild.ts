/**
 * Which build of softmax-ntk the peer harnesses (run.ts, float64.ts) measure: by default the built packages
 * (`packages/<pkg>/dist`, what a user installs: worker threads start from their built entries, with no TypeScript
 * loader in them), refused when a package's sources are newer than its build; with `--sources`, the TypeScript
 * sources of the tree through tsx (./tsconfig.json), for measuring a change before building it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGES = ['linalg', 'network', 'ntk', 'diffusion'];

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The tsconfig for tsx that maps the workspace packages to what is measured: ./tsconfig.dist.json (built entries),
 * or ./tsconfig.json with `--sources`. Exits with a message naming the package when a build is missing or older
 * than its sources.
 */
export function oursTsconfig(root: string, here: string, args: string[]): string {
  if (args.includes('--sources')) return join(here, 'tsconfig.json');
  for (const pkg of PACKAGES) {
    const src = newest(join(root, 'packages', pkg, 'src'));
    const built = existsSync(join(root, 'packages', pkg, 'dist', 'index.js'))
      ? statSync(join(root, 'packages', pkg, 'dist', 'index.js')).mtimeMs
      : 0;
    if (built < src) {
      console.error(
        `packages/${pkg}: its dist/ is ${built ? 'older than its sources' : 'missing'}; run \`pnpm build\` first (or pass --sources to measure the TypeScript sources)`,
      );
      process.exit(1);
    }
  }
  return join(here, 'tsconfig.dist.json');
}
