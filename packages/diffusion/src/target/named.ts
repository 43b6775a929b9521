/**
 * The usual 2-D toy targets. The two grids of Gaussians are exact mixtures;
 * the others are samplers only. Parameters (original units):
 *
 * - `8-gaussians`: 8 equal components on the circle of radius 2, angles $2\pi k/8$, std 0.15.
 * - `25-gaussians`: 25 equal components on the grid $\{-2, -1, 0, 1, 2\}^2$, std 0.1.
 * - `two-moons`: $\theta \sim U(0, \pi)$; upper moon $(\cos \theta, \sin \theta)$, lower $(1 - \cos \theta, 1/2 - \sin \theta)$,
 *   shifted by (−1/2, −1/4); noise $\mathcal{N}(0, 0.05^2 I)$.
 * - `swiss-roll`: $\theta = 1.5\pi(1 + 2u)$, $(\theta \cos \theta, \theta \sin \theta)/5 + \mathcal{N}(0, 0.05^2 I)$.
 * - `checkerboard`: uniform on the 8 dark squares of a $4 \times 4$ board on $[-2, 2]^2$.
 * - `rings`: 4 concentric circles of radii 0.5, 1, 1.5, 2 chosen with equal probability, radial noise $\mathcal{N}(0, 0.04^2)$.
 */
import type { Matrix, Rng } from '@softmax-ntk/linalg';
import type { GaussianMixture, NamedTarget } from './target';

export function namedMixture(name: NamedTarget): GaussianMixture | undefined {
  if (name === '8-gaussians') {
    const K = 8;
    const means = new Float64Array(K * 2);
    for (let k = 0; k < K; k++) {
      means[2 * k] = 2 * Math.cos((2 * Math.PI * k) / K);
      means[2 * k + 1] = 2 * Math.sin((2 * Math.PI * k) / K);
    }
    return {
      weights: new Float64Array(K).fill(1 / K),
      means: { rows: K, cols: 2, data: means },
      std: { rows: K, cols: 2, data: new Float64Array(K * 2).fill(0.15) },
    };
  }
  if (name === '25-gaussians') {
    const K = 25;
    const means = new Float64Array(K * 2);
    for (let k = 0; k < K; k++) {
      means[2 * k] = Math.floor(k / 5) - 2;
      means[2 * k + 1] = (k % 5) - 2;
    }
    return {
      weights: new Float64Array(K).fill(1 / K),
      means: { rows: K, cols: 2, data: means },
      std: { rows: K, cols: 2, data: new Float64Array(K * 2).fill(0.1) },
    };
  }
  return undefined;
}

/** n draws of a sampler-only toy set, $n \times 2$. */
export function sampleNamed(name: NamedTarget, n: number, rng: Rng): Matrix {
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    let x: number;
    let y: number;
    switch (name) {
      case 'two-moons': {
        const th = Math.PI * rng.uniform();
        if (rng.uniform() < 0.5) {
          x = Math.cos(th);
          y = Math.sin(th);
        } else {
          x = 1 - Math.cos(th);
          y = 0.5 - Math.sin(th);
        }
        x += -0.5 + 0.05 * rng.normal();
        y += -0.25 + 0.05 * rng.normal();
        break;
      }
      case 'swiss-roll': {
        const th = 1.5 * Math.PI * (1 + 2 * rng.uniform());
        x = (th * Math.cos(th)) / 5 + 0.05 * rng.normal();
        y = (th * Math.sin(th)) / 5 + 0.05 * rng.normal();
        break;
      }
      case 'checkerboard': {
        // column c ∈ {0..3}, row r with (r + c) even: 8 dark squares of side 1 on [−2, 2]²
        const c = Math.min(3, Math.floor(4 * rng.uniform()));
        const k = Math.min(1, Math.floor(2 * rng.uniform()));
        const r = 2 * k + (c % 2);
        x = -2 + c + rng.uniform();
        y = -2 + r + rng.uniform();
        break;
      }
      case 'rings': {
        const radius = 0.5 * (1 + Math.min(3, Math.floor(4 * rng.uniform())));
        const th = 2 * Math.PI * rng.uniform();
        const rr = radius + 0.04 * rng.normal();
        x = rr * Math.cos(th);
        y = rr * Math.sin(th);
        break;
      }
      default:
        throw new Error(`internal: ${name} is a mixture`);
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return { rows: n, cols: 2, data: out };
}
