import type { CheckResult } from '@softmax-ntk/verify';
import { runCli } from '../../test/runCli';
import { summarySentence } from '@softmax-ntk/verify';
import { exitCode, failureMessage, summaryLine } from './verify';

describe('softmax-ntk verify', () => {
  it('--json prints {allHeld, checks: [{id, claim, measured, bound, holds, details}]} and exits 0', async () => {
    const r = await runCli(['verify', '--quick', '--only', 'claim-3.4,lemma-d.3', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.allHeld).toBe(true);
    expect(out.checks.map((c: { id: string }) => c.id)).toEqual(['claim-3.4', 'lemma-d.3']);
    for (const c of out.checks) {
      for (const k of ['id', 'claim', 'measured', 'bound', 'holds', 'details']) expect(c).toHaveProperty(k);
      expect(c.holds).toBe(true);
    }
    expect(out.checks[0].measured['Claim 3.4 (literal) vs Definition 3.3']).toBeLessThan(1e-12);
  });

  it('human output: one line per check with its numbers', async () => {
    const r = await runCli(['verify', '--quick', '--only', 'lemma-d.3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^held\s+lemma-d\.3\s+[\d.]+ s\s+max \|F\(W\(0\)\)\|/m);
    expect(r.stdout).toMatch(/Every claim of the paper held \(1 of 1\)/);
  });

  it('rejects unknown ids with the list of ids', async () => {
    const r = await runCli(['verify', '--only', 'lemma-9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /--only must list check ids from claim-3.4, .*theorem-6.5, .*feature-learning, got "lemma-9"/,
    );
  });

  it('exit codes: 0 all held, 1 one failed, 2 one could not run', () => {
    const r = (status: CheckResult['status']) => ({ status }) as CheckResult;
    expect(exitCode([r('held'), r('held')])).toBe(0);
    expect(exitCode([r('held'), r('failed')])).toBe(1);
    expect(exitCode([r('failed'), r('error')])).toBe(2);
  });

  it('exit code: a Section 7 prediction not confirmed is a finding (0), a paper claim that fails is 1, an error 2', () => {
    const base = { claim: '', measured: { x: 1 }, bound: {}, details: '', setup: {}, seconds: 0.1 };
    const paperHeld = { ...base, id: 'lemma-5.1', holds: true, status: 'held' as const };
    const paperFailed = { ...base, id: 'lemma-5.1', holds: false, status: 'failed' as const };
    const beyondFailed = {
      ...base,
      id: 'feature-learning',
      holds: false,
      status: 'failed' as const,
      scope: 'beyond' as const,
    };
    const beyondError = {
      ...base,
      id: 'feature-learning',
      holds: false,
      status: 'error' as const,
      scope: 'beyond' as const,
    };
    expect(exitCode([paperHeld, beyondFailed])).toBe(0);
    expect(exitCode([paperFailed, beyondFailed])).toBe(1);
    expect(exitCode([paperHeld, beyondError])).toBe(2);
    expect(summaryLine(beyondFailed)).toMatch(/^NOT confirmed feature-learning/);
    expect(summaryLine(paperFailed)).toMatch(/^FAILED lemma-5\.1/);
    expect(failureMessage([paperHeld, beyondFailed])).toBe(
      'Section 7 predictions not confirmed (findings, not failures): feature-learning',
    );
    expect(summarySentence([paperHeld, beyondFailed])).toBe(
      'Every claim of the paper held (1 of 1). Section 7 (beyond the paper): 0 of 1 predictions confirmed.',
    );
    expect(summarySentence([paperFailed])).toBe('1 of 1 claims of the paper did not hold or could not run.');
  });
});
