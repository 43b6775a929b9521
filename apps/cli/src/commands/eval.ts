/** `softmax-ntk eval`: outputs F, loss (Definition 3.2) and gradient ΔW (Definition 3.3 / Claim 3.4) of a problem. */
import type { Command } from 'commander';
import { toRows } from '@softmax-ntk/linalg';
import { evaluate } from '@softmax-ntk/network';
import type { Context } from '../internal/context';
import { loadProblem } from '../internal/problemInput';
import { checkFinite } from '../internal/finite';
import { capOf, checkNetworkMemory } from '../internal/limits';

function maxAbs(d: Float64Array): number {
  let s = 0;
  for (const v of d) s = Math.max(s, Math.abs(v));
  return s;
}

export function registerEval(program: Command, getCtx: () => Context): void {
  program
    .command('eval')
    .description('outputs, loss and gradient of a problem file')
    .option('--problem <file>', 'the problem file')
    .action(async (o: { problem?: string }) => {
      const ctx = getCtx();
      const problem = loadProblem(ctx, o.problem);
      const shape = { n: problem.x.rows, m: problem.w.rows, dIn: problem.x.cols, dOut: problem.y.cols };
      checkNetworkMemory('the network of the problem file', shape, capOf(ctx.globals));
      const precision = ctx.globals.precision ?? 'float64';
      const { F, loss, grad } = await evaluate({ problem, precision });
      const cause =
        problem.activation === 'exp'
          ? 'exp(⟨w_r, x_i⟩) overflows float64: scale x or w down'
          : 'the values overflow float64: scale x, y or w down';
      checkFinite('F', F, cause);
      checkFinite('loss', loss, cause);
      checkFinite('the gradient ΔW', grad, cause);
      const human = [
        `problem   n=${problem.x.rows}, d_in=${problem.x.cols}, d_out=${problem.y.cols}, m=${problem.w.rows}, ${problem.activation} (${precision})`,
        `loss      ${loss}`,
        `max|F|    ${maxAbs(F.data)}`,
        `max|ΔW|   ${maxAbs(grad.data)}`,
        '(--json prints F, loss and grad in full)',
      ].join('\n');
      ctx.result({ F: toRows(F), loss, grad: toRows(grad) }, human);
    });
}
