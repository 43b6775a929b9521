/**
 * The network's math, written once over `Ops` (float64 and float32 share it):
 * Eq. 1 / Definition 3.1 (forward), Definition 3.3 in the closed form of
 * Claim 3.4 (gradient), and the Jacobian-vector products built from the same
 * factors. Gu, Li, Liang, Shi, Song — "Exploring the Frontiers of Softmax"
 * (2024), Section 3 and Appendix A.
 *
 * Orientation (all products flag-free): X n×d_in, Xᵀ d_in×n, Wᵀ d_in×m (the
 * paper's W), a d_out×m, aᵀ m×d_out, outputs n×d_out. Gradients and
 * directions are carried as d_in×m (Wᵀ-shaped).
 */
import type { Activation } from '../network/activation';
import { outputScale } from '../network/activation';
import type { Ops } from './ops';

/** Forward values and the factors the derivatives reuse. */
export interface Forward<T> {
  activation: Activation;
  m: number;
  /** F, n × d_out. */
  F: T;
  /**
   * softmax: S (n × m), S_{i,r} = exp(z_{i,r}) / Σ_r' exp(z_{i,r'});
   * relu/exp: the derivative of the activation at the logits (1[z>0] or exp(z); exp(z − s_i) with `shift`).
   */
  D: T;
  /** softmax only: P = S·aᵀ (n × d_out), P_{i,ℓ} = ⟨a_ℓ, S_i⟩. */
  P: T | undefined;
  /**
   * exp only, when a logit would overflow float64: the row maxima s (n × 1) of Z, with D = exp(Z − s·1ᵀ)
   * in place of exp(Z), so that exp(Z) = D ⊙ exp(s·1ᵀ) (see `Ops.expShifted`). Undefined otherwise.
   */
  shift?: T | undefined;
}

/**
 * c·exp(s·1ᵀ) ⊙ a for the exp network (c = 1/√m ≤ 1 is applied first, then the row factor exp(s_i) in
 * log space), or c·a when the logits were not shifted: the product is non-finite only where its true
 * value overflows float64.
 */
function scaleUnshift<T>(ops: Ops<T>, fw: Forward<T>, a: T, c: number): T {
  const scaled = ops.scale(a, c);
  return fw.shift === undefined ? scaled : ops.mulExpCol(scaled, fw.shift);
}

/**
 * Forward pass. Logits Z = X·Wᵀ (n × m), then
 * softmax: S = softmaxRows(Z), P = S·aᵀ, F = m·P  (Definition 3.1: F_{ℓ,i} = m⟨a_ℓ, S_i⟩);
 * relu/exp: F = (1/√m)·φ(Z)·aᵀ.
 */
export function forwardCore<T>(ops: Ops<T>, activation: Activation, X: T, Wt: T, aT: T, m: number): Forward<T> {
  const Z = ops.matMul(X, Wt);
  const c = outputScale(activation, m);
  switch (activation) {
    case 'softmax': {
      const S = ops.softmaxRows(Z);
      const P = ops.matMul(S, aT);
      return { activation, m, F: ops.scale(P, c), D: S, P };
    }
    case 'relu': {
      const F = ops.scale(ops.matMul(ops.relu(Z), aT), c);
      return { activation, m, F, D: ops.step(Z), P: undefined };
    }
    case 'exp': {
      // Form: F = c·exp(Z)·aᵀ, or, when a logit exceeds log(MAX_VALUE) ≈ 709.78 (float64):
      //       F_{i,ℓ} = exp(s_i)·c·Σ_r a_{ℓ,r} exp(z_{i,r} − s_i), the factor exp(s_i) applied in log space
      //       (sign(v)·exp(s_i + log|v|)), so F is finite wherever its true value is.
      const { e, shift } = ops.expShifted(Z);
      const fw: Forward<T> = { activation, m, F: e, D: e, P: undefined, shift };
      fw.F = scaleUnshift(ops, fw, ops.matMul(e, aT), c);
      return fw;
    }
  }
}

/**
 * The coefficient matrix C (n × m) of Jᵀv, so that Jᵀv = Cᵀ·X (m × d_in),
 * i.e. (Jᵀv)ᵀ = Xᵀ·C.
 *
 * softmax (Claim 3.4 with the residual F − Y replaced by v):
 *   C_{i,r} = m·S_{i,r}·(Σ_ℓ v_{i,ℓ} a_{ℓ,r} − Σ_ℓ v_{i,ℓ} P_{i,ℓ}),  C = m·S ⊙ (v·a − rowsum(v ⊙ P)·1ᵀ);
 * relu/exp: C = (1/√m)·φ'(Z) ⊙ (v·a) (exp with shifted logits: C = (1/√m)·exp(s·1ᵀ) ⊙ D ⊙ (v·a)).
 */
export function vjpCoefficients<T>(ops: Ops<T>, fw: Forward<T>, v: T, a: T): T {
  const c = outputScale(fw.activation, fw.m);
  // exp with shifted logits: C = c·exp(s·1ᵀ) ⊙ D ⊙ (v·a), the row factor in log space.
  if (fw.shift !== undefined) return scaleUnshift(ops, fw, ops.mul(fw.D, ops.matMul(v, a)), c);
  // The output scale is applied to v (n × d_out), not to an n × m array.
  const cv = ops.scale(v, c);
  const va = ops.matMul(cv, a);
  if (fw.activation === 'softmax') {
    const r = ops.rowSum(ops.mul(cv, fw.P as T));
    return ops.mulSubCol(fw.D, va, r);
  }
  return ops.mul(fw.D, va);
}

/** (Jᵀv)ᵀ = Xᵀ·C, d_in × m; with v = F − Y this is ΔWᵀ of Definition 3.3 / Claim 3.4. */
export function vjpCore<T>(ops: Ops<T>, fw: Forward<T>, Xt: T, v: T, a: T): T {
  return ops.matMul(Xt, vjpCoefficients(ops, fw, v, a));
}

/**
 * J·u, the derivative of F (n × d_out) along a direction U of W (given as
 * Uᵀ, d_in × m). With G = X·Uᵀ (G_{i,r} = ⟨u_r, x_i⟩), from Eq. 2:
 * softmax: J·u = m·((S ⊙ G)·aᵀ − P ⊙ (rowsum(S ⊙ G)·1ᵀ));
 * relu/exp: J·u = (1/√m)·(φ'(Z) ⊙ G)·aᵀ.
 */
export function jvpCore<T>(ops: Ops<T>, fw: Forward<T>, X: T, Ut: T, aT: T): T {
  const c = outputScale(fw.activation, fw.m);
  const DG = ops.mul(fw.D, ops.matMul(X, Ut));
  const lin = ops.matMul(DG, aT);
  if (fw.activation === 'softmax') {
    return ops.scale(ops.sub(lin, ops.mulCol(fw.P as T, ops.rowSum(DG))), c);
  }
  return scaleUnshift(ops, fw, lin, c);
}
