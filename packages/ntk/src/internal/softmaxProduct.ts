/**
 * The structured float64 product v ↦ H·v of Definition 3.6 (Gu, Li, Liang, Shi, Song — "Exploring the
 * Frontiers of Softmax", 2024) for the softmax network, used by `largeSpectrum`: linalg's `softmaxGramProduct`
 * (S = softmax(X Wᵀ) formed once; each product two row-by-row passes of a SIMD WebAssembly kernel over S, about
 * 4·n·m·(d + d_in) flops, never the (n·d)² matrix; the formulas are in its header).
 * Below the public edge: nothing is validated here.
 */
import { softmaxGramProduct, type Matrix } from '@softmax-ntk/linalg';

/** The product and what was built for it. */
export interface SoftmaxProduct {
  /** n·d_out. */
  size: number;
  /** out ← H·v (output-major). */
  matvec(v: Float64Array, out: Float64Array): void;
  /** Bytes held by the product's buffers. */
  bytes: number;
  /** Gives the kernel's memory back (for the next call to reuse). */
  dispose(): void;
}

/** Builds S and P once, then returns the structured product of H(W) for the softmax network. */
export function softmaxProduct(w: Matrix, a: Matrix, x: Matrix): SoftmaxProduct {
  return softmaxGramProduct({ w, a, x });
}
