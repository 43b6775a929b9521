/**
 * One codebase for every environment (issue #14): the main entry of each
 * package, bundled by esbuild for `platform: 'browser'`, reaches no Node
 * built-in. Node-only work sits behind `@softmax-ntk/<pkg>/node`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface Finding {
  builtin: string;
  importer: string;
  kind: string;
}

const script = join(__dirname, '../../scripts/check-browser-entries.mjs');

/** The checker's findings for one entry (it is an ES module on esbuild's API: run as a process, as CI does). */
function check(pkg: string, entry = 'index'): { found: Finding[]; errors: string[] } {
  const r = spawnSync('node', [script, '--json', `--entry=${entry}`, pkg], { encoding: 'utf8' });
  const all = JSON.parse(r.stdout) as Record<string, { found: Finding[]; errors: string[] }>;
  return all[pkg] as { found: Finding[]; errors: string[] };
}

describe('main entries bundle for the browser', () => {
  // attention's trainer takes a CheckpointStore (files: @softmax-ntk/attention/node), so attention, and verify with
  // its Section 7 checks, are browser-safe too.
  it.each(['linalg', 'network', 'ntk', 'diffusion', 'sweep', 'attention', 'verify'])(
    '@softmax-ntk/%s reaches no Node built-in',
    (pkg) => {
      const { found, errors } = check(pkg);
      expect(found.map((f) => `${f.builtin} from ${f.importer}`)).toEqual([]);
      expect(errors).toEqual([]);
    },
  );

  it('the checker finds a Node built-in where there is one (the Node subpath)', () => {
    // Proves the check can fail: linalg's Node subpath imports node:fs and node:path.
    const { found } = check('linalg', 'node');
    expect(found.map((f) => f.builtin)).toEqual(expect.arrayContaining(['node:fs', 'node:path']));
  });
});
