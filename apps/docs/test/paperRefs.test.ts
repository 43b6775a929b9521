/**
 * "The paper reference where one applies" (issue #16): every paper-facing export's API page names the paper's
 * numbered statement in its `@see`. The list of paper-facing exports is made in scripts/paperRefs.mjs from two
 * sources — every export that the paper map (scripts/paperMap.mjs) names for an item, which must name that item,
 * and every exported function and class (main entries, Node-only entries, namespace members) whose TSDoc names a
 * Definition, Lemma, Theorem, Claim, Corollary, Assumption, Fact, Section, Appendix or Eq. of the paper, which must
 * carry a `@see` naming one — so a new export that implements a result and says so, or that the map lists, cannot
 * go without the reference. Read on TypeDoc's model of the same entry points as the API pages (the `@see` blocks
 * are the pages' "See" sections).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const app = path.resolve(__dirname, '..');

let result: { facing: string[]; problems: string[] };

beforeAll(() => {
  // (scripts/paperRefs.mjs is an ES module that jest's CommonJS runtime cannot load, and TypeDoc too: ask node)
  result = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import { paperReferences } from './scripts/paperRefs.mjs'; console.log(JSON.stringify(await paperReferences()));",
      ],
      { cwd: app, encoding: 'utf8', maxBuffer: 1 << 24 },
    )
      .trim()
      .split('\n')
      .pop()!,
  ) as { facing: string[]; problems: string[] };
}, 600000);

/** The helpers of scripts/paperRefs.mjs, evaluated in node (an ES module). */
function evalRefs<T>(expr: string): T {
  return JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import * as refs from './scripts/paperRefs.mjs'; console.log(JSON.stringify(${expr}));`,
      ],
      { cwd: app, encoding: 'utf8' },
    ),
  ) as T;
}

test('the paper-facing exports are found: the paper map and the TSDoc that names a statement', () => {
  // (79 when this was written; the count guards the enumeration: an empty list would pass the test below)
  expect(result.facing.length).toBeGreaterThanOrEqual(70);
  for (const entry of [
    'network: forward (paper map: Definition 3.1)',
    'ntk: gram (paper map: Definition 3.6)',
    'verify: checkLemma51 (paper map: Lemma 5.1 / Lemma B.2)',
    'diffusion: trainScoreModel (paper map: Theorem 6.5 / Theorem G.2)',
  ])
    expect(result.facing).toContain(entry);
  // found by its TSDoc alone (not in the paper map), and a member of verify's `reference` namespace
  expect(result.facing.some((f) => f.startsWith('diffusion: clipPrediction (its TSDoc names Assumption 6.1'))).toBe(
    true,
  );
  expect(result.facing.some((f) => f.startsWith('verify: reference.gradientClaim34 (its TSDoc names Claim 3.4'))).toBe(
    true,
  );
});

test("every paper-facing export's page names the paper's statement in its @see", () => {
  expect(result.problems).toEqual([]);
});

test('a @see names a statement exactly: Lemma 5.1 is not Lemma 5.10, Eq. 3 may be written Eq. (3)', () => {
  expect(
    evalRefs<boolean[]>(
      "[refs.names('Lemma 5.1.', 'Lemma 5.1'), refs.names('Lemma 5.10', 'Lemma 5.1'), refs.names('Eq. (3): the SDE', 'Eq. 3'), refs.names('Eq. 31', 'Eq. 3'), refs.names('Claim A.1', 'Claim A.1')]",
    ),
  ).toEqual([true, false, true, false, true]);
  expect(
    evalRefs<string[][]>(
      "[refs.statementsOf('Claim 3.4 / Claim A.1'), refs.statementsOf('Eq. 3 and Assumption 6.3'), refs.statementsOf('Table 1')]",
    ),
  ).toEqual([['Claim 3.4', 'Claim A.1'], ['Eq. 3', 'Assumption 6.3'], ['Table 1']]);
});
