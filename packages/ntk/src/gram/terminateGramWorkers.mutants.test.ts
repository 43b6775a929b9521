/**
 * terminateGramWorkers without gramAsync: gramAsync.test.ts tests it too, but that file is left out of the
 * mutation run (its worker-thread tests cost about a minute per mutant), and it imports gram.ts, so any test file
 * importing gramAsync would be run for every gram.ts mutant. This one starts two workers through the pool itself
 * (../internal/gramPool) and checks both halves of terminateGramWorkers: the pool is emptied, and the float32
 * buffers kept for the next call are dropped.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '@softmax-ntk/linalg';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { gramFactors32, releaseFactors } from '../internal/gramFactors32';
import { poolSize, runOnPool } from '../internal/gramPool';
import * as reference from '@softmax-ntk/reference';
import { terminateGramWorkers } from './terminateGramWorkers';

beforeAll(async () => {
  await initBackend();
});

afterAll(async () => {
  await terminateGramWorkers();
});

describe('terminateGramWorkers', () => {
  it('stops every worker of the pool and drops the kept float32 buffers', async () => {
    const net = makeNet({ n: 9, dIn: 3, dOut: 3, m: 40, seed: 22 }); // nd = 27, tiles of 7: 10 tiles
    const first = gramFactors32({ ...net, activation: 'softmax' }, 7, true);
    await runOnPool(first, 2, tf.getBackend() as BackendName);
    // the workers computed H (so the pool really ran): Definition 3.6 against the float64 reference
    expect(first.out).toBeAllClose(
      reference.crossGram({ w: net.w, a: net.a, x1: net.x, x2: net.x, activation: 'softmax' }).data,
      TOLERANCES.float32,
    );
    expect(poolSize()).toBe(2);
    releaseFactors(first);
    // without terminateGramWorkers the next problem reuses the kept buffer of c (the control)
    const second = gramFactors32({ ...net, activation: 'softmax' }, 7, true);
    expect(second.c.buffer).toBe(first.c.buffer);
    releaseFactors(second);
    await terminateGramWorkers();
    expect(poolSize()).toBe(0);
    const third = gramFactors32({ ...net, activation: 'softmax' }, 7, true);
    expect(third.c.buffer).not.toBe(second.c.buffer);
    releaseFactors(third);
  });
});
