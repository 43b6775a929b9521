/**
 * The last step of a sampler that ends at $T_0 > 0$: a draw of x(0) given x(T₀) instead of Tweedie's mean.
 *
 * For the VP SDE, $x(t) = \alpha_t x(0) + \sigma_t \varepsilon$, and Tweedie's formulas give the posterior's first two
 * moments from the score and its Jacobian:
 * $$\mathbb{E}[x(0) \mid x(t) = x] = \frac{x + \sigma_t^2 s(t, x)}{\alpha_t}, \qquad
 *   \operatorname{Cov}[x(0) \mid x(t) = x] = \frac{\sigma_t^2}{\alpha_t^2}\bigl(I + \sigma_t^2 \nabla_x s(t, x)\bigr).$$
 * The step draws $x(0) \sim \mathcal{N}(\text{mean}, \text{Cov})$, Cov symmetrised and its negative eigenvalues set to
 * 0 (a learned score's Jacobian need not give a positive semi-definite matrix). When $p_0$ is a Gaussian mixture whose
 * modes are far apart on the scale $\sigma_{T_0}$, the posterior is (nearly) Gaussian and the draw is a sample of
 * $p_0$ itself, where the mean alone shrinks each mode by $\sigma_0^2/(\sigma_0^2 + \sigma_{T_0}^2/\alpha_{T_0}^2)$ and
 * stopping at $T_0$ widens it by the inverse.
 */
import { eigh, type Matrix, type Rng } from '@softmax-ntk/linalg';
import type { Schedule } from '../sde/schedule';
import type { ScoreModel } from '../model/scoreModel';

/**
 * In place on x (count × d, row-major): x ← a draw from $\mathcal{N}(\mathbb{E}[x(0) \mid x(t) = x],
 * \operatorname{Cov}[x(0) \mid x(t) = x])$ by Tweedie's first- and second-order formulas, the Jacobian of the score
 * from `jvp` along the d coordinate directions. Returns how many covariances had a negative eigenvalue (set to 0).
 */
export function posteriorDraw(
  jvp: NonNullable<ScoreModel['jvp']>,
  schedule: Schedule,
  t: number,
  x: Float64Array,
  d: number,
  rng: Rng,
): number {
  const count = x.length / d;
  const X: Matrix = { rows: count, cols: d, data: x.slice() };
  const directions: Matrix[] = [];
  for (let k = 0; k < d; k++) {
    const e = new Float64Array(count * d);
    for (let i = 0; i < count; i++) e[i * d + k] = 1;
    directions.push({ rows: count, cols: d, data: e });
  }
  const { score, jvp: columns } = jvp(t, X, directions);
  const a = schedule.alpha(t);
  const s2 = schedule.sigma2(t);
  const f = s2 / (a * a);
  const z = rng.fillNormal(new Float64Array(count * d));
  const cov = new Float64Array(d * d);
  let clipped = 0;
  for (let i = 0; i < count; i++) {
    // Form: Cov = (σ²/α²)(I + σ²·(∇s + ∇sᵀ)/2); column k of ∇s at row i is jvp[k]'s row i
    for (let r = 0; r < d; r++)
      for (let c = 0; c < d; c++) {
        const jrc = (columns[c] as Matrix).data[i * d + r] as number;
        const jcr = (columns[r] as Matrix).data[i * d + c] as number;
        cov[r * d + c] = f * ((r === c ? 1 : 0) + s2 * 0.5 * (jrc + jcr));
      }
    const { values, vectors } = eigh({ a: { rows: d, cols: d, data: cov } });
    const V = (vectors as Matrix).data;
    // Form: x ← mean + V·diag(√max(λ, 0))·zᵢ
    const w = new Float64Array(d);
    let negative = false;
    for (let k = 0; k < d; k++) {
      const l = values[k] as number;
      if (l < 0) negative = true;
      w[k] = Math.sqrt(Math.max(l, 0)) * (z[i * d + k] as number);
    }
    if (negative) clipped++;
    for (let r = 0; r < d; r++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += (V[r * d + k] as number) * (w[k] as number);
      const at = i * d + r;
      x[at] = ((X.data[at] as number) + s2 * (score.data[at] as number)) / a + v;
    }
  }
  return clipped;
}
