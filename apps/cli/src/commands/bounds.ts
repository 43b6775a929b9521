/**
 * `softmax-ntk bounds`: the constants of Definition 4.1, Theorem 4.2,
 * Corollary 4.3, Definition A.2, Lemma E.2 and Theorem 6.5 (Gu, Li, Liang,
 * Shi, Song 2024) for given n, d, δ, σ, ε, C, λ — or with λ (and n, d,
 * ‖F(0) − Y‖_F) measured on a problem file, beside the steps gradient descent
 * actually needs on it.
 */
import type { Command } from 'commander';
import { eigvalsh } from '@softmax-ntk/linalg';
import { train } from '@softmax-ntk/network';
import { gram } from '@softmax-ntk/ntk';
import { theoryConstants, type LogNumber } from '@softmax-ntk/verify';
import type { Context } from '../internal/context';
import { CliError, parseInteger, parseNumber } from '../internal/errors';
import { loadProblem } from '../internal/problemInput';

interface BoundsOpts {
  n?: string;
  d?: string;
  delta: string;
  sigma?: string;
  epsilon: string;
  C: string;
  lambda?: string;
  problem?: string;
  steps: string;
}

function show(v: LogNumber): string {
  return v.text;
}

/** What `bounds --problem` measured on the problem, beside the theory constants. */
interface Measured {
  lambda: number;
  lambdaMax: number;
  conditionNumber: number;
  m: number;
  sigmaFromW: boolean;
  eta?: number;
  steps?: number;
  status?: string;
  finalLoss?: number;
  reached?: boolean;
}

export function registerBounds(program: Command, getCtx: () => Context): void {
  program
    .command('bounds')
    .description('the theory constants B, m, η, T̂, R, D (Theorem 4.2 and friends), in log space; Ω(f) taken as f')
    .option('--n <int>', 'training samples n')
    .option('--d <int>', 'dimension d (output dimension; the paper takes d_in = d_out = d)')
    .option('--delta <δ>', 'failure probability δ ∈ (0, 0.1)', '0.05')
    .option('--sigma <σ>', 'standard deviation of the initial weights (default 1; with --problem, the RMS of W(0))')
    .option('--epsilon <ε>', 'target loss ‖F − Y‖²_F, ε ∈ (0, 0.1)', '0.001')
    .option('--C <c>', 'the constant C > 10 of Definition 4.1', '11')
    .option('--lambda <λ>', 'λ = λ_min(H*) (required without --problem)')
    .option('--problem <file>', 'measure n, d, λ, ‖F(0) − Y‖_F (and σ) on a problem file, and run GD to ε')
    .option('--steps <int>', 'with --problem: step budget of the GD run (0 to skip it)', '2000')
    .action(async (o: BoundsOpts) => {
      const ctx = getCtx();
      const delta = parseNumber('--delta', o.delta, { exclusiveMin: 0 });
      const epsilon = parseNumber('--epsilon', o.epsilon, { exclusiveMin: 0 });
      const C = parseNumber('--C', o.C, { exclusiveMin: 0 });
      let n: number, d: number, lambda: number, sigma: number, initialResidual: number | undefined;
      let measured: Measured | undefined;
      if (o.problem) {
        if (o.lambda !== undefined)
          throw new CliError('invalid options: give --lambda or --problem, not both (λ is measured on the problem)');
        const p = loadProblem(ctx, o.problem);
        if (p.activation !== 'softmax')
          ctx.warn(`the problem's activation is ${p.activation}; the constants are those of the softmax network`);
        n = p.x.rows;
        d = p.y.cols;
        const ev = eigvalsh({ a: gram({ w: p.w, a: p.a, x: p.x, activation: p.activation }) });
        lambda = ev[0] as number;
        const lambdaMax = ev[ev.length - 1] as number;
        if (!(lambda > 0))
          throw new CliError(`λ_min(H*) of ${o.problem} is ${lambda}: the kernel is singular, the theorems need λ > 0`);
        let ss = 0;
        for (const v of p.w.data) ss += v * v;
        sigma =
          o.sigma !== undefined
            ? parseNumber('--sigma', o.sigma, { exclusiveMin: 0 })
            : Math.sqrt(ss / p.w.data.length);
        const steps = parseInteger('--steps', o.steps, 0);
        measured = {
          lambda,
          lambdaMax,
          conditionNumber: lambdaMax / lambda,
          m: p.w.rows,
          sigmaFromW: o.sigma === undefined,
        };
        if (steps > 0) {
          ctx.info(
            `running gradient descent (float64, automatic η) for at most ${steps} steps to ‖F − Y‖²_F ≤ ${epsilon} …`,
          );
          const r = await train({ problem: p, precision: 'float64', steps, epsilon: epsilon / 2 });
          initialResidual = Math.sqrt(2 * (r.history.loss[0] as number));
          measured = {
            ...measured,
            eta: r.eta,
            steps: r.steps,
            status: r.status,
            finalLoss: 2 * r.loss,
            reached: r.status === 'converged',
          };
        } else {
          initialResidual = undefined;
        }
      } else {
        if (o.n === undefined || o.d === undefined)
          throw new CliError('missing option: --n and --d are required (or give --problem)');
        if (o.lambda === undefined) throw new CliError('missing option: --lambda is required without --problem');
        n = parseInteger('--n', o.n, 1);
        d = parseInteger('--d', o.d, 1);
        lambda = parseNumber('--lambda', o.lambda, { exclusiveMin: 0 });
        sigma = o.sigma !== undefined ? parseNumber('--sigma', o.sigma, { exclusiveMin: 0 }) : 1;
      }
      const c = theoryConstants({
        n,
        d,
        lambda,
        delta,
        sigma,
        epsilon,
        C,
        ...(initialResidual !== undefined ? { initialResidual } : {}),
      });
      for (const w of c.warnings) ctx.warn(w);
      const lines = [
        `inputs    n=${n}, d=${d}, λ=${lambda}, δ=${delta}, σ=${sigma.toPrecision(4)}${measured?.sigmaFromW ? ' (RMS of W(0))' : ''}, ε=${epsilon}, C=${C}, ‖F(0) − Y‖_F=${c.inputs.initialResidual.toPrecision(4)}`,
        `          ${c.convention}`,
        `B         ${c.B.toPrecision(6)}                      Definition 4.1: max{Cσ√log(nd/δ), 1}`,
        `m         ${show(c.m).padEnd(24)} Theorem 4.2: λ⁻²n²d²exp(18B)log²(nd/δ)`,
        `η         ${show(c.eta).padEnd(24)} Theorem 4.2: 0.1λ/(m n²d² exp(16B))`,
        `T̂         ${show(c.T).padEnd(24)} Theorem 4.2: (mηλ)⁻¹log(nd/ε)`,
        `R         ${show(c.R).padEnd(24)} Lemma E.2: λ/(2nd·exp(10B))`,
        `D         ${show(c.D).padEnd(24)} Definition A.2: 4m⁻¹λ⁻¹exp(3B)√(nd)‖F(0) − Y‖_F  (D < R: ${c.dLessThanR ? 'yes' : 'no'})`,
        `m (d=1)   ${show(c.corollary43.m).padEnd(24)} Corollary 4.3 (T̂ ${show(c.corollary43.T)})`,
        `m (6.5)   ${show(c.theorem65.m).padEnd(24)} Theorem 6.5: λ⁻²n³d³exp(18B)log²(nd/δ)`,
      ];
      if (measured) {
        lines.push(
          `measured  λ_min(H*)=${lambda.toPrecision(6)}, λ_max=${measured.lambdaMax.toPrecision(6)}, cond=${measured.conditionNumber.toPrecision(4)}, m=${measured.m}`,
        );
        if (measured.steps !== undefined && measured.eta !== undefined) {
          lines.push(
            `empirical GD with η=${measured.eta.toExponential(3)} ${measured.reached ? `reached ε in ${measured.steps} steps` : `did not reach ε in ${measured.steps} steps (${measured.status}, ‖F − Y‖²_F=${(measured.finalLoss ?? NaN).toExponential(3)})`} at m=${measured.m}`,
          );
        }
      }
      ctx.result({ ...c, ...(measured ? { measured } : {}) }, lines.join('\n'));
    });
}
