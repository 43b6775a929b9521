#!/usr/bin/env node
// The figures of the tutorial "The paper in pictures" (site/guide/paper-in-pictures.md), computed with this
// project's own packages at small sizes (seconds on one core) and drawn with @softmax-ntk/verify's SVG charts:
//
//   ntk-spectrum.svg        the eigenvalues of H(W(0)) (Definition 3.6) for three widths m
//   kernel-perturbation.svg ‖H(W) − H(W̃)‖_F against the radius R for three widths (Lemma 5.1)
//   training-loss.svg       L(W(τ)) along plain GD (Definition 3.5) for three widths
//   training-lambda.svg     λ_min(H(W(τ)))/λ_min(H(W(0))) along the same runs (Claim E.5: stays above 1/2)
//   kernel-drift.svg        ‖H(W(τ)) − H(W(0))‖_F/‖H(W(0))‖_F along the same runs (Lemma 5.1 with R = the movement)
//   diffusion-samples.svg   reverse-SDE samples (Eq. 4) from the NTK-regression score (Definition F.1, Theorem 6.5)
//   lemma-5.3-loss.svg, theorem-4.2-loss.svg, theorem-6.5-score-error.svg
//                           the plots of @softmax-ntk/verify's checks of Lemma 5.3, Theorem 4.2 and Theorem 6.5, run
//                           here at their quick sizes (`softmax-ntk verify --quick`; the report runs the full sizes)
//
// Each figure comes with figures.json (the numbers it plots). The docs build runs this script
// (scripts/build.mjs); by hand, from the repository root:
//
//   node apps/docs/scripts/figures.mjs [--only <name>] [--out <dir>]   (default: apps/docs/site/public/figures)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@softmax-ntk/linalg';
import { makeProblem, train } from '@softmax-ntk/network';
import { gram, kernelDrift, spectrum } from '@softmax-ntk/ntk';
import {
  createScoreModel,
  fromScaled,
  mixtureMarginal,
  modeCoverage,
  parseTarget,
  sample,
  trainScoreModel,
} from '@softmax-ntk/diffusion';
import { checkLemma53, checkTheorem42, checkTheorem65, lineChart, scatterPlot } from '@softmax-ntk/verify';

const app = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const out = path.resolve(flag('--out') ?? path.join(app, 'site/public/figures'));
const only = flag('--only');

/** The figures, by name: each returns its SVG and the numbers it plots. */
const WIDTHS = [64, 256, 1024];
/** One problem for every figure of Sections 1–3: n = 8 points in the unit ball of R^4, 2 outputs, σ = 1. */
const problemFor = (m) => makeProblem({ n: 8, dIn: 4, dOut: 2, numNeurons: m, sigma: 1, seed: 1 }).problem;

/**
 * A figure of one of verify's checks, run at its quick sizes (seconds): the plot named `figure` of the check's result,
 * with what the check measured and whether its property held.
 */
const checkFigure = (check, figure) => async () => {
  const result = await check({ quick: true, seed: 0 });
  const plot = (result.figures ?? []).find((f) => f.name === figure);
  if (!plot) throw new Error(`figures: check ${result.id} has no figure "${figure}" (status ${result.status})`);
  return {
    svg: plot.svg,
    data: {
      check: result.id,
      status: result.status,
      holds: result.holds,
      setup: result.setup,
      measured: result.measured,
    },
  };
};

const FIGURES = {
  'ntk-spectrum': async () => {
    const series = WIDTHS.map((m) => {
      const p = problemFor(m);
      const s = spectrum({ H: gram(p), full: true });
      const ev = Array.from(s.eigenvalues ?? []);
      return { name: `m = ${m}`, x: ev.map((_, k) => k + 1), y: ev, lambdaMin: s.lambdaMin, lambdaMax: s.lambdaMax };
    });
    const { svg } = lineChart({
      title: 'Eigenvalues of the NTK Gram matrix H(W(0))',
      xLabel: 'index k (ascending)',
      yLabel: 'λ_k(H)',
      yScale: 'log',
      series: series.map(({ name, x, y }) => ({ name, x, y, markers: true })),
    });
    return { svg, data: series.map(({ name, lambdaMin, lambdaMax }) => ({ name, lambdaMin, lambdaMax })) };
  },

  'kernel-perturbation': async () => {
    const radii = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
    const series = WIDTHS.map((m) => {
      const p = problemFor(m);
      const H0 = gram(p);
      const rng = new Rng(2);
      const y = radii.map((R) => {
        // Every neuron moved by exactly R, each in its own random direction (Rng.sphere): max_r ‖w_r − w̃_r‖ = R.
        const w1 = { ...p.w, data: Float64Array.from(p.w.data) };
        for (let r = 0; r < p.w.rows; r++) {
          const u = rng.sphere(p.w.cols);
          for (let j = 0; j < p.w.cols; j++) w1.data[r * p.w.cols + j] += R * u[j];
        }
        return kernelDrift({ w0: p.w, w1, a: p.a, x: p.x, H0 }).frobenius;
      });
      return { name: `m = ${m}`, x: radii, y };
    });
    const { svg } = lineChart({
      title: 'Lemma 5.1: the kernel moves linearly in R, less for wider networks',
      xLabel: 'R = max_r ‖w_r − w̃_r‖₂',
      yLabel: '‖H(W) − H(W̃)‖_F',
      xScale: 'log',
      yScale: 'log',
      series: series.map((s) => ({ ...s, markers: true })),
    });
    return { svg, data: series };
  },

  training: async () => {
    // Plain GD (Definition 3.5, no momentum), float64, η = 1/λ_max(J Jᵀ) of each width, in chunks of `every` steps
    // so that λ_min(H(W(τ))) can be measured between them.
    const steps = 400;
    const every = 20;
    const runs = [];
    for (const m of WIDTHS) {
      let problem = problemFor(m);
      const start = problem;
      const H0 = gram(start);
      const lambda0 = spectrum({ H: H0 }).lambdaMin;
      const drift = { x: [], y: [], radius: [] };
      const loss = [];
      const lossStep = [];
      const ratio = [1];
      const ratioStep = [0];
      let eta;
      for (let done = 0; done < steps; done += every) {
        const r = await train({ problem, precision: 'float64', steps: every, ...(eta ? { eta } : {}) });
        eta = r.eta;
        r.history.loss.forEach((v, k) => {
          if (done === 0 || k > 0) {
            loss.push(v);
            lossStep.push(done + r.history.step[k]);
          }
        });
        problem = r.problem;
        const d = kernelDrift({ w0: start.w, w1: problem.w, a: start.a, x: start.x, H0 });
        drift.x.push(done + every);
        drift.y.push(d.relative);
        drift.radius.push(d.radius);
        ratio.push(spectrum({ H: d.H1 }).lambdaMin / lambda0);
        ratioStep.push(done + every);
      }
      runs.push({ m, eta, lambda0, loss: { x: lossStep, y: loss }, ratio: { x: ratioStep, y: ratio }, drift });
    }
    const lossSvg = lineChart({
      title: 'Gradient descent on W: the loss falls geometrically',
      xLabel: 'GD step τ',
      yLabel: 'L(W(τ))',
      yScale: 'log',
      series: runs.map((r) => ({ name: `m = ${r.m}`, ...r.loss })),
    }).svg;
    const ratioSvg = lineChart({
      title: 'λ_min(H(W(τ))) / λ_min(H(W(0))) stays above 1/2 (Claim E.5)',
      xLabel: 'GD step τ',
      yLabel: 'λ_min(H(τ)) / λ',
      series: [
        ...runs.map((r) => ({ name: `m = ${r.m}`, ...r.ratio, markers: true })),
        { name: '1/2', x: [0, steps], y: [0.5, 0.5], dash: '4 3', color: '#888' },
      ],
    }).svg;
    const driftSvg = lineChart({
      title: 'Lemma 5.1 along training: the wider the network, the less H(τ) leaves H(0)',
      xLabel: 'GD step τ',
      yLabel: '‖H(τ) − H(0)‖_F / ‖H(0)‖_F',
      yScale: 'log',
      series: runs.map((r) => ({ name: `m = ${r.m}`, x: r.drift.x, y: r.drift.y, markers: true })),
    }).svg;
    return {
      files: { 'training-loss': lossSvg, 'training-lambda': ratioSvg, 'kernel-drift': driftSvg },
      data: runs.map((r) => ({
        m: r.m,
        eta: r.eta,
        lambda0: r.lambda0,
        firstLoss: r.loss.y[0],
        lastLoss: r.loss.y[r.loss.y.length - 1],
        minRatio: Math.min(...r.ratio.y),
        finalDrift: r.drift.y[r.drift.y.length - 1],
        finalRadius: r.drift.radius[r.drift.radius.length - 1],
      })),
    };
  },

  'diffusion-samples': async () => {
    const target = parseTarget({ type: 'named', name: '8-gaussians' });
    // NTK regression (trainScoreModel's default) on n = 300 denoising pairs, m = 256; float64 throughout.
    const model = await trainScoreModel({ target, n: 300, numNeurons: 256, seed: 0 });
    const { score, schedule } = await createScoreModel(model, { precision: 'float64' });
    const { samples } = sample({ model: score, schedule, count: 400, steps: 100, t0: model.t0, seed: 1 });
    const x = fromScaled(samples, model.normalization);
    const c = modeCoverage({ samples: x, mixture: target.mixture });
    const size = 60;
    const lo = -3.2;
    const hi = 3.2;
    const grid = { rows: size * size, cols: 2, data: new Float64Array(size * size * 2) };
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        grid.data[2 * (i * size + j)] = lo + ((j + 0.5) / size) * (hi - lo);
        grid.data[2 * (i * size + j) + 1] = lo + ((i + 0.5) / size) * (hi - lo);
      }
    const { logDensity } = mixtureMarginal(target.mixture, 1, 0, grid, false);
    const values = Array.from({ length: size }, (_, i) =>
      Array.from({ length: size }, (_, j) => Math.exp(logDensity[i * size + j])),
    );
    const { svg } = scatterPlot({
      title: 'Samples of the learned score (NTK regression, n = 300, m = 256)',
      xLabel: 'x₁',
      yLabel: 'x₂',
      xDomain: [lo, hi],
      yDomain: [lo, hi],
      density: { xMin: lo, xMax: hi, yMin: lo, yMax: hi, values, name: 'p₀' },
      series: [
        {
          name: 'samples',
          x: Array.from({ length: x.rows }, (_, i) => x.data[2 * i]),
          y: Array.from({ length: x.rows }, (_, i) => x.data[2 * i + 1]),
        },
      ],
    });
    return {
      svg,
      data: { n: 300, numNeurons: 256, count: x.rows, nearFraction: c.nearFraction, covered: c.covered, t0: model.t0 },
    };
  },
};

// Sections 3 and 4 of the tutorial: the checks' own plots (Lemma 5.3's bound, Theorem 4.2's T̂, Theorem 6.5's score
// error against n).
Object.assign(FIGURES, {
  'lemma-5.3-loss': checkFigure(checkLemma53, 'loss'),
  'theorem-4.2-loss': checkFigure(checkTheorem42, 'loss'),
  'theorem-6.5-score-error': checkFigure(checkTheorem65, 'score-error'),
});

mkdirSync(out, { recursive: true });
const summary = {};
for (const [name, make] of Object.entries(FIGURES)) {
  if (only && only !== name) continue;
  const started = Date.now();
  const result = await make();
  const files = result.files ?? { [name]: result.svg };
  for (const [file, svg] of Object.entries(files)) writeFileSync(path.join(out, `${file}.svg`), svg);
  summary[name] = result.data;
  console.log(`figures: ${Object.keys(files).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
writeFileSync(path.join(out, only ? `figures-${only}.json` : 'figures.json'), `${JSON.stringify(summary, null, 2)}\n`);
