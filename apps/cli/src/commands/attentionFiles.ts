/**
 * Plots of `softmax-ntk attention train` (loss; with --track-kernel, the kernel drift
 * ‖H(τ) − H(0)‖_F/‖H(0)‖_F and λ_min of H, H_KQ, H_V). The history and the other
 * files are written by the shared training-results writer.
 */
import type { AttentionHistory } from '@softmax-ntk/attention';
import { lineChart, type LineSeries } from '@softmax-ntk/verify';
import { historySeries as column, writePlot as write } from '../internal/trainingResults';

/** The attention trainer's built-in history columns, in order. */
export const ATTENTION_HISTORY_COLUMNS = ['step', 'loss', 'phase', 'stepGradNorm'] as const;

/** Writes `<base>.loss.{svg,png}` and, with kernel columns, `<base>.kernel-drift` and `<base>.lambda-min`. */
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
