/**
 * The "a user installs one package from the registry" test: pack a workspace
 * package (and the workspace packages it depends on) with `pnpm pack`, install
 * the tarballs with npm into a temporary project outside the workspace, and run
 * the first ```js block of the package's README there.
 *
 * Needs the packages built (`dist/`); turbo's `test` task depends on `build`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

/** The first fenced ```js (or ```javascript / ```mjs) block of a README. */
export function readmeExample(readme: string): string {
  const m = /```(?:js|javascript|mjs)[^\n]*\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no ```js example block');
  return m[1] as string;
}

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
}

/** Workspace packages `name` depends on, transitively, as directories (dependencies only). */
function workspaceClosure(pkgDir: string, seen = new Set<string>()): Set<string> {
  if (seen.has(pkgDir)) return seen;
  seen.add(pkgDir);
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as PackageJson;
  for (const [dep, spec] of Object.entries(pkg.dependencies ?? {})) {
    if (!spec.startsWith('workspace:')) continue;
    const short = dep.replace(/^@softmax-ntk\//, '');
    const dir = [join(ROOT, 'packages', short), join(ROOT, 'apps', short)].find((d) => {
      try {
        return (JSON.parse(readFileSync(join(d, 'package.json'), 'utf8')) as PackageJson).name === dep;
      } catch {
        return false;
      }
    });
    if (!dir) throw new Error(`workspace dependency ${dep} of ${pkg.name} not found`);
    workspaceClosure(dir, seen);
  }
  return seen;
}

export interface PackResult {
  /** Standard output of the example. */
  stdout: string;
  /** The temporary project (removed unless keep is set). */
  dir: string;
}

export function packAndRunReadmeExample(pkgDir: string, { keep = false } = {}): PackResult {
  const dir = mkdtempSync(join(tmpdir(), 'softmax-ntk-pack-'));
  const tarDir = join(dir, 'tarballs');
  mkdirSync(tarDir);
  try {
    for (const d of workspaceClosure(resolve(pkgDir))) {
      execFileSync('pnpm', ['pack', '--pack-destination', tarDir], { cwd: d, stdio: 'pipe' });
    }
    const tarballs = readdirSync(tarDir)
      .filter((f) => f.endsWith('.tgz'))
      .map((f) => join(tarDir, f));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pack-test', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs], {
      cwd: dir,
      stdio: 'pipe',
    });
    writeFileSync(join(dir, 'example.mjs'), readmeExample(readFileSync(join(pkgDir, 'README.md'), 'utf8')));
    const stdout = execFileSync('node', ['example.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { stdout, dir };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
