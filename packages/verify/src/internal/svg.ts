/**
 * The pieces of the hand-written SVG plotter: scales with readable ticks,
 * XML escaping, a colour palette and the frame (axes, ticks, labels, legend)
 * shared by every chart. Deterministic output: the same data gives the same
 * bytes, so plots can be compared in tests and diffed in reports.
 */
import { argumentError } from '@softmax-ntk/linalg';

/** How an axis maps values to positions: `linear`, or `log` (base 10; positive values only). */
export type ScaleKind = 'linear' | 'log';

export interface Scale {
  kind: ScaleKind;
  domain: [number, number];
  range: [number, number];
  /** Pixel position of a value (NaN for values a log scale cannot show). */
  map(v: number): number;
  ticks: { value: number; label: string }[];
}

/** Tableau 10: distinguishable, colour-blind friendlier than the defaults. */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** The k-th colour of the palette, cycling. */
export function paletteColor(k: number): string {
  return PALETTE[k % PALETTE.length] as string;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A number with at most 6 significant digits, no trailing zeros, no float noise. */
export function num(v: number): string {
  return Number(v.toFixed(2)).toString();
}

const SUP: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

function superscript(k: number): string {
  return String(k)
    .split('')
    .map((c) => SUP[c] ?? c)
    .join('');
}

/** A tick label: plain for moderate values, $\mathrm{mantissa} \cdot 10^k$ otherwise. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return Number(v.toPrecision(6)).toString();
  const k = Math.floor(Math.log10(a) + 1e-9);
  const mant = Number((v / 10 ** k).toPrecision(3));
  return mant === 1 ? `10${superscript(k)}` : mant === -1 ? `−10${superscript(k)}` : `${mant}·10${superscript(k)}`;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(count, 1);
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * p;
}

/** The extent of finite values (positive only for a log scale), padded; a degenerate extent is widened. */
export function extent(values: number[], kind: ScaleKind, pad = 0.04): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (kind === 'log' && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return kind === 'log' ? [0.1, 10] : [0, 1];
  if (kind === 'log') {
    let a = Math.log10(lo),
      b = Math.log10(hi);
    if (b - a < 1e-9) {
      a -= 0.5;
      b += 0.5;
    }
    const p = (b - a) * pad;
    return [10 ** (a - p), 10 ** (b + p)];
  }
  if (hi - lo < 1e-300 * Math.max(1, Math.abs(lo))) {
    const w = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - w, hi + w];
  }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

export function makeScale(kind: ScaleKind, domain: [number, number], range: [number, number], tickCount = 6): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (kind === 'log') {
    const l0 = Math.log10(d0),
      l1 = Math.log10(d1);
    const map = (v: number) =>
      v > 0 && Number.isFinite(v) ? r0 + ((Math.log10(v) - l0) / (l1 - l0)) * (r1 - r0) : NaN;
    const ticks: { value: number; label: string }[] = [];
    const k0 = Math.ceil(l0 - 1e-9),
      k1 = Math.floor(l1 + 1e-9);
    const decades = k1 - k0 + 1;
    const stride = decades > 10 ? Math.ceil(decades / Math.max(tickCount, 8)) : 1;
    for (let k = k0; k <= k1; k += stride) ticks.push({ value: 10 ** k, label: tickLabel(10 ** k) });
    if (decades < 3) {
      // Less than a few decades: add 2 and 5 between powers of ten.
      for (let k = Math.floor(l0); k <= k1; k++) {
        for (const m of [2, 5]) {
          const v = m * 10 ** k;
          if (Math.log10(v) >= l0 && Math.log10(v) <= l1) ticks.push({ value: v, label: tickLabel(v) });
        }
      }
      ticks.sort((a, b) => a.value - b.value);
    }
    return { kind, domain, range, map, ticks };
  }
  const map = (v: number) => (Number.isFinite(v) ? r0 + ((v - d0) / (d1 - d0)) * (r1 - r0) : NaN);
  const step = niceStep(d1 - d0, tickCount);
  const ticks: { value: number; label: string }[] = [];
  for (let v = Math.ceil(d0 / step) * step; v <= d1 + step * 1e-9; v += step) {
    const clean = Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12));
    ticks.push({ value: clean, label: tickLabel(clean) });
  }
  return { kind, domain, range, map, ticks };
}

export interface FrameOptions {
  width: number;
  height: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  x: Scale;
  y: Scale;
  legend?: { name: string; color: string; dash?: string; marker?: boolean; line?: boolean }[];
  /** Corner of the plot area holding the legend (default top-right). */
  legendPosition?: LegendPosition;
}

/** Which corner of the plotting area a chart's legend sits in. */
export type LegendPosition = 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';

/** The axes, size and legend options every chart takes. */
export interface AxesOptions {
  /** The chart's title, above the plot. */
  title?: string;
  /** The label of the x axis. */
  xLabel?: string;
  /** The label of the y axis. */
  yLabel?: string;
  /** Default `"linear"`. Log axes skip values $\le 0$. */
  xScale?: ScaleKind;
  /** Default `"linear"`. Log axes skip values $\le 0$. */
  yScale?: ScaleKind;
  /** Fixed axis ranges (default: the data's extent). */
  xDomain?: [number, number];
  /** Fixed y range (default: the data's extent). */
  yDomain?: [number, number];
  /** The SVG's width in pixels. */
  width?: number;
  /** The SVG's height in pixels. */
  height?: number;
  /** Default true when there are several series. */
  legend?: boolean;
  /** Corner of the plot area holding the legend (default `"top-right"`). */
  legendPosition?: LegendPosition;
}

/** Validation shared by the charts: `series` is an array of {name, x, y} with as many x as y values. */
export function checkSeries(options: { series?: unknown } | undefined): void {
  const series = options?.series;
  if (!Array.isArray(series)) throw argumentError('series', 'must be an array of {name, x, y}');
  series.forEach((s: { x: ArrayLike<number>; y: ArrayLike<number> }, k) => {
    if (s.x.length !== s.y.length)
      throw argumentError(`series[${k}]`, `has ${s.x.length} x values and ${s.y.length} y values`);
  });
}

export const MARGIN = { top: 40, right: 24, bottom: 56, left: 76 };

export const FONT = 'font-family="\'DejaVu Sans\', Verdana, Arial, sans-serif"';

/** `frame` for a chart: the title, axis labels and legend corner of its `AxesOptions`, and its legend when shown. */
export function axesFrame(
  options: AxesOptions,
  layout: { width: number; height: number; x: Scale; y: Scale },
  legend: NonNullable<FrameOptions['legend']>,
  showLegend: boolean,
  marks: string,
): string {
  return frame(
    {
      ...layout,
      ...(options.title !== undefined ? { title: options.title } : {}),
      ...(options.xLabel !== undefined ? { xLabel: options.xLabel } : {}),
      ...(options.yLabel !== undefined ? { yLabel: options.yLabel } : {}),
      ...(showLegend ? { legend } : {}),
      ...(options.legendPosition ? { legendPosition: options.legendPosition } : {}),
    },
    marks,
  );
}

/** The SVG around the plotted marks: background, grid, axes, ticks, labels, title, legend. */
export function frame(o: FrameOptions, marks: string): string {
  const { width, height } = o;
  const [x0, x1] = o.x.range;
  const [y0, y1] = o.y.range; // y0 is the bottom pixel
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`,
  );
  parts.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  if (o.title)
    parts.push(
      `<text x="${num(width / 2)}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(o.title)}</text>`,
    );
  // grid and ticks
  for (const t of o.x.ticks) {
    const px = o.x.map(t.value);
    if (!(px >= x0 - 0.5 && px <= x1 + 0.5)) continue;
    parts.push(`<line x1="${num(px)}" y1="${num(y1)}" x2="${num(px)}" y2="${num(y0)}" stroke="#e6e6e6"/>`);
    parts.push(`<line x1="${num(px)}" y1="${num(y0)}" x2="${num(px)}" y2="${num(y0 + 5)}" stroke="#333"/>`);
    parts.push(`<text x="${num(px)}" y="${num(y0 + 18)}" text-anchor="middle">${escapeXml(t.label)}</text>`);
  }
  for (const t of o.y.ticks) {
    const py = o.y.map(t.value);
    if (!(py <= y0 + 0.5 && py >= y1 - 0.5)) continue;
    parts.push(`<line x1="${num(x0)}" y1="${num(py)}" x2="${num(x1)}" y2="${num(py)}" stroke="#e6e6e6"/>`);
    parts.push(`<line x1="${num(x0 - 5)}" y1="${num(py)}" x2="${num(x0)}" y2="${num(py)}" stroke="#333"/>`);
    parts.push(`<text x="${num(x0 - 8)}" y="${num(py + 4)}" text-anchor="end">${escapeXml(t.label)}</text>`);
  }
  parts.push(
    `<defs><clipPath id="plot-area"><rect x="${num(x0)}" y="${num(y1)}" width="${num(x1 - x0)}" height="${num(y0 - y1)}"/></clipPath></defs>`,
  );
  parts.push(`<g clip-path="url(#plot-area)">`);
  parts.push(marks);
  parts.push('</g>');
  parts.push(
    `<rect x="${num(x0)}" y="${num(y1)}" width="${num(x1 - x0)}" height="${num(y0 - y1)}" fill="none" stroke="#333"/>`,
  );
  if (o.xLabel)
    parts.push(
      `<text x="${num((x0 + x1) / 2)}" y="${num(height - 14)}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`,
    );
  if (o.yLabel)
    parts.push(
      `<text transform="translate(16 ${num((y0 + y1) / 2)}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>`,
    );
  if (o.legend && o.legend.length) {
    const w = Math.max(...o.legend.map((l) => l.name.length)) * 7 + 40;
    const h = o.legend.length * 18 + 8;
    const pos = o.legendPosition ?? 'top-right';
    const lx = pos.endsWith('left') ? x0 + 8 : x1 - w - 8;
    const ly = pos.startsWith('bottom') ? y0 - h - 8 : y1 + 8;
    parts.push(
      `<rect x="${num(lx)}" y="${num(ly)}" width="${num(w)}" height="${num(h)}" fill="#ffffff" fill-opacity="0.85" stroke="#999"/>`,
    );
    o.legend.forEach((l, k) => {
      const yy = ly + 14 + k * 18;
      if (l.line !== false)
        parts.push(
          `<line x1="${num(lx + 8)}" y1="${num(yy - 4)}" x2="${num(lx + 30)}" y2="${num(yy - 4)}" stroke="${l.color}" stroke-width="2"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`,
        );
      if (l.marker) parts.push(`<circle cx="${num(lx + 19)}" cy="${num(yy - 4)}" r="3.5" fill="${l.color}"/>`);
      parts.push(`<text x="${num(lx + 36)}" y="${num(yy)}">${escapeXml(l.name)}</text>`);
    });
  }
  parts.push('</svg>');
  return parts.join('\n');
}
