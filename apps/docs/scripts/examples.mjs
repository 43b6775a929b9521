// The `@example` blocks of the packages' TSDoc comments, for the docs test that runs them (test/examples.test.ts):
// each is a fenced code block whose `console.log(…)` lines end with a `// <output>` comment saying what the line
// prints (or, when the line is long, are followed by a `// → <output>` line). The API pages show the same blocks (TypeDoc renders @example), so what a reader sees is what the code prints.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The packages whose examples the docs app runs (all of them: each is a dependency of the docs app). */
export const EXAMPLE_PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep'];

function sources(dir, out = []) {
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/**
 * Every `@example` block of `packages/<pkg>/src` (tests excluded): where it is, the name it documents (the
 * declaration after its comment), its code, and the outputs its `console.log` lines promise, in order.
 */
export function collectExamples(root, packages = EXAMPLE_PACKAGES) {
  const found = [];
  // (tooling/reference: the float64 reference that verify ships as its `reference` namespace, documented there)
  const dirs = [...packages.map((pkg) => [pkg, path.join(root, 'packages', pkg, 'src')])];
  if (packages === EXAMPLE_PACKAGES) dirs.push(['reference', path.join(root, 'tooling/reference/src')]);
  for (const [pkg, dir] of dirs) {
    for (const file of sources(dir)) {
      const text = readFileSync(file, 'utf8');
      // (between the comment and its declaration, `//` lines such as an eslint directive may stand)
      for (const m of text.matchAll(/@example\s*\n((?:\s*\*.*\n)*?)\s*\*\/\s*\n(?:\s*\/\/[^\n]*\n)*([^\n]*)/g)) {
        const body = m[1]
          .split('\n')
          .map((l) => l.replace(/^\s*\* ?/, ''))
          .join('\n');
        const fence = /```(?:ts|js|typescript)?\n([\s\S]*?)```/.exec(body);
        if (!fence) continue;
        const code = fence[1];
        // A console.log line's output: its trailing `// output` comment, or (for a long line) the `// → output`
        // comment on the line after it.
        const lines = code.split('\n');
        const expected = lines.flatMap((l, k) => {
          if (!/^\s*console\.log\(/.test(l)) return [];
          const next = /^\s*\/\/ → (.*)$/.exec(lines[k + 1] ?? '');
          if (next) return [next[1].trim()];
          const c = l.lastIndexOf('// ');
          return [c < 0 ? null : l.slice(c + 3).trim()];
        });
        const name = /(?:function|class|const)\s+(\w+)/.exec(m[2])?.[1] ?? m[2].trim();
        const line = text.slice(0, m.index).split('\n').length;
        found.push({ pkg, file: path.relative(root, file).split(path.sep).join('/'), line, name, code, expected });
      }
    }
  }
  return found;
}

/**
 * Every function and class that a package exports — from its main entry (`src/index.ts`, `pkg` the package's name)
 * and from its Node-only entry (`src/node.ts`, `pkg` = `<name>/node`) — and every function of a namespace that an
 * entry exports (verify's `reference`: `name` is the member's, `namespace` the namespace's), with the file that
 * declares it (a re-export of another package's function is declared there: its example lives in that package).
 * Read with the TypeScript compiler, so `export *`, renamed and nested re-exports count as the package's users see
 * them.
 */
export async function exportedValues(root, packages = EXAMPLE_PACKAGES) {
  const { default: ts } = await import('typescript');
  const entries = packages.flatMap((p) =>
    ['index', 'node']
      .map((e) => ({ pkg: e === 'index' ? p : `${p}/node`, file: path.join(root, 'packages', p, 'src', `${e}.ts`) }))
      .filter((e) => existsSync(e.file)),
  );
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      noEmit: true,
      skipLibCheck: true,
      baseUrl: root,
      paths: {
        '@softmax-ntk/reference': ['tooling/reference/src/index.ts'],
        '@softmax-ntk/*/node': ['packages/*/src/node.ts'],
        '@softmax-ntk/*': ['packages/*/src/index.ts'],
      },
    },
  );
  const checker = program.getTypeChecker();
  const out = [];
  const resolve = (exported) => (exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported);
  const kindOf = (s) =>
    s.flags & ts.SymbolFlags.Function ? 'function' : s.flags & ts.SymbolFlags.Class ? 'class' : undefined;
  const fileOf = (s) => path.relative(root, s.declarations[0].getSourceFile().fileName).split(path.sep).join('/');
  for (const { pkg, file } of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file));
    for (const exported of checker.getExportsOfModule(module)) {
      const s = resolve(exported);
      const kind = kindOf(s);
      if (kind) out.push({ pkg, name: exported.name, kind, file: fileOf(s) });
      else if (s.flags & ts.SymbolFlags.ValueModule) {
        // `export * as reference from …`: each function of the namespace counts as an export of its own
        for (const member of checker.getExportsOfModule(s)) {
          const m = resolve(member);
          const mKind = kindOf(m);
          if (mKind) out.push({ pkg, name: member.name, kind: mKind, file: fileOf(m), namespace: exported.name });
        }
      }
    }
  }
  return out;
}
