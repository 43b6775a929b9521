/** Reading a problem file for a command: warnings go to stderr, defects become one-line errors. */
import { type Problem } from '@softmax-ntk/network';
import { readProblemFile } from '@softmax-ntk/network/node';
import type { Context } from './context';
import { CliError } from './errors';

export function loadProblem(ctx: Context, path: string | undefined): Problem {
  if (!path) throw new CliError('missing option: --problem FILE is required');
  const { problem, warnings } = readProblemFile(path);
  for (const w of warnings) ctx.warn(`${path}: ${w.message}`);
  return problem;
}
