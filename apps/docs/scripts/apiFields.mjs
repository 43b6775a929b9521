// The per-field documentation of the API: every parameter of every exported function (and method, constructor)
// and every field of every exported interface, type literal or class has a TSDoc comment of its own (`@param` for a
// parameter, a comment on the field), so that the API pages' Parameters and Properties tables say what each is.
// Used by the docs test (test/apiFields.test.ts): it names each symbol and field that lacks one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The packages whose API the docs site documents (scripts/prepare.mjs). */
export const API_PACKAGES = ['linalg', 'network', 'ntk', 'diffusion', 'attention', 'verify', 'sweep'];

/**
 * The TypeDoc project of the docs' API entries (api-entry/*.ts: each package's main entry and its Node-only entry
 * `<pkg>-node.ts`), converted without writing any output.
 */
export async function convertApi(packages = API_PACKAGES) {
  const { Application } = await import('typedoc');
  const td = await Application.bootstrap({
    entryPoints: [...packages, ...packages.map((p) => `${p}-node`)].map((e) => path.join(app, 'api-entry', `${e}.ts`)),
    tsconfig: path.join(app, 'tsconfig.typedoc.json'),
    excludePrivate: true,
    excludeInternal: true,
    skipErrorChecking: true,
    disableGit: true,
    sourceLinkTemplate: 'https://example.invalid/{path}#L{line}',
    logLevel: 'Error',
  });
  const project = await td.convert();
  if (!project) throw new Error('TypeDoc: conversion failed');
  return project;
}

const hasText = (comment) =>
  Boolean(comment) &&
  [...(comment.summary ?? []), ...(comment.blockTags ?? []).flatMap((t) => t.content)]
    .map((p) => p.text)
    .join('')
    .trim().length > 0;

/**
 * Every parameter and field of the project's exports that has no comment of its own, as `pkg: Symbol.field`
 * (a parameter: `pkg: fn(param)`). A field inherited from a class or interface of the repository counts where it
 * is declared; members that TypeDoc takes from a dependency's typings (e.g. `Error`'s `message`, `stack`) are not
 * this project's to document and are skipped.
 */
export function undocumentedFields(project, K) {
  const problems = [];
  const seen = new Set();
  const fromDependency = (r) => (r.sources ?? []).some((s) => /node_modules/.test(s.fullFileName ?? s.fileName));
  const where = (r) => {
    const s = r?.sources?.[0];
    return s ? ` (${s.fileName}:${s.line})` : '';
  };
  const checkParams = (pkg, label, sig) => {
    for (const p of sig.parameters ?? []) {
      // A destructured parameter (`{ a, b }: Options`) is documented by its type's fields.
      if (p.name === '__namedParameters') continue;
      if (!hasText(p.comment)) problems.push(`${pkg}: ${label}(${p.name}) has no @param${where(sig)}`);
      checkType(pkg, `${label}(${p.name})`, p.type);
    }
  };
  const checkType = (pkg, label, type) => {
    // An inline object type (a parameter `opts: { a: number }` or a type alias of one): its fields need comments.
    const decl = type?.type === 'reflection' ? type.declaration : undefined;
    if (!decl) return;
    for (const c of decl.children ?? []) {
      if (!hasText(c.comment) && !hasText(c.signatures?.[0]?.comment))
        problems.push(`${pkg}: ${label}.${c.name} has no comment${where(c)}`);
    }
  };
  const visit = (pkg, r, owner) => {
    if (fromDependency(r) || r.flags?.isPrivate || r.flags?.isExternal) return;
    const kind = r.kindOf.bind(r);
    const label = owner ? `${owner}.${r.name}` : r.name;
    if (kind(K.Function) || kind(K.Method) || kind(K.Constructor)) {
      if (r.inheritedFrom && owner) return;
      for (const s of r.signatures ?? []) checkParams(pkg, kind(K.Constructor) ? `new ${owner}` : label, s);
      return;
    }
    if (kind(K.Property) || kind(K.Accessor)) {
      // (an inherited field is checked once, where it is declared: an unexported base interface included)
      const at = where(r);
      if (seen.has(at || label)) return;
      seen.add(at || label);
      const comment = r.comment ?? r.getSignature?.comment;
      if (!hasText(comment)) problems.push(`${pkg}: ${label} has no comment${where(r)}`);
      return;
    }
    if (kind(K.Interface) || kind(K.Class)) {
      for (const c of r.children ?? []) visit(pkg, c, r.name);
      return;
    }
    if (kind(K.TypeAlias)) {
      checkType(pkg, r.name, r.type);
      return;
    }
    if (kind(K.Namespace)) for (const c of r.children ?? []) visit(pkg, c, r.name);
  };
  for (const mod of project.children ?? []) for (const r of mod.children ?? []) visit(mod.name, r, undefined);
  return problems;
}

/** The list of undocumented parameters and fields of the docs' API (run as a script: print it). */
export async function missingFieldDocs(packages = API_PACKAGES) {
  const { ReflectionKind } = await import('typedoc');
  const project = await convertApi(packages);
  return undocumentedFields(project, ReflectionKind);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = await missingFieldDocs();
  console.log(problems.join('\n'));
  console.error(`${problems.length} undocumented parameters and fields`);
}
