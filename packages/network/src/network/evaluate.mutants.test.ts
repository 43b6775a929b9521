/**
 * Tests written from the mutation run (bench/results/mutation): evaluate initialises the tfjs backend exactly when
 * float32 is asked for. This file must not initialise a backend before its tests run (jest gives each test file
 * its own tfjs-core), and its tests run in order.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as reference from '@softmax-ntk/reference';
import { TOLERANCES } from '@softmax-ntk/test-helpers';
import { toRows } from '@softmax-ntk/linalg';
import { evaluate } from './evaluate';
import { randomProblem } from '../../test/fixtures';

describe('evaluate: float64 on Float64Array, float32 on a tfjs backend it initialises itself', () => {
  const p = randomProblem({ n: 4, dIn: 3, dOut: 2, m: 6, seed: 71 });
  const ref = reference.forward(p);

  it('float64 leaves the tfjs backend alone and matches the float64 reference', async () => {
    const r = await evaluate({ problem: p });
    expect(tf.engine().backendName).toBeFalsy();
    expect(toRows(r.F)).toBeAllClose(toRows(ref), TOLERANCES.float64);
    expect(r.loss).toBeAllClose(reference.loss(p), TOLERANCES.float64);
  });

  it('float32 with no backend yet initialises one, and computes in float32', async () => {
    expect(tf.engine().backendName).toBeFalsy();
    const r = await evaluate({ problem: p, precision: 'float32' });
    expect(tf.engine().backendName).toBeTruthy();
    expect(toRows(r.F)).toBeAllClose(toRows(ref), TOLERANCES.float32);
    expect(toRows(r.grad)).toBeAllClose(toRows(reference.gradient(p)), TOLERANCES.float32);
    // every output is a float32 number (the float64 path gives entries that are not)
    expect(Array.from(r.F.data).filter((v) => Math.fround(v) !== v)).toEqual([]);
    expect(Array.from(ref.data).filter((v) => Math.fround(v) !== v).length).toBeGreaterThan(0);
  });
});
