import { train } from '@softmax-ntk/network';
import { makeNet } from '../../test/fixtures';
import { gram } from '../gram/gram';
import { spectrum } from '../spectrum/spectrum';
import { kernelRecorders } from './kernelRecorders';

describe('Claim E.5 / Lemma 5.1 along training: kernel recorders', () => {
  it('record λ_min(H(τ)) and ‖H(τ) − H(0)‖_F every k steps, matching a direct computation', async () => {
    const net = makeNet({ n: 6, dIn: 3, dOut: 2, m: 64, seed: 51 });
    const problem = { activation: 'softmax' as const, ...net };
    const res = await train({ problem, steps: 20, recorders: kernelRecorders({ every: 5, lambdaMax: true }) });
    const h = res.history;
    expect(h['lambdaMin']).toHaveLength(h.step.length);
    const recorded = h.step.filter((_, k) => h['lambdaMin']![k] !== null);
    expect(recorded).toEqual([0, 5, 10, 15, 20]);
    // τ = 0: no drift, λ_min of H*
    const H0 = gram(net);
    expect(h['kernelDrift']![0]).toBe(0);
    expect(h['lambdaMin']![0]).toBe(spectrum({ H: H0 }).lambdaMin);
    // the final row, recomputed from the trained weights
    const last = h.step.length - 1;
    const Hf = gram({ ...net, w: res.w });
    let s = 0;
    for (let k = 0; k < Hf.data.length; k++) s += ((Hf.data[k] as number) - (H0.data[k] as number)) ** 2;
    expect(h['kernelDrift']![last]).toBeCloseTo(Math.sqrt(s), 12);
    expect(h['kernelDrift']![last]).toBeGreaterThan(0);
    expect(h['lambdaMin']![last]).toBeCloseTo(spectrum({ H: Hf }).lambdaMin, 12);
    expect(h['lambdaMax']![last]).toBeCloseTo(spectrum({ H: Hf }).lambdaMax, 10);
  });
});
