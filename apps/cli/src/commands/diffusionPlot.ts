/**
 * Plots of the diffusion commands: samples over the target density (2-D) and
 * the training-loss curve, as SVG with a PNG beside it (drawn by the plot
 * functions of @softmax-ntk/verify).
 */
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { Rng, type Matrix } from '@softmax-ntk/linalg';
import { mixtureMarginal, type Target } from '@softmax-ntk/diffusion';
import { lineChart, scatterPlot, type DensityGrid } from '@softmax-ntk/verify';
import { svgToPng } from '@softmax-ntk/verify/node';

/** Grid cells per side of the density image. */
const GRID = 120;
/** Draws for the histogram of a target without a closed-form density. */
const HISTOGRAM_DRAWS = 40000;

/** The path without its extension (`a/b.svg` → `a/b`). */
export function stem(path: string): string {
  return path.replace(/\.(svg|png|json|csv)$/i, '');
}

function bounds(points: Matrix[]): [number, number, number, number] {
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (const p of points)
    for (let i = 0; i < p.rows; i++) {
      const x = p.data[2 * i] as number,
        y = p.data[2 * i + 1] as number;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  const px = 0.08 * (x1 - x0 || 1),
    py = 0.08 * (y1 - y0 || 1);
  return [x0 - px, x1 + px, y0 - py, y1 + py];
}

/** The density of p₀ on a grid: exact for mixtures, else a histogram of fresh draws. */
export function densityGrid(target: Target, box: [number, number, number, number]): DensityGrid {
  const [xMin, xMax, yMin, yMax] = box;
  const values: Float64Array[] = [];
  const cw = (xMax - xMin) / GRID,
    ch = (yMax - yMin) / GRID;
  if (target.mixture) {
    const pts = new Float64Array(GRID * GRID * 2);
    for (let j = 0; j < GRID; j++)
      for (let i = 0; i < GRID; i++) {
        pts[2 * (j * GRID + i)] = xMin + (i + 0.5) * cw;
        pts[2 * (j * GRID + i) + 1] = yMin + (j + 0.5) * ch;
      }
    const { logDensity } = mixtureMarginal(target.mixture, 1, 0, { rows: GRID * GRID, cols: 2, data: pts }, false);
    for (let j = 0; j < GRID; j++)
      values.push(Float64Array.from(logDensity.subarray(j * GRID, (j + 1) * GRID), Math.exp));
  } else {
    for (let j = 0; j < GRID; j++) values.push(new Float64Array(GRID));
    const s = target.sample(HISTOGRAM_DRAWS, new Rng('density'));
    for (let k = 0; k < s.rows; k++) {
      const i = Math.floor(((s.data[2 * k] as number) - xMin) / cw),
        j = Math.floor(((s.data[2 * k + 1] as number) - yMin) / ch);
      if (i >= 0 && i < GRID && j >= 0 && j < GRID) (values[j] as Float64Array)[i]! += 1;
    }
  }
  return { xMin, xMax, yMin, yMax, values, levels: 8, name: 'target density' };
}

/** Scatter of 2-D samples over p₀'s density; writes `<stem>.svg` and `<stem>.png`, returns their paths. */
export function writeSamplePlot(path: string, samples: Matrix, target: Target, title: string): string[] {
  const ref = target.sample(2000, new Rng('plot-bounds'));
  const box = bounds([ref, samples]);
  const { svg } = scatterPlot({
    series: [
      { name: 'samples', x: strided(samples, 0), y: strided(samples, 1), color: '#d62728', radius: 1.6, opacity: 0.6 },
    ],
    density: densityGrid(target, box),
    xDomain: [box[0], box[1]],
    yDomain: [box[2], box[3]],
    title,
    xLabel: 'x₁',
    yLabel: 'x₂',
  });
  return writeSvgPng(path, svg);
}

/** Training loss per GD step (log scale) with the posterior-mean floor when known. */
export function writeLossPlot(
  path: string,
  steps: number[],
  loss: number[],
  floor: number | null,
  title: string,
): string[] {
  const series = [{ name: 'training loss ½Σ‖F − y‖²', x: steps, y: loss, color: '#1f77b4' }];
  if (floor !== null)
    series.push({
      name: 'posterior-mean floor',
      x: [steps[0] ?? 0, steps[steps.length - 1] ?? 1],
      y: [floor, floor],
      color: '#7f7f7f',
      dash: '6 4',
    } as never);
  const { svg } = lineChart({ series, title, xLabel: 'GD step τ', yLabel: 'loss', yScale: 'log' });
  return writeSvgPng(path, svg);
}

function strided(m: Matrix, j: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) out[i] = m.data[i * m.cols + j] as number;
  return out;
}

function writeSvgPng(path: string, svg: string): string[] {
  const s = stem(path);
  // atomically, as every other output: an interrupted run leaves the old plot or the new one, and no partial file
  writeFileAtomic(`${s}.svg`, svg);
  writeFileAtomic(`${s}.png`, svgToPng(svg));
  return [`${s}.svg`, `${s}.png`];
}
