/**
 * Eigenvalues of a real symmetric float64 matrix, ascending, without
 * eigenvectors: Householder tridiagonalisation without accumulating the
 * transforms, then QL on the tridiagonal matrix ((4/3)·n³ + O(n²) flops).
 * Same accuracy as `eigh`: each λᵢ within a small multiple of n·u·‖A‖₂.
 */
import type { Matrix } from '../matrix/matrix';
import { eigh } from './eigh';

export interface EigvalshOptions {
  /** Real symmetric n × n matrix with finite entries; only the upper triangle is read. */
  a: Matrix;
}

export function eigvalsh({ a }: EigvalshOptions): Float64Array {
  return eigh({ a, vectors: false }).values;
}
