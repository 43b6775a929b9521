/** The list of checks, and running a selection of them with every failure kept as a result. */
import { seconds } from '../internal/experiment';
import { checkClaim34 } from './claim34';
import { checkLemma51 } from './lemma51';
import { checkLemma53 } from './lemma53';
import { checkLemmaD3 } from './lemmaD3';
import { checkTable1 } from './table1';
import { checkTheorem42 } from './theorem42';
import { checkTheorem65 } from './theorem65';
import { checkTheoremF2 } from './theoremF2';
import { checkAttentionKernel } from './attentionKernel';
import { checkAttentionConvergence } from './attentionConvergence';
import { checkSection7Alternating } from './section7Alternating';
import { checkFeatureLearning } from './featureLearning';
import type { CheckOptions, CheckResult } from './types';

/** Every check, in report order. */
export const CHECKS: readonly { id: string; run: (o: CheckOptions) => Promise<CheckResult> }[] = [
  { id: 'claim-3.4', run: checkClaim34 },
  { id: 'lemma-d.3', run: checkLemmaD3 },
  { id: 'lemma-5.1', run: checkLemma51 },
  { id: 'lemma-5.3', run: checkLemma53 },
  { id: 'theorem-4.2', run: checkTheorem42 },
  { id: 'theorem-f.2', run: checkTheoremF2 },
  { id: 'table-1', run: checkTable1 },
  { id: 'theorem-6.5', run: checkTheorem65 },
  { id: 'attention-kernel', run: checkAttentionKernel },
  { id: 'attention-convergence', run: checkAttentionConvergence },
  { id: 'section-7-alternating', run: checkSection7Alternating },
  { id: 'feature-learning', run: checkFeatureLearning },
];

/**
 * The ids of every check, in report order (`lemma-5.1`, `theorem-4.2`, …): what `softmax-ntk verify --only` accepts.
 */
export const CHECK_IDS: readonly string[] = CHECKS.map((c) => c.id);

/** Options of {@link runChecks}. */
export interface RunChecksOptions extends CheckOptions {
  /** Ids to run (default: all), in report order whatever the order given. */
  only?: string[];
  /** Called when a check starts and when it ends. */
  onCheckStart?: (id: string, index: number, total: number) => void;
  /** Called when a check ends, with its result. */
  onCheckDone?: (result: CheckResult, index: number, total: number) => void;
}

/**
 * Runs the checks one after the other. A check that throws becomes a result
 * with status `error` (and holds = false) carrying the message; the others
 * still run.
 *
 * @param options - Which checks, quick sizes, the seed and the progress hooks.
 *
 * @example
 * ```ts
 * import { runChecks } from '@softmax-ntk/verify';
 *
 * // one check, at the quick sizes: Lemma D.3 (the symmetric initialisation gives F(W(0)) = 0)
 * const results = await runChecks({ quick: true, only: ['lemma-d.3'] });
 * console.log(results.map((r) => `${r.id} ${r.status}`).join(', ')); // lemma-d.3 held
 * ```
 */
export async function runChecks(options: RunChecksOptions = {}): Promise<CheckResult[]> {
  const only = options.only;
  if (only) {
    const unknown = only.filter((id) => !CHECK_IDS.includes(id));
    if (unknown.length)
      throw new RangeError(
        `invalid argument: unknown check id ${unknown.map((u) => JSON.stringify(u)).join(', ')}; the ids are ${CHECK_IDS.join(', ')}`,
      );
  }
  const selected = CHECKS.filter((c) => !only || only.includes(c.id));
  const results: CheckResult[] = [];
  for (const [k, c] of selected.entries()) {
    options.onCheckStart?.(c.id, k, selected.length);
    const t0 = performance.now();
    let r: CheckResult;
    try {
      r = await c.run(options);
    } catch (err) {
      r = {
        id: c.id,
        claim: '',
        measured: {},
        bound: {},
        holds: false,
        status: 'error',
        details: `The check could not run: ${err instanceof Error ? err.message : String(err)}`,
        setup: {},
        seconds: seconds(t0),
      };
    }
    results.push(r);
    options.onCheckDone?.(r, k, selected.length);
  }
  return results;
}
