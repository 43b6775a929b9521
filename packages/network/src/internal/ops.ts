/**
 * The few dense operations the network's math is written in, with two
 * implementations: float64 on row-major Float64Array (linalg's gemm) and
 * float32 on tfjs tensors. Every product is `a · b` with no transpose flag:
 * callers keep both orientations of what they need (X and Xᵀ, Wᵀ), because
 * tfjs-wasm's matMul leaves its fast path under transposeA/transposeB.
 */
export interface Ops<T> {
  /** Form: a · b (no transposes). */
  matMul(a: T, b: T): T;
  /** Element-wise a ⊙ b. */
  mul(a: T, b: T): T;
  /** Element-wise a − b. */
  sub(a: T, b: T): T;
  /** s · a. */
  scale(a: T, s: number): T;
  /** a − c·1ᵀ for a column c (rows × 1). */
  subCol(a: T, c: T): T;
  /** a ⊙ (c·1ᵀ) for a column c (rows × 1). */
  mulCol(a: T, c: T): T;
  /** Row sums, rows × 1. */
  rowSum(a: T): T;
  /**
   * Row-wise softmax, stable: exp(a_i − max_j a_ij) / Σ_j exp(a_ij − max_j a_ij).
   * Consumes `a`: an implementation may overwrite it (float64 does, to save an n × m array).
   */
  softmaxRows(a: T): T;
  /** d ⊙ (a − c·1ᵀ) for a column c; consumes `a` (float64 writes the result into it). */
  mulSubCol(d: T, a: T, c: T): T;
  /** Element-wise exp. */
  exp(a: T): T;
  /**
   * Element-wise exp of the logits, kept representable: `{ e: exp(a), shift: undefined }` when no row's
   * largest entry can overflow, else `{ e: exp(a − s·1ᵀ), shift: s }` with s (rows × 1) the row maxima, so
   * exp(a) = e ⊙ exp(s·1ᵀ) and every entry of e lies in (0, 1]. float32 never shifts (tfjs would have to
   * read the maxima back for the test); its exp overflows above logits of ~88, as documented.
   */
  expShifted(a: T): { e: T; shift: T | undefined };
  /**
   * a ⊙ exp(c·1ᵀ) for a column c (rows × 1), without overflow in the factor: an entry is non-finite only
   * where the product itself exceeds the largest float (it is computed as sign(a)·exp(c + log|a|) there).
   */
  mulExpCol(a: T, c: T): T;
  /** Element-wise max(a, 0). */
  relu(a: T): T;
  /** Element-wise 1[a > 0] (the ReLU derivative, taken as 0 at 0). */
  step(a: T): T;
}
