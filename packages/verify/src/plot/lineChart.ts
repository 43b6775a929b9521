/**
 * Line charts as SVG, rendered in Node without a browser: loss curves
 * against their bounds, $\lambda_{\min}(H(\tau))$ and kernel drift along training, scaling
 * laws on log–log axes.
 */
import {
  paletteColor,
  checkSeries,
  escapeXml,
  extent,
  axesFrame,
  makeScale,
  num,
  MARGIN,
  type AxesOptions,
} from '../internal/svg';

/** One line of a {@link lineChart}: its name in the legend, the points (x, y), and its colour and style. */
export interface LineSeries {
  /** The series' name in the legend. */
  name: string;
  /** The abscissae. */
  x: ArrayLike<number>;
  /** The ordinates, one per abscissa. */
  y: ArrayLike<number>;
  /** CSS colour; default from the palette by position. */
  color?: string;
  /** SVG dash pattern, e.g. `"6 4"` for a bound. */
  dash?: string;
  /** Draw a dot at each point (default: only when the series has $\le 40$ points). */
  markers?: boolean;
}

/** Axes, size and legend as in `AxesOptions` (default 640 × 400). */
export interface LineChartOptions extends AxesOptions {
  /** The lines to draw. */
  series: LineSeries[];
}

/** A chart of one or more polylines; non-finite points (and non-positive ones on a log axis) break the line.
 *
 * @param options - The series, the title, the axis labels and scales, and the size.
 *
 * @example
 * ```ts
 * import { lineChart } from '@softmax-ntk/verify';
 *
 * // An SVG line chart (a string: no DOM, no canvas), here on a log y axis
 * const { svg } = lineChart({
 *   title: 'loss',
 *   yScale: 'log',
 *   series: [{ name: 'L(W(τ))', x: [0, 1, 2, 3], y: [1, 0.1, 0.01, 0.001] }],
 * });
 * // one polyline for the series, its name in the legend
 * console.log(svg.startsWith('<svg'), (svg.match(/<polyline/g) ?? []).length, svg.includes('L(W(τ))'));
 * // → true 1 true
 * ```
 */
export function lineChart(options: LineChartOptions): { svg: string } {
  checkSeries(options);
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const xs = options.xScale ?? 'linear';
  const ys = options.yScale ?? 'linear';
  const allX: number[] = [],
    allY: number[] = [];
  for (const s of options.series) {
    for (let i = 0; i < s.x.length; i++) {
      const x = s.x[i] as number,
        y = s.y[i] as number;
      if (Number.isFinite(x) && Number.isFinite(y) && (xs !== 'log' || x > 0) && (ys !== 'log' || y > 0)) {
        allX.push(x);
        allY.push(y);
      }
    }
  }
  const x = makeScale(xs, options.xDomain ?? extent(allX, xs, 0.02), [MARGIN.left, width - MARGIN.right]);
  const y = makeScale(ys, options.yDomain ?? extent(allY, ys), [height - MARGIN.bottom, MARGIN.top]);
  const marks: string[] = [];
  const legend: { name: string; color: string; dash?: string; marker?: boolean }[] = [];
  options.series.forEach((s, k) => {
    const color = s.color ?? paletteColor(k);
    const markers = s.markers ?? s.x.length <= 40;
    const segments: string[][] = [];
    let cur: string[] = [];
    const dots: string[] = [];
    for (let i = 0; i < s.x.length; i++) {
      const px = x.map(s.x[i] as number),
        py = y.map(s.y[i] as number);
      if (!Number.isFinite(px) || !Number.isFinite(py)) {
        if (cur.length) segments.push(cur);
        cur = [];
        continue;
      }
      cur.push(`${num(px)},${num(py)}`);
      if (markers) dots.push(`<circle cx="${num(px)}" cy="${num(py)}" r="3" fill="${color}"/>`);
    }
    if (cur.length) segments.push(cur);
    for (const seg of segments) {
      if (seg.length > 1) {
        marks.push(
          `<polyline fill="none" stroke="${color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} points="${seg.join(' ')}"><title>${escapeXml(s.name)}</title></polyline>`,
        );
      }
    }
    marks.push(...dots);
    legend.push({ name: s.name, color, ...(s.dash ? { dash: s.dash } : {}), marker: markers });
  });
  const showLegend = options.legend ?? options.series.length > 1;
  return { svg: axesFrame(options, { width, height, x, y }, legend, showLegend, marks.join('\n')) };
}
