/**
 * The memory layout of the dense symmetric eigensolver (./eighWasm on one thread, ./tridiagonalThreads on two): the
 * matrix and the tridiagonal reduction's buffers, and with vectors Z, the workspace of the route that finds the
 * eigenvectors of T, and the back-transformation's block buffers.
 */
import { KERNELS_BASE, layoutArrays } from '../../wasm/kernels';
import { stedcScratch } from './stedc';

/** Panel width of the reduction (a multiple of 4: the trailing update's tiles are 4 × 4). */
export const NB = 32;
/** Reflectors per block of the back-transformation (a multiple of 4). */
export const KB = 64;
/** QL sweeps whose rotations are applied together (the list is SWEEPS·(2n + 2) float64s). */
export const SWEEPS = 16;

export const up4 = (v: number): number => (v + 3) & ~3;
/** `rotSweeps` works on strips of 8 columns. */
export const up8 = (v: number): number => (v + 7) & ~7;

/** How the eigenvectors of T are found: none (values only), QL rotations, or divide and conquer. */
export type Route = 'values' | 'ql' | 'dc';

/**
 * Byte offsets of the eigensolver's arrays for an n × n problem on `route`, laid out from `base` (past the two-thread
 * path's control block there), and the bytes from KERNELS_BASE to the end of the last. Float64s, n4 = n rounded up
 * to 4: A n4², W NB·n4, X and Y 2·NB·n4 each, T 2·NB, d, e, τ and the two-thread symv's buffer n4 each; with vectors
 * Z n4², then D&C's merge buffers or QL's strips and sweep list, then the back-transformation's six block buffers.
 */
export function eigLayout(n: number, route: Route, base = KERNELS_BASE): { at: Record<string, number>; bytes: number } {
  const n4 = up4(n);
  const sizes: Record<string, number> = {
    a: n4 * n4,
    w: NB * n4,
    x: n4 * 2 * NB,
    y: 2 * NB * n4,
    t: 2 * NB,
    d: n4,
    e: n4,
    tau: n4,
    yb: n4,
  };
  if (route !== 'values') sizes['z'] = n4 * n4;
  if (route === 'ql') Object.assign(sizes, { zs: n * up8(n), list: SWEEPS * (2 * n + 2) });
  if (route === 'dc') Object.assign(sizes, stedcScratch(n));
  if (route !== 'values')
    Object.assign(sizes, { p: n4 * KB, r: n4 * KB, vb: n4 * KB, vbt: KB * n4, tt: KB * KB, g: KB * KB });
  return layoutArrays(sizes, 8, base);
}
