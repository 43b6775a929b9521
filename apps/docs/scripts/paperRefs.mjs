// "The paper reference where one applies" (issue #16), made checkable: which exports of the API face the paper,
// and whether each one's API page names the paper's statement in its `@see`.
//
// How the list of paper-facing exports is made (both sources, so that a new paper-facing export cannot slip past):
//  1. the paper map (scripts/paperMap.mjs): every export it names for an item implements or measures that item, so
//     its `@see` must name the item (e.g. `@see Lemma 5.1`; for an item with two names, "Claim 3.4 / Claim A.1",
//     either); a namespace the map names (verify's `reference`) counts through its members, one of which must;
//  2. the TSDoc itself: every exported function and class (main and Node-only entries, namespace members too)
//     whose comment names a numbered statement of the paper — Definition, Lemma, Theorem, Claim, Corollary,
//     Assumption, Fact, Section, Appendix or Eq. — anywhere (summary, parameters, remarks) must carry a `@see`
//     that names one. A new export that implements a result and says so in its summary is on the list; one that
//     says nothing of the paper and is not in the map is not (the paper map's own check in prepare.mjs is where a
//     numbered result gets its code).
import { convertApi } from './apiFields.mjs';
import { PAPER_MAP } from './paperMap.mjs';

/** A numbered statement of the paper, as the TSDoc and the map write it. */
export const PAPER_STATEMENT =
  /\b(?:Definition|Lemma|Theorem|Claim|Corollary|Assumption|Fact|Section|Appendix)\s+(?:[A-Z](?:\.\d+)+|\d+(?:\.\d+)*)|\bAppendix\s+[A-Z]\b|\bEq(?:uation)?\.?\s*\(?\d+\)?/;

/**
 * The numbered statements an item of the map names, as a `@see` may write them: "Claim 3.4 / Claim A.1" → both;
 * "Eq. 3 and Assumption 6.3" → `Eq. 3` and `Assumption 6.3`; "Table 1" → itself. A `@see` naming any one counts.
 */
export function statementsOf(id) {
  const found = [
    ...id.matchAll(
      /\b(?:Definition|Lemma|Theorem|Claim|Corollary|Assumption|Fact|Section|Appendix|Table)\s+(?:[A-Z](?:\.\d+)+|\d+(?:\.\d+)*)|\bEq\.\s*\d+/g,
    ),
  ].map((m) => m[0]);
  return found.length ? found : [id];
}

/** Whether a `@see` text names `id` (`Eq. 3` also as `Eq. (3)`; a number must not run on: 5.1 is not 5.10). */
export function names(see, id) {
  const eq = /^Eq\.\s*(\d+)$/.exec(id);
  const re = eq
    ? new RegExp(`\\bEq(?:uation)?\\.?\\s*\\(?${eq[1]}\\b`)
    : new RegExp(`\\b${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}(?!\\.?\\d)`);
  return re.test(see);
}

/**
 * Exports whose TSDoc names a statement of the paper without implementing one, each with the reason: the second
 * rule above does not apply to them. (Every entry is a judgement; keep the list short.)
 */
export const NOT_PAPER_FACING = {
  // the report's summary line says how the "Section 7 (beyond the paper)" predictions fared; it computes nothing of
  // the paper's Section 7
  'verify: summarySentence': 'names Section 7 as the heading of a group of report lines',
};

const text = (parts) => (parts ?? []).map((p) => p.text).join('');

/** All the text of a comment, and the text of its `@see` blocks. */
function commentText(comment) {
  if (!comment) return { all: '', see: [] };
  const tags = comment.blockTags ?? [];
  return {
    // (an @example's code is not a claim: `checkLemmaD3` in an example of `runChecks` does not make it paper-facing)
    all: [text(comment.summary), ...tags.filter((t) => t.tag !== '@example').map((t) => text(t.content))].join('\n'),
    see: tags.filter((t) => t.tag === '@see').map((t) => text(t.content)),
  };
}

/** The comments of a function's or class's reflection (its signatures' for a function). */
function commentsOf(r) {
  const out = [];
  if (r.comment) out.push(r.comment);
  for (const s of r.signatures ?? []) if (s.comment) out.push(s.comment);
  for (const c of r.children ?? [])
    if (c.kindOf?.(/* Constructor */ 512)) for (const s of c.signatures ?? []) if (s.comment) out.push(s.comment);
  return out;
}

/**
 * The paper-facing exports and their problems. Returns `{ facing, problems }`: `facing` is the list (`pkg: name`,
 * with why it is on it), `problems` one line per export whose page lacks the reference.
 */
export async function paperReferences() {
  const { ReflectionKind: K } = await import('typedoc');
  const project = await convertApi();
  /** pkg → name → reflection (Node entries as `pkg/node`; namespace members as `ns.member`). */
  const byModule = new Map();
  for (const mod of project.children ?? []) {
    const names = new Map();
    for (const r of mod.children ?? []) {
      const target = r.kindOf(K.Reference) ? r.getTargetReflectionDeep() : r;
      names.set(r.name, target);
      if (target.kindOf(K.Namespace)) for (const c of target.children ?? []) names.set(`${r.name}.${c.name}`, c);
    }
    byModule.set(mod.name, names);
  }
  const facing = [];
  const problems = [];
  const seen = new Set();
  // 1. the paper map
  for (const item of PAPER_MAP) {
    const ids = statementsOf(item.id);
    for (const [pkg, name] of item.code) {
      const r = byModule.get(pkg)?.get(name);
      if (!r) {
        problems.push(`${item.id}: ${pkg}.${name} is not an export of the API`);
        continue;
      }
      const members = r.kindOf(K.Namespace) ? (r.children ?? []) : [r];
      const sees = members.flatMap((m) => commentsOf(m).flatMap((c) => commentText(c).see));
      facing.push(`${pkg}: ${name} (paper map: ${item.id})`);
      seen.add(`${pkg}#${name}`);
      if (!sees.some((s) => ids.some((id) => names(s, id))))
        problems.push(`${pkg}: ${name} implements ${item.id} (paper map) but its @see does not name it`);
    }
  }
  // 2. every function and class whose TSDoc names a numbered statement
  for (const [pkg, names] of byModule) {
    for (const [name, r] of names) {
      if (!r.kindOf(K.Function) && !r.kindOf(K.Class)) continue;
      const texts = commentsOf(r).map(commentText);
      const all = texts.map((t) => t.all).join('\n');
      const m = PAPER_STATEMENT.exec(all);
      if (!m) continue;
      if (NOT_PAPER_FACING[`${pkg}: ${name}`] && !seen.has(`${pkg}#${name}`)) continue;
      if (!seen.has(`${pkg}#${name}`)) facing.push(`${pkg}: ${name} (its TSDoc names ${m[0]})`);
      if (!texts.some((t) => t.see.some((s) => PAPER_STATEMENT.test(s))))
        problems.push(`${pkg}: ${name} names ${m[0]} but has no @see naming a statement of the paper`);
    }
  }
  return { facing, problems };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const { facing, problems } = await paperReferences();
  console.log(problems.join('\n'));
  console.error(`${facing.length} paper-facing exports, ${problems.length} without the reference`);
}
