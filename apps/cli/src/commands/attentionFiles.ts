/**
 * Side files of `softmax-ntk attention train`: the history as CSV and JSON, and
 * plots (loss with the phase of each step; with --track-kernel, the kernel drift
 * ‖H(τ) − H(0)‖_F/‖H(0)‖_F and λ_min of H, H_KQ, H_V).
 */
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import type { AttentionHistory } from '@softmax-ntk/attention';
import { lineChart, type LineSeries } from '@softmax-ntk/verify';
import { svgToPng } from '@softmax-ntk/verify/node';

function columns(h: AttentionHistory): string[] {
  const builtin = ['step', 'loss', 'phase', 'stepGradNorm'];
  return [...builtin, ...Object.keys(h).filter((k) => !builtin.includes(k))];
}

export function writeAttentionHistory(base: string, h: AttentionHistory): string[] {
  const cols = columns(h);
  const lines = [cols.join(',')];
  for (let k = 0; k < h.step.length; k++)
    lines.push(
      cols
        .map((c) => {
          const v = (h[c] as (number | null)[])[k];
          return v === null || v === undefined ? '' : String(v);
        })
        .join(','),
    );
  writeFileAtomic(`${base}.history.csv`, lines.join('\n') + '\n');
  const json = Object.fromEntries(
    cols.map((c) => [c, (h[c] as (number | null)[]).map((v) => (v === null || Number.isFinite(v) ? v : String(v)))]),
  );
  writeFileAtomic(`${base}.history.json`, JSON.stringify(json) + '\n');
  return [`${base}.history.csv`, `${base}.history.json`];
}

function column(h: AttentionHistory, name: string): { x: number[]; y: number[] } {
  const x: number[] = [];
  const y: number[] = [];
  const col = h[name] as (number | null)[];
  for (let k = 0; k < h.step.length; k++) {
    const v = col[k];
    if (v !== null && v !== undefined) {
      x.push(h.step[k] as number);
      y.push(v);
    }
  }
  return { x, y };
}

function write(path: string, svg: string): string[] {
  writeFileAtomic(`${path}.svg`, svg);
  writeFileAtomic(`${path}.png`, svgToPng(svg));
  return [`${path}.svg`, `${path}.png`];
}

export function writeAttentionPlots(base: string, h: AttentionHistory, title: string): string[] {
  const files = write(
    `${base}.loss`,
    lineChart({
      title: `${title}: training loss`,
      xLabel: 'step τ',
      yLabel: 'L(θ(τ)) = ½ Σ ‖F(X_s) − Y_s‖²',
      yScale: 'log',
      series: [{ name: 'loss', ...column(h, 'loss') }],
    }).svg,
  );
  if (h['kernelDrift']) {
    files.push(
      ...write(
        `${base}.kernel-drift`,
        lineChart({
          title: `${title}: kernel drift`,
          xLabel: 'step τ',
          yLabel: '‖H(τ) − H(0)‖_F / ‖H(0)‖_F',
          series: [{ name: 'kernel drift', ...column(h, 'kernelDrift') }],
        }).svg,
      ),
    );
    const series: LineSeries[] = [
      { name: 'λ_min(H)', ...column(h, 'lambdaMin') },
      { name: 'λ_min(H_KQ)', ...column(h, 'lambdaMinKQ') },
      { name: 'λ_min(H_V)', ...column(h, 'lambdaMinV') },
    ];
    const l0 = series[0]!.y[0];
    if (l0 !== undefined && l0 > 0)
      series.push({ name: 'λ_min(H(0))/2 (Claim E.5 analogue)', x: h.step, y: h.step.map(() => l0 / 2), dash: '6 4' });
    files.push(
      ...write(
        `${base}.lambda-min`,
        lineChart({ title: `${title}: λ_min along training`, xLabel: 'step τ', yLabel: 'λ_min', yScale: 'log', series })
          .svg,
      ),
    );
  }
  return files;
}
