/**
 * float64 vector helpers shared by the modules of assembly/ (inlined where they are used: net.ts, prod.ts).
 */

/** The sum of a f64x2's two lanes. */
@inline export function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Σ_{p<k} x[p]·y[p]: even and odd p in two lanes, the lanes summed, then an odd last term. */
@inline export function rowDot(x: usize, y: usize, k: i32): f64 {
  const kb = <usize>(k & ~1) << 3;
  let s = f64x2.splat(0);
  for (let p: usize = 0; p < kb; p += 16) s = f64x2.add(s, f64x2.mul(v128.load(x + p), v128.load(y + p)));
  let t = hsum(s);
  if ((k & 1) != 0) t += load<f64>(x + kb) * load<f64>(y + kb);
  return t;
}
