/** A light-to-dark sequential ramp (ColorBrewer GnBu) for densities: white at 0, dark blue at 1. */
const STOPS: [number, number, number][] = [
  [255, 255, 255],
  [224, 243, 219],
  [168, 221, 181],
  [123, 204, 196],
  [67, 162, 202],
  [8, 88, 158],
];

/**
 * The colour at $t \in [0, 1]$ (clamped), as `#rrggbb`.
 *
 * @param t - The position on the ramp, 0 to 1.
 *
 * @example
 * ```ts
 * import { colorRamp } from '@softmax-ntk/verify';
 *
 * // White to dark blue, clamped outside [0, 1]
 * console.log(colorRamp(0), colorRamp(1), colorRamp(2), colorRamp(0.5)); // #ffffff #08589e #08589e #92d5bd
 * ```
 */
export function colorRamp(t: number): string {
  const u = Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * (STOPS.length - 1);
  const k = Math.min(Math.floor(u), STOPS.length - 2);
  const f = u - k;
  const a = STOPS[k] as [number, number, number],
    b = STOPS[k + 1] as [number, number, number];
  const c = a.map((v, i) => Math.round(v + (b[i]! - v) * f));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
