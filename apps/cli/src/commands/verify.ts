/**
 * `softmax-ntk verify`: run the paper's checks and say, claim by claim, what
 * was measured, its bound, and whether it held. Exit 0 when every check held,
 * 1 when one failed, 2 when one could not run.
 */
import type { Command } from 'commander';
import { CHECK_IDS, runChecks, summarySentence, type CheckResult, type Value } from '@softmax-ntk/verify';
import type { Context } from '../internal/context';
import { CliError } from '../internal/errors';

interface VerifyOpts {
  quick?: boolean;
  only?: string;
}

export function parseOnly(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !CHECK_IDS.includes(id));
  if (!ids.length || unknown.length) {
    throw new CliError(
      `invalid option: --only must list check ids from ${CHECK_IDS.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return ids;
}

/**
 * 0: every claim of the paper held; 1: one failed; 2: one check could not run. A Section 7 measurement
 * (`scope: "beyond"`) whose prediction was not confirmed is a finding, shown as such, not a failure.
 */
export function exitCode(results: CheckResult[]): number {
  if (results.some((r) => r.status === 'error')) return 2;
  if (results.some((r) => r.status === 'failed' && r.scope !== 'beyond')) return 1;
  return 0;
}

/** held / FAILED / ERROR, and for Section 7 predictions confirmed / not-confirmed. */
function statusWord(r: CheckResult): string {
  if (r.status === 'error') return 'ERROR ';
  if (r.scope === 'beyond') return r.status === 'held' ? 'confirmed' : 'NOT confirmed';
  return r.status === 'held' ? 'held  ' : 'FAILED';
}

function showValue(v: Value): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'number' ? x.toPrecision(3) : x)).join(', ')}]`;
  return String(v);
}

export function summaryLine(r: CheckResult): string {
  const word = statusWord(r);
  const nums = Object.entries(r.measured)
    .slice(0, 2)
    .map(([k, v]) => `${k} = ${showValue(v)}`)
    .join('; ');
  return `${word} ${r.id.padEnd(12)} ${(r.seconds.toFixed(1) + ' s').padStart(8)}  ${r.status === 'error' ? r.details : nums}`;
}

export function failureMessage(results: CheckResult[]): string {
  const errored = results.filter((r) => r.status === 'error').map((r) => r.id);
  const failed = results.filter((r) => r.status === 'failed' && r.scope !== 'beyond').map((r) => r.id);
  const notConfirmed = results.filter((r) => r.status === 'failed' && r.scope === 'beyond').map((r) => r.id);
  return [
    errored.length ? `could not run: ${errored.join(', ')}` : '',
    failed.length ? `failed: ${failed.join(', ')}` : '',
    notConfirmed.length
      ? `Section 7 predictions not confirmed (findings, not failures): ${notConfirmed.join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The JSON form of a result for `--json`: the six fields of the issue, plus status, setup and time (no SVG). */
export function resultJson(r: CheckResult): Record<string, unknown> {
  return {
    id: r.id,
    claim: r.claim,
    measured: r.measured,
    bound: r.bound,
    holds: r.holds,
    details: r.details,
    status: r.status,
    scope: r.scope ?? 'paper',
    setup: r.setup,
    seconds: r.seconds,
    ...(r.table ? { table: r.table } : {}),
  };
}

export function registerVerify(program: Command, getCtx: () => Context): void {
  program
    .command('verify')
    .description(
      "run the paper's checks (claim-3.4, lemma-d.3, lemma-5.1, lemma-5.3, theorem-4.2, theorem-f.2, table-1, theorem-6.5; Section 7: attention-kernel, attention-convergence, section-7-alternating, feature-learning); exit 0 every claim of the paper held, 1 one failed, 2 one could not run (a Section 7 prediction not confirmed is a finding, not a failure)",
    )
    .option('--quick', 'small sizes: under 2 minutes on 2 cores', false)
    .option('--only <ids>', 'comma-separated check ids')
    .action(async (o: VerifyOpts) => {
      const ctx = getCtx();
      const only = parseOnly(o.only);
      const t0 = performance.now();
      const results = await runChecks({
        quick: Boolean(o.quick),
        seed: ctx.globals.seed ?? 0,
        ...(only ? { only } : {}),
        onCheckStart: (id, k, total) => ctx.info(`[${k + 1}/${total}] ${id} …`),
        onProgress: (m) => ctx.info(`  ${m}`),
        onCheckDone: (r) => ctx.info(summaryLine(r)),
      });
      const allHeld = exitCode(results) === 0;
      const secs = (performance.now() - t0) / 1000;
      const human = [
        ...results.map(summaryLine),
        '',
        `${summarySentence(results)} (${secs.toFixed(1)} s${o.quick ? ', quick sizes' : ''})`,
      ].join('\n');
      ctx.result({ allHeld, quick: Boolean(o.quick), seconds: secs, checks: results.map(resultJson) }, human);
      const code = exitCode(results);
      if (code !== 0) throw new CliError(failureMessage(results), code);
      const findings = failureMessage(results);
      if (findings) ctx.warn(findings);
    });
}
