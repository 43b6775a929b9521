/** The element-wise input factor of the NTK: K ← s · K ⊙ (X₁ X₂ᵀ ⊗ 1_{d×d}). */
import { matmul, type Matrix } from '@softmax-ntk/linalg';

/**
 * In place: K[(ℓ1,i),(ℓ2,j)] *= s · ⟨x1_i, x2_j⟩ for K of size (n1·d) × (n2·d),
 * rows and columns output-major.
 */
export function applyInputKernel(
  K: Matrix,
  x1: Matrix,
  x2: Matrix,
  n1: number,
  n2: number,
  d: number,
  s: number,
): void {
  const G = matmul({ a: x1, b: x2, transB: true }).data; // n1 × n2
  const k = K.data;
  const cols = n2 * d;
  for (let l1 = 0; l1 < d; l1++) {
    for (let i = 0; i < n1; i++) {
      const row = (l1 * n1 + i) * cols;
      const gi = i * n2;
      for (let l2 = 0; l2 < d; l2++) {
        const o = row + l2 * n2;
        for (let j = 0; j < n2; j++) k[o + j] = s * (k[o + j] as number) * (G[gi + j] as number);
      }
    }
  }
}
