/**
 * A literal float64 reference for tests: loops over i, ℓ, r exactly as
 * Definitions 3.1–3.3, Eq. 2 and Claim 3.4 of Gu, Li, Liang, Shi, Song —
 * "Exploring the Frontiers of Softmax" (2024) are written, on nested arrays.
 * Deliberately naive (no max-shift, no matrix products): independent of src/.
 */
export interface RefProblem {
  activation: 'softmax' | 'relu' | 'exp';
  x: number[][];
  y: number[][];
  w: number[][];
  a: number[][];
}

const dot = (u: number[], v: number[]): number => u.reduce((s, ui, k) => s + ui * (v[k] as number), 0);

/** S_i = ⟨exp(Wᵀx_i), 1_m⟩⁻¹ · exp(Wᵀx_i). */
export function refS(p: RefProblem, i: number): number[] {
  const e = p.w.map((wr) => Math.exp(dot(wr, p.x[i] as number[])));
  const alpha = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / alpha);
}

/** F[i][ℓ] (Definition 3.1 for softmax; (1/√m)Σ_r a_{ℓ,r} φ(⟨w_r, x_i⟩) for the baselines). */
export function refForward(p: RefProblem): number[][] {
  const m = p.w.length;
  return p.x.map((xi) =>
    p.a.map((al) => {
      if (p.activation === 'softmax') {
        const expi = p.w.map((wr) => Math.exp(dot(wr, xi)));
        const alphai = expi.reduce((s, v) => s + v, 0);
        return (m * dot(al, expi)) / alphai;
      }
      const phi = p.activation === 'relu' ? (z: number) => Math.max(z, 0) : Math.exp;
      let s = 0;
      for (let r = 0; r < m; r++) s += (al[r] as number) * phi(dot(p.w[r] as number[], xi));
      return s / Math.sqrt(m);
    }),
  );
}

/** Definition 3.2: L = ½ Σ_i Σ_ℓ (F_{ℓ,i} − y_{ℓ,i})². */
export function refLoss(p: RefProblem): number {
  const F = refForward(p);
  let s = 0;
  F.forEach((Fi, i) => Fi.forEach((f, l) => (s += (f - (p.y[i]?.[l] as number)) ** 2)));
  return 0.5 * s;
}

/**
 * Definition 3.3 literally: Δw_r = m Σ_i Σ_ℓ (F_{ℓ,i} − y_{ℓ,i})
 *   · (⟨a_ℓ ∘ e_r, S_i⟩ − ⟨a_ℓ, S_i⟩ · ⟨S_i, e_r ∘ 1_m⟩) · x_i.
 * For relu/exp: Δw_r = Σ_i Σ_ℓ (F − y) · (1/√m) a_{ℓ,r} φ'(⟨w_r, x_i⟩) x_i.
 */
export function refGradientDefinition(p: RefProblem): number[][] {
  const m = p.w.length;
  const dIn = p.x[0]?.length as number;
  const F = refForward(p);
  return p.w.map((wr, r) => {
    const g = new Array<number>(dIn).fill(0);
    p.x.forEach((xi, i) => {
      p.a.forEach((al, l) => {
        const e = (F[i]?.[l] as number) - (p.y[i]?.[l] as number);
        let coef: number;
        if (p.activation === 'softmax') {
          const Si = refS(p, i);
          const er = Array.from({ length: m }, (_, k) => (k === r ? 1 : 0));
          const alEr = al.map((v, k) => v * (er[k] as number));
          const erOnes = er.map((v) => v * 1);
          coef = m * (dot(alEr, Si) - dot(al, Si) * dot(Si, erOnes));
        } else {
          const z = dot(wr, xi);
          const dphi = p.activation === 'relu' ? (z > 0 ? 1 : 0) : Math.exp(z);
          coef = ((al[r] as number) * dphi) / Math.sqrt(m);
        }
        for (let k = 0; k < dIn; k++) g[k] = (g[k] as number) + e * coef * (xi[k] as number);
      });
    });
    return g;
  });
}

/** Claim 3.4 literally: Δw_r = m Σ_i Σ_ℓ (F_{ℓ,i} − y_{ℓ,i}) · (⟨a_{ℓ,r}·1_m − a_ℓ, S_i⟩ · S_{i,r}) · x_i. */
export function refGradientClaim(p: RefProblem): number[][] {
  const m = p.w.length;
  const dIn = p.x[0]?.length as number;
  const F = refForward(p);
  return p.w.map((_wr, r) => {
    const g = new Array<number>(dIn).fill(0);
    p.x.forEach((xi, i) => {
      const Si = refS(p, i);
      p.a.forEach((al, l) => {
        const e = (F[i]?.[l] as number) - (p.y[i]?.[l] as number);
        const v = al.map((alk) => (al[r] as number) * 1 - alk);
        const coef = m * dot(v, Si) * (Si[r] as number);
        for (let k = 0; k < dIn; k++) g[k] = (g[k] as number) + e * coef * (xi[k] as number);
      });
    });
    return g;
  });
}
