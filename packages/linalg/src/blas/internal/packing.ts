/**
 * Packing routines and the register micro-kernel shared by `gemm` and `syrk`
 * (the blocked algorithm of Goto & van de Geijn, ACM TOMS 34(3), 2008).
 *
 * Packed layouts (zero-padded to whole strips):
 * - op(A) block, mc × kc: row strips MR tall; entry (i, p) of strip s = ⌊i/MR⌋
 *   is at `s·MR·kc + p·MR + (i mod MR)`.
 * - op(B) block, kc × nc: column strips NR wide; entry (p, j) of strip
 *   t = ⌊j/NR⌋ is at `t·NR·kc + p·NR + (j mod NR)`.
 * The micro-kernel then reads both strips at unit stride.
 */

/** Rows of the micro-kernel tile. */
export const MR = 4;
/** Columns of the micro-kernel tile. */
export const NR = 4;

const buffers: Record<string, Float64Array> = {};

/**
 * A reusable scratch buffer of at least `size` entries. JavaScript runs one
 * kernel at a time on a thread, so a named buffer is never shared by two
 * live calls (the kernels call no user code while they hold one).
 */
export function scratch(name: string, size: number): Float64Array {
  let b = buffers[name];
  if (b === undefined || b.length < size) {
    b = new Float64Array(size);
    buffers[name] = b;
  }
  return b;
}

/** Pack α·X (mc × kc, entry (i, p) at X[off + i·s1 + p·s2]) into MR-tall row strips. */
export function packA(
  mc: number,
  kc: number,
  alpha: number,
  X: Float64Array,
  off: number,
  s1: number,
  s2: number,
  out: Float64Array,
): void {
  let o = 0;
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const mr = Math.min(MR, mc - i0);
    const r0 = off + i0 * s1;
    if (mr === MR) {
      const r1 = r0 + s1,
        r2 = r1 + s1,
        r3 = r2 + s1;
      for (let p = 0; p < kc; p++) {
        const q = p * s2;
        out[o] = alpha * (X[r0 + q] as number);
        out[o + 1] = alpha * (X[r1 + q] as number);
        out[o + 2] = alpha * (X[r2 + q] as number);
        out[o + 3] = alpha * (X[r3 + q] as number);
        o += MR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let ii = 0; ii < MR; ii++) out[o + ii] = ii < mr ? alpha * (X[r0 + ii * s1 + p * s2] as number) : 0;
        o += MR;
      }
    }
  }
}

/** Pack Y (kc × nc, entry (p, j) at Y[off + p·s1 + j·s2]) into NR-wide column strips. */
export function packB(
  kc: number,
  nc: number,
  Y: Float64Array,
  off: number,
  s1: number,
  s2: number,
  out: Float64Array,
): void {
  let o = 0;
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const nr = Math.min(NR, nc - j0);
    const c0 = off + j0 * s2;
    if (nr === NR) {
      const c1 = c0 + s2,
        c2 = c1 + s2,
        c3 = c2 + s2;
      for (let p = 0; p < kc; p++) {
        const q = p * s1;
        out[o] = Y[c0 + q] as number;
        out[o + 1] = Y[c1 + q] as number;
        out[o + 2] = Y[c2 + q] as number;
        out[o + 3] = Y[c3 + q] as number;
        o += NR;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let jj = 0; jj < NR; jj++) out[o + jj] = jj < nr ? (Y[c0 + jj * s2 + p * s1] as number) : 0;
        o += NR;
      }
    }
  }
}

/**
 * Form: C[0:mr, 0:nr] += Ap·Bp for one MR-row strip of packed α·op(A) (at
 * `ao`) and one NR-column strip of packed op(B) (at `bo`), both kc deep; C's
 * tile starts at `co` with strides (cs1, cs2). Sixteen scalar accumulators.
 */
export function microKernel(
  kc: number,
  Ap: Float64Array,
  ao: number,
  Bp: Float64Array,
  bo: number,
  C: Float64Array,
  co: number,
  cs1: number,
  cs2: number,
  mr: number,
  nr: number,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0;
  let c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0;
  let c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  let a = ao,
    b = bo;
  for (let p = 0; p < kc; p++) {
    const a0 = Ap[a] as number,
      a1 = Ap[a + 1] as number,
      a2 = Ap[a + 2] as number,
      a3 = Ap[a + 3] as number;
    const b0 = Bp[b] as number,
      b1 = Bp[b + 1] as number,
      b2 = Bp[b + 2] as number,
      b3 = Bp[b + 3] as number;
    c00 += a0 * b0;
    c01 += a0 * b1;
    c02 += a0 * b2;
    c03 += a0 * b3;
    c10 += a1 * b0;
    c11 += a1 * b1;
    c12 += a1 * b2;
    c13 += a1 * b3;
    c20 += a2 * b0;
    c21 += a2 * b1;
    c22 += a2 * b2;
    c23 += a2 * b3;
    c30 += a3 * b0;
    c31 += a3 * b1;
    c32 += a3 * b2;
    c33 += a3 * b3;
    a += MR;
    b += NR;
  }
  if (mr === MR && nr === NR) {
    let r = co;
    C[r] = (C[r] as number) + c00;
    C[r + cs2] = (C[r + cs2] as number) + c01;
    C[r + 2 * cs2] = (C[r + 2 * cs2] as number) + c02;
    C[r + 3 * cs2] = (C[r + 3 * cs2] as number) + c03;
    r += cs1;
    C[r] = (C[r] as number) + c10;
    C[r + cs2] = (C[r + cs2] as number) + c11;
    C[r + 2 * cs2] = (C[r + 2 * cs2] as number) + c12;
    C[r + 3 * cs2] = (C[r + 3 * cs2] as number) + c13;
    r += cs1;
    C[r] = (C[r] as number) + c20;
    C[r + cs2] = (C[r + cs2] as number) + c21;
    C[r + 2 * cs2] = (C[r + 2 * cs2] as number) + c22;
    C[r + 3 * cs2] = (C[r + 3 * cs2] as number) + c23;
    r += cs1;
    C[r] = (C[r] as number) + c30;
    C[r + cs2] = (C[r + cs2] as number) + c31;
    C[r + 2 * cs2] = (C[r + 2 * cs2] as number) + c32;
    C[r + 3 * cs2] = (C[r + 3 * cs2] as number) + c33;
    return;
  }
  // Edge tile: write the valid mr × nr corner only.
  const t = tile;
  t[0] = c00;
  t[1] = c01;
  t[2] = c02;
  t[3] = c03;
  t[4] = c10;
  t[5] = c11;
  t[6] = c12;
  t[7] = c13;
  t[8] = c20;
  t[9] = c21;
  t[10] = c22;
  t[11] = c23;
  t[12] = c30;
  t[13] = c31;
  t[14] = c32;
  t[15] = c33;
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const q = co + i * cs1 + j * cs2;
      C[q] = (C[q] as number) + (t[i * NR + j] as number);
    }
  }
}

const tile = new Float64Array(MR * NR);

/**
 * As `microKernel`, but writes only the entries of the tile with
 * row − col ≥ `diag` (global row gi0 + i, column gj0 + j; `lower`) or
 * row − col ≤ `diag` (upper): the diagonal tiles of `syrk`.
 */
export function microKernelTriangle(
  kc: number,
  Ap: Float64Array,
  ao: number,
  Bp: Float64Array,
  bo: number,
  C: Float64Array,
  co: number,
  cs1: number,
  cs2: number,
  mr: number,
  nr: number,
  rowMinusCol: number,
  lower: boolean,
): void {
  const t = tile;
  t.fill(0);
  let a = ao,
    b = bo;
  for (let p = 0; p < kc; p++) {
    for (let i = 0; i < MR; i++) {
      const ai = Ap[a + i] as number;
      for (let j = 0; j < NR; j++) t[i * NR + j] = (t[i * NR + j] as number) + ai * (Bp[b + j] as number);
    }
    a += MR;
    b += NR;
  }
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nr; j++) {
      const d = rowMinusCol + i - j;
      if (lower ? d < 0 : d > 0) continue;
      const q = co + i * cs1 + j * cs2;
      C[q] = (C[q] as number) + (t[i * NR + j] as number);
    }
  }
}
