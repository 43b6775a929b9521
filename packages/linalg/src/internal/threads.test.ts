/**
 * The one reader of SOFTMAX_NTK_THREADS (./threads): the option first, then the variable (validated, naming it),
 * then the machine's available parallelism; and the two-thread `syrk` and `eigvalsh` follow it.
 */
import { availableParallelism } from 'node:os';
import { exactMessage, osWithLoad, spyOnBuiltins } from '@softmax-ntk/test-helpers';
import type { BuiltinOverride } from '@softmax-ntk/test-helpers';
import { ValidationError } from '../validate/validationError';
import { machineLooksIdle, resolveThreads, THREADS_ENV } from './threads';
import { Rng } from '../random/rng';
import { syrkThreadCalls, syrkWasmHalves } from '../blas/internal/syrkThreads';
import { syrk } from '../blas/syrk';
import { eigvalshThreads } from '../lapack/internal/tridiagonalThreads';
import { matrix } from '../matrix/matrix';

const saved = process.env[THREADS_ENV];
function setEnv(value: string | undefined): void {
  if (value === undefined) delete process.env[THREADS_ENV];
  else process.env[THREADS_ENV] = value;
}
afterEach(() => setEnv(saved));

describe('resolveThreads', () => {
  it('reads SOFTMAX_NTK_THREADS', () => {
    expect(THREADS_ENV).toBe('SOFTMAX_NTK_THREADS');
  });

  it('the option wins over the variable, and is validated naming `threads`', () => {
    setEnv('5');
    expect(resolveThreads(3)).toBe(3);
    expect(resolveThreads(1)).toBe(1);
    for (const bad of [0, -2, 2.5, Number.NaN, '2'] as unknown[]) {
      expect(() => resolveThreads(bad)).toThrow(ValidationError);
    }
    expect(() => resolveThreads(0)).toThrow(
      exactMessage('invalid argument: threads: expected a positive integer, got 0'),
    );
  });

  it('the variable when no option is given: a positive integer, blanks around it ignored', () => {
    setEnv('7');
    expect(resolveThreads()).toBe(7);
    setEnv(' 2 ');
    expect(resolveThreads()).toBe(2);
    setEnv('1');
    expect(resolveThreads()).toBe(1);
    setEnv('12');
    expect(resolveThreads(undefined)).toBe(12);
  });

  it('unset or empty: os.availableParallelism()', () => {
    setEnv(undefined);
    expect(resolveThreads()).toBe(availableParallelism());
    setEnv('');
    expect(resolveThreads()).toBe(availableParallelism());
    setEnv('   ');
    expect(resolveThreads()).toBe(availableParallelism());
  });

  it('refuses anything else, naming the variable and the value', () => {
    for (const bad of ['abc', '0', '-1', '1.5', '2x', '01', '1e3', 'two']) {
      setEnv(bad);
      expect(() => resolveThreads()).toThrow(
        exactMessage(`invalid environment: SOFTMAX_NTK_THREADS must be a positive integer, got ${JSON.stringify(bad)}`),
      );
      expect(() => resolveThreads()).toThrow(RangeError);
    }
  });
});

describe('the two-thread kernels follow SOFTMAX_NTK_THREADS', () => {
  const [N, K] = [40, 600];
  const A = new Rng('threads-env').fillNormal(new Float64Array(N * K)) as Float64Array;

  it('1: syrk keeps its second half on the calling thread (no worker is asked)', () => {
    setEnv('1');
    const [w, l] = [syrkThreadCalls.worker, syrkThreadCalls.local];
    syrkWasmHalves(true, N, K, 300, 1, A, K, 1, 0, new Float64Array(N * N), N, 1, 0);
    expect([syrkThreadCalls.worker, syrkThreadCalls.local]).toEqual([w, l + 1]);
  });

  it('a bad value: syrk (on its split path) and eigvalsh (two-thread size) refuse it', () => {
    setEnv('abc');
    const message = exactMessage('invalid environment: SOFTMAX_NTK_THREADS must be a positive integer, got "abc"');
    expect(() => syrkWasmHalves(true, N, K, 300, 1, A, K, 1, 0, new Float64Array(N * N), N, 1, 0)).toThrow(message);
    const n = 1024; // N²K = 2³⁰: the public syrk splits
    expect(() =>
      syrk('lower', 'no-transpose', n, n, 1, new Float64Array(n * n), n, 1, 0, 0, new Float64Array(n * n), n, 1, 0),
    ).toThrow(message);
    expect(() => eigvalshThreads(matrix(8, 8, new Float64Array(64)), 8)).toThrow(message);
  });

  it('1: eigvalsh takes the one-thread path (the two-thread one answers undefined)', () => {
    setEnv('1');
    const a = matrix(
      8,
      8,
      new Float64Array(64).map((_, q) => (q % 9 === 0 ? q / 9 + 1 : 0)),
    );
    expect(eigvalshThreads(a, 8)).toBeUndefined();
  });
});

describe('machineLooksIdle', () => {
  /** machineLooksIdle with `node:os` answering `os` (its members replacing the real ones), or throwing. */
  const withOs = (os: BuiltinOverride): boolean => {
    const spy = spyOnBuiltins({ 'node:os': os });
    try {
      return machineLooksIdle();
    } finally {
      spy.mockRestore();
    }
  };
  const load = osWithLoad;

  // Killed here: the comparison (`<=` made `<`, the ½ changed, the 1-minute figure not the one read), either
  // fallback, and the catch.
  it('idle when the 1-minute load is at most the cores + ½, or when there is no load or core count to read', () => {
    expect(withOs(load(2.5))).toBe(true);
    expect(withOs(load(2.51))).toBe(false);
    expect(withOs(load(0))).toBe(true);
    expect(withOs(load(8.5, 8))).toBe(true);
    expect(withOs(load(8.6, 8))).toBe(false);
    expect(withOs({ loadavg: undefined })).toBe(true);
    expect(withOs({ loadavg: () => [9], availableParallelism: undefined })).toBe(true);
    expect(withOs('throws')).toBe(true);
  });
});
