import * as tf from '@tensorflow/tfjs-core';
import { canLoad, itWhen } from '@softmax-ntk/test-helpers';
import { initBackend } from './initBackend';

describe('initBackend', () => {
  const saved = process.env['SOFTMAX_NTK_BACKEND'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SOFTMAX_NTK_BACKEND'];
    else process.env['SOFTMAX_NTK_BACKEND'] = saved;
  });

  it('chooses a backend that computes, and reports it', async () => {
    delete process.env['SOFTMAX_NTK_BACKEND'];
    const info = await initBackend();
    expect(['node', 'wasm', 'cpu']).toContain(info.backend);
    expect(info.forced).toBe(false);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    const y = tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync();
    expect(Array.from(y)).toEqual([11]);
    // Where tfjs-node did not load, it is listed as skipped with a reason.
    if (info.backend !== 'node') expect(info.skipped[0]?.backend).toBe('node');
  });

  it('honours a forced backend', async () => {
    const info = await initBackend({ backend: 'cpu' });
    expect(info).toMatchObject({ backend: 'cpu', forced: true });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('honours SOFTMAX_NTK_BACKEND', async () => {
    process.env['SOFTMAX_NTK_BACKEND'] = 'wasm';
    const info = await initBackend();
    expect(info).toMatchObject({ backend: 'wasm', forced: true, simd: true });
    expect(tf.getBackend()).toBe('wasm');
  });

  it('rejects an unknown backend name, naming the source and the value', () => {
    process.env['SOFTMAX_NTK_BACKEND'] = 'gpu';
    expect(() => initBackend()).toThrow('SOFTMAX_NTK_BACKEND must be one of node, wasm, cpu, got "gpu"');
    expect(() => initBackend({ backend: 'tpu' as never })).toThrow('`backend` must be one of');
  });

  // With tfjs-node installed the forced backend loads: there is nothing to refuse.
  itWhen(!canLoad('@tensorflow/tfjs-node'), 'tfjs-node is installed, so the node backend loads')(
    'fails loudly, never silently falling back, when a forced backend cannot load',
    async () => {
      await expect(initBackend({ backend: 'node' })).rejects.toThrow(
        /backend "node" was requested but cannot be loaded/,
      );
    },
  );
});
