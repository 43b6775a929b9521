/**
 * Tests written for the mutation run of gram.ts (bench/results/mutation/ntk-gram.json): gram.test.ts checks H's
 * values on every route; these pin the edges of the float32 route it left loose — the refusal of a non-finite x
 * or a (each naming the entry), the refusal before any tfjs backend exists, the default activation on float32,
 * the baselines on float32, and an H in an ordinary (not shared) buffer.
 */
import { initBackend } from '@softmax-ntk/linalg';
import * as reference from '@softmax-ntk/reference';
import { exactMessage, TOLERANCES } from '@softmax-ntk/test-helpers';
import { makeNet } from '../../test/fixtures';
import { gram } from './gram';

const net = makeNet({ n: 4, dIn: 3, dOut: 2, m: 16, seed: 81, symmetric: false });

describe('gram, float32 edges (Definition 3.6)', () => {
  // First, before any test of this file initialises a backend (each test file has its own tfjs engine).
  it('float32 before a tfjs backend is initialised refuses, saying what to call', () => {
    expect(() => gram({ ...net, precision: 'float32' })).toThrow(
      exactMessage(
        'float32 precision needs an initialised tfjs backend: `await initBackend()` (exported by @softmax-ntk/network and @softmax-ntk/linalg) first',
      ),
    );
  });

  it('float32 refuses a non-finite x or a, naming the entry', async () => {
    await initBackend();
    const x = { ...net.x, data: net.x.data.slice() };
    x.data[1] = NaN;
    expect(() => gram({ ...net, x, precision: 'float32' })).toThrow(
      exactMessage('invalid argument: x[0][1]: expected a finite number, got NaN'),
    );
    const a = { ...net.a, data: net.a.data.slice() };
    a.data[16] = Infinity;
    expect(() => gram({ ...net, a, precision: 'float32' })).toThrow(
      exactMessage('invalid argument: a[1][0]: expected a finite number, got Infinity'),
    );
  });

  it('float32: the default activation is softmax (bitwise), and the baselines are computed as themselves', async () => {
    await initBackend();
    const byDefault = gram({ ...net, precision: 'float32' });
    expect(Array.from(byDefault.data)).toEqual(
      Array.from(gram({ ...net, precision: 'float32', activation: 'softmax' }).data),
    );
    for (const activation of ['relu', 'exp'] as const) {
      const H = gram({ ...net, precision: 'float32', activation });
      expect(H.data).toBeAllClose(
        reference.crossGram({ w: net.w, a: net.a, x1: net.x, x2: net.x, activation }).data,
        TOLERANCES.float32,
      );
    }
  });

  // Killed here: releaseFactors testing `instanceof SharedArrayBuffer` where there is none (a browser page that is
  // not cross-origin isolated): a ReferenceError after the product (caught by packaging's Chromium test too).
  it('float32 H without SharedArrayBuffer at all (a page that is not cross-origin isolated)', async () => {
    await initBackend();
    const g = globalThis as Record<string, unknown>;
    const saved = g['SharedArrayBuffer'];
    delete g['SharedArrayBuffer'];
    try {
      const H = gram({ ...net, precision: 'float32' });
      expect(H.data.buffer).toBeInstanceOf(ArrayBuffer);
    } finally {
      g['SharedArrayBuffer'] = saved;
    }
  });

  it('float32 H lives in an ordinary ArrayBuffer (transferable; only gramAsync hands out shared memory)', async () => {
    await initBackend();
    const H = gram({ ...net, precision: 'float32' });
    expect(H.data.buffer).toBeInstanceOf(ArrayBuffer);
    expect(H.data.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });
});
