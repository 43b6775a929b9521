/** Plots of a training history: the loss curve, and (when tracked) λ_min(H(τ)) and the kernel drift. */
import type { History } from '@softmax-ntk/network';
import { lineChart, type LineSeries } from '@softmax-ntk/verify';
import { historySeries as column, writePlot as write } from './trainingResults';

export interface TrainPlotInfo {
  title: string;
  /** m, η and the activation, for the loss bound of Lemma 5.3 (softmax only). */
  m: number;
  eta: number;
  activation: string;
}

/**
 * Writes `<base>.loss.{svg,png}` and, with kernel columns, `<base>.lambda-min.{svg,png}`
 * and `<base>.kernel-drift.{svg,png}`; returns the paths. With λ = λ_min(H(0))
 * recorded, the loss plot shows Lemma 5.3's bound ½·(1 − mηλ/2)^τ·‖F(0) − Y‖²_F.
 */
export function writeTrainPlots(base: string, h: History, info: TrainPlotInfo): string[] {
  const loss = column(h, 'loss');
  const series: LineSeries[] = [{ name: 'loss', ...loss }];
  const lambdaMin = h['lambdaMin'] ? column(h, 'lambdaMin') : undefined;
  const lambda = lambdaMin && lambdaMin.x[0] === 0 ? lambdaMin.y[0] : undefined;
  if (lambda !== undefined && info.activation === 'softmax' && lambda > 0) {
    const rate = 1 - (info.m * info.eta * lambda) / 2;
    const l0 = loss.y[0] as number;
    series.push({
      name: 'Lemma 5.3 bound (1 − mηλ/2)^τ·L(0)',
      x: loss.x,
      y: loss.x.map((t) => l0 * rate ** t),
      dash: '6 4',
    });
  }
  const files = write(
    `${base}.loss`,
    lineChart({
      title: `${info.title}: training loss`,
      xLabel: 'step τ',
      yLabel: 'L(W(τ)) = ½‖F − Y‖²',
      yScale: 'log',
      series,
    }).svg,
  );
  if (lambdaMin && h['kernelDrift']) {
    const lmin: LineSeries[] = [{ name: 'λ_min(H(τ))', ...lambdaMin }];
    if (lambda !== undefined)
      lmin.push({ name: 'λ/2 (Claim E.5 floor)', x: lambdaMin.x, y: lambdaMin.x.map(() => lambda / 2), dash: '6 4' });
    files.push(
      ...write(
        `${base}.lambda-min`,
        lineChart({
          title: `${info.title}: λ_min of the NTK along training`,
          xLabel: 'step τ',
          yLabel: 'λ_min(H(τ))',
          series: lmin,
          yDomain: [0, Math.max(...lambdaMin.y) * 1.1],
        }).svg,
      ),
      ...write(
        `${base}.kernel-drift`,
        lineChart({
          title: `${info.title}: kernel drift (Lemma 5.1)`,
          xLabel: 'step τ',
          yLabel: '‖H(τ) − H(0)‖_F',
          series: [{ name: '‖H(τ) − H(0)‖_F', ...column(h, 'kernelDrift') }],
        }).svg,
      ),
    );
  }
  return files;
}
