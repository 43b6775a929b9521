/**
 * Fast start (issue #14): no package's main entry, and not the CLI's start-up
 * module, loads mathjs, bullmq, ioredis, resvg or piscina at import time; the
 * CLI's start-up module loads neither tfjs nor any @softmax-ntk package (those
 * load with the command that needs them). Static import closures from the
 * sources, computed by tooling/scripts/check-eager-imports.mjs.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface Closure {
  thirdParty: Record<string, string>;
  workspace: string[];
  problems: string[];
}

const script = join(__dirname, '../../scripts/check-eager-imports.mjs');

/** The checker's findings (an ES module on esbuild's API: run as a process, as `pnpm check:imports` does). */
function check(...targets: string[]): { status: number | null; all: Record<string, Closure> } {
  const r = spawnSync('node', [script, '--json', ...targets], { encoding: 'utf8' });
  return { status: r.status, all: JSON.parse(r.stdout) as Record<string, Closure> };
}

describe('heavy dependencies load where they are used', () => {
  const packages = ['linalg', 'network', 'ntk', 'diffusion', 'sweep', 'attention', 'verify'];

  it.each(packages)('@softmax-ntk/%s: the main entry loads no heavy dependency', (pkg) => {
    const { all } = check(pkg);
    expect(all[pkg]?.problems).toEqual([]);
    // What a main entry may load at import: tfjs-core (the peer), seedrandom and papaparse (linalg's CSV reader);
    // verify also bundles the reference. zod loads on the first file read (linalg's lazySchema), and anything else
    // (mathjs, bullmq, ioredis, resvg, piscina) on the path that uses it.
    const base = ['@tensorflow/tfjs-core', 'papaparse', 'seedrandom'];
    const expected = pkg === 'verify' ? [...base, '@softmax-ntk/reference'] : base;
    expect(Object.keys(all[pkg]?.thirdParty ?? {}).sort()).toEqual(expected.sort());
  });

  it('the CLI start-up module (--help, --version) loads commander only', () => {
    const { status, all } = check('cli');
    expect(all['cli']).toEqual({ thirdParty: { commander: expect.any(String) }, workspace: [], problems: [] });
    expect(status).toBe(0);
  });

  it('verify/node loads resvg only when a PNG is rendered', () => {
    expect(Object.keys(check('verify/node').all['verify/node']?.thirdParty ?? {})).not.toContain('@resvg/resvg-js');
  });

  it('the check fails on a module that imports mathjs at top level, naming the file', () => {
    const fixture = join(__dirname, 'fixtures/eagerMathjs.mjs');
    const { status, all } = check(fixture);
    expect(all[fixture]?.problems).toEqual([
      'mathjs imported at top level by tooling/packaging/test/fixtures/eagerMathjs.mjs',
    ]);
    expect(status).toBe(1);
  });
});
