/**
 * Scatter plots as SVG, optionally over a density drawn as a heat map with
 * contour-like bands: diffusion samples over the target density, and any
 * point cloud against a reference.
 */
import {
  paletteColor,
  checkSeries,
  extent,
  axesFrame,
  makeScale,
  num,
  MARGIN,
  type AxesOptions,
} from '../internal/svg';
import { colorRamp } from './colorRamp';

/**
 * One point set of a {@link scatterPlot}: its name in the legend, the points (x, y), and its colour, size and
 * opacity.
 */
export interface ScatterSeries {
  /** The series' name in the legend. */
  name: string;
  /** The points' abscissae. */
  x: ArrayLike<number>;
  /** The points' ordinates. */
  y: ArrayLike<number>;
  /** The points' colour (a CSS colour). */
  color?: string;
  /** Dot radius in pixels (default 2.5). */
  radius?: number;
  /** Default 0.7. */
  opacity?: number;
}

/**
 * A density on a regular grid over [xMin, xMax] × [yMin, yMax], drawn by {@link scatterPlot} as a shaded background.
 */
export interface DensityGrid {
  /** The grid covers [xMin, xMax] × [yMin, yMax]. */
  xMin: number;
  /** The right edge of the grid. */
  xMax: number;
  /** The bottom edge of the grid. */
  yMin: number;
  /** The top edge of the grid. */
  yMax: number;
  /** values[j][i]: density at cell (i, j), row j from yMin upwards, column i from xMin. */
  values: ArrayLike<ArrayLike<number>>;
  /** Number of colour bands (default 8); 0 for a smooth heat map. */
  levels?: number;
  /** Legend label (default "density"). */
  name?: string;
}

/** Axes, size and legend as in `AxesOptions` (default 560 × 520). */
export interface ScatterPlotOptions extends AxesOptions {
  /** The point sets to draw. */
  series: ScatterSeries[];
  /** A density drawn as a shaded background under the points. */
  density?: DensityGrid;
}

/**
 * Points (and an optional density heat map beneath them, drawn in the data's coordinates).
 *
 * @param options - The series, the optional density, the title, the axis labels and the size.
 *
 * @example
 * ```ts
 * import { scatterPlot } from '@softmax-ntk/verify';
 *
 * // An SVG scatter plot (a string) with a 2 × 2 density beneath the points: 2 dots, and 2 in the legend
 * const density = { xMin: -1, xMax: 1, yMin: -1, yMax: 1, values: [[0, 1], [1, 0]] };
 * const series = [{ name: 'x(0)', x: [0, 0.5], y: [0.2, -0.3] }];
 * const { svg } = scatterPlot({ title: 'samples', series, density });
 * console.log(svg.startsWith('<svg'), (svg.match(/<circle/g) ?? []).length, svg.includes('samples')); // true 4 true
 * ```
 */
export function scatterPlot(options: ScatterPlotOptions): { svg: string } {
  checkSeries(options);
  const width = options.width ?? 560;
  const height = options.height ?? 520;
  const xs = options.xScale ?? 'linear';
  const ys = options.yScale ?? 'linear';
  const dens = options.density;
  const allX: number[] = [],
    allY: number[] = [];
  for (const s of options.series)
    for (let i = 0; i < s.x.length; i++) {
      allX.push(s.x[i] as number);
      allY.push(s.y[i] as number);
    }
  if (dens) {
    allX.push(dens.xMin, dens.xMax);
    allY.push(dens.yMin, dens.yMax);
  }
  const x = makeScale(xs, options.xDomain ?? extent(allX, xs, dens ? 0 : 0.04), [MARGIN.left, width - MARGIN.right]);
  const y = makeScale(ys, options.yDomain ?? extent(allY, ys, dens ? 0 : 0.04), [height - MARGIN.bottom, MARGIN.top]);
  const marks: string[] = [];
  const legend: { name: string; color: string; marker?: boolean; line?: boolean }[] = [];
  if (dens) {
    const ny = dens.values.length;
    const nx = ny ? (dens.values[0] as ArrayLike<number>).length : 0;
    let max = 0;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = (dens.values[j] as ArrayLike<number>)[i] as number;
        if (Number.isFinite(v) && v > max) max = v;
      }
    const levels = dens.levels ?? 8;
    const cw = (dens.xMax - dens.xMin) / Math.max(nx, 1),
      ch = (dens.yMax - dens.yMin) / Math.max(ny, 1);
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = (dens.values[j] as ArrayLike<number>)[i] as number;
        if (!(v > 0) || max === 0) continue;
        let t = v / max;
        if (levels > 0) t = Math.floor(t * levels) / levels; // banded: level sets show as contours
        if (t <= 0) continue;
        const xa = x.map(dens.xMin + i * cw),
          xb = x.map(dens.xMin + (i + 1) * cw);
        const ya = y.map(dens.yMin + (j + 1) * ch),
          yb = y.map(dens.yMin + j * ch);
        // cells overlap by a quarter pixel so no seams show in the PNG
        marks.push(
          `<rect x="${num(Math.min(xa, xb))}" y="${num(Math.min(ya, yb))}" width="${num(Math.abs(xb - xa) + 0.25)}" height="${num(Math.abs(yb - ya) + 0.25)}" fill="${colorRamp(t)}"/>`,
        );
      }
    }
    legend.push({ name: dens.name ?? 'density', color: colorRamp(0.75), marker: true, line: false });
  }
  options.series.forEach((s, k) => {
    const color = s.color ?? paletteColor(k + (dens ? 2 : 0));
    const r = s.radius ?? 2.5;
    const op = s.opacity ?? 0.7;
    for (let i = 0; i < s.x.length; i++) {
      const px = x.map(s.x[i] as number),
        py = y.map(s.y[i] as number);
      if (!Number.isFinite(px) || !Number.isFinite(py)) continue;
      marks.push(`<circle cx="${num(px)}" cy="${num(py)}" r="${r}" fill="${color}" fill-opacity="${op}"/>`);
    }
    legend.push({ name: s.name, color, marker: true, line: false });
  });
  const showLegend = options.legend ?? (options.series.length > 1 || dens !== undefined);
  return { svg: axesFrame(options, { width, height, x, y }, legend, showLegend, marks.join('\n')) };
}
