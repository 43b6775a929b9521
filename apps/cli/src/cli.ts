/**
 * The `softmax-ntk` command: global options, command registration, and the
 * error discipline (one line on stderr, non-zero exit, nothing on stdout).
 */
import { Command, CommanderError, Option } from 'commander';
import { BACKEND_NAMES, BackendError, initBackend, type BackendName } from '@softmax-ntk/linalg';
import { makeContext, type Context, type GlobalOptions, type Io, type Precision } from './internal/context';
import { CliError, parseInteger } from './internal/errors';
import { VERSION } from './internal/version';
import { registerInfo } from './commands/info';
import { registerInit } from './commands/init';
import { registerEval } from './commands/eval';
import { registerDiffusion } from './commands/diffusion';
import { registerBounds } from './commands/bounds';
import { registerVerify } from './commands/verify';
import { registerReproduce } from './commands/reproduce';
import { registerNtk } from './commands/ntk';
import { registerTrain } from './commands/train';
import { registerSweep } from './commands/sweep';
import { registerAttention } from './commands/attention';

const defaultIo: Io = { stdout: process.stdout, stderr: process.stderr };

function buildProgram(io: Io, setCtx: (c: Context) => void, getCtx: () => Context): Command {
  const program = new Command('softmax-ntk');
  program
    .description(
      'Two-layer softmax networks, their neural tangent kernel and diffusion score models (Gu, Li, Liang, Shi, Song 2024)',
    )
    .version(VERSION)
    .addOption(
      new Option(
        '--backend <name>',
        'tensor backend (default: first that loads of node, wasm, cpu; env SOFTMAX_NTK_BACKEND)',
      ).choices(BACKEND_NAMES as string[]),
    )
    .option('--seed <int>', 'random seed', '0')
    .addOption(
      new Option(
        '--precision <p>',
        'float32 (tfjs backend) or float64 (exact kernels), where the command supports it',
      ).choices(['float32', 'float64']),
    )
    .option('--json', 'print one JSON object on stdout and nothing else', false)
    .option('--quiet', 'no progress or warnings on stderr', false)
    .showHelpAfterError(false)
    .showSuggestionAfterError(false) // one-line errors: "(Did you mean …?)" would be a second line
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s) => io.stderr.write(`softmax-ntk: ${s}`),
    })
    .exitOverride()
    .hook('preAction', async (thisCommand) => {
      const o = thisCommand.opts();
      const globals: GlobalOptions = {
        json: Boolean(o['json']),
        quiet: Boolean(o['quiet']),
        seed: parseInteger('--seed', String(o['seed'] ?? '0')),
      };
      if (o['backend']) globals.backend = o['backend'] as BackendName;
      if (o['precision']) globals.precision = o['precision'] as Precision;
      setCtx(makeContext(io, globals));
      // float32 work runs on a tfjs backend: initialise it once, honouring --backend
      if (globals.precision === 'float32' || globals.backend) await initBackend({ backend: globals.backend });
    });
  registerInfo(program, getCtx);
  registerInit(program, getCtx);
  registerEval(program, getCtx);
  registerDiffusion(program, getCtx);
  registerBounds(program, getCtx);
  registerVerify(program, getCtx);
  registerReproduce(program, getCtx);
  registerNtk(program, getCtx);
  registerTrain(program, getCtx);
  registerSweep(program, getCtx);
  registerAttention(program, getCtx);
  return program;
}

/**
 * Run the command line `argv` (without `node` and the script path); resolves
 * to the exit code. Never calls `process.exit`, so it is testable in-process.
 */
export async function run(argv: string[], io: Io = defaultIo): Promise<number> {
  let ctx: Context | undefined;
  const program = buildProgram(
    io,
    (c) => (ctx = c),
    () => {
      if (!ctx) throw new Error('internal: context not set');
      return ctx;
    },
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are "errors" to commander with exit code 0
      if (err.exitCode === 0) return 0;
      return err.exitCode || 1; // commander already printed its one-line message
    }
    if (err instanceof CliError) {
      io.stderr.write(`softmax-ntk: error: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof BackendError || err instanceof RangeError || err instanceof TypeError || isUserError(err)) {
      io.stderr.write(`softmax-ntk: error: ${(err as Error).message}\n`);
      return 1;
    }
    io.stderr.write(
      `softmax-ntk: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 70;
  }
}

/** Errors of the packages that describe bad input carry a `field` (ProblemError, TargetError, …). */
function isUserError(err: unknown): boolean {
  return err instanceof Error && typeof (err as { field?: unknown }).field === 'string';
}
