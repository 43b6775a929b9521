/**
 * The `softmax-ntk` command: global options, command registration, and the
 * error discipline (one line on stderr, non-zero exit, nothing on stdout).
 */
import { Command, CommanderError, Option } from 'commander';
import { BACKEND_NAMES, BackendError, initBackend, type BackendName } from '@softmax-ntk/linalg';
import { makeContext, type Context, type GlobalOptions, type Io, type Precision } from './internal/context';
import { CliError, parseInteger } from './internal/errors';
import { VERSION } from './internal/version';
import { DEFAULT_MAX_MEMORY, formatBytes, parseMemorySize } from './internal/limits';
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
    .option(
      '--max-memory <size>',
      `refuse sizes whose estimated memory exceeds this (e.g. 512MB, 8GiB; default ${formatBytes(DEFAULT_MAX_MEMORY)})`,
    )
    .option('--debug', 'print the stack trace of an internal error', false)
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
        maxMemory:
          o['maxMemory'] === undefined ? DEFAULT_MAX_MEMORY : parseMemorySize('--max-memory', String(o['maxMemory'])),
        debug: Boolean(o['debug']),
      };
      // --backend X means exactly SOFTMAX_NTK_BACKEND=X: commands that run on tfjs initialise it when they
      // need it, so a float64 command runs the same way under either (issue #20, bug 15).
      if (o['backend']) setBackendEnv(o['backend'] as BackendName);
      if (o['precision']) globals.precision = o['precision'] as Precision;
      // tfjs prints its banners with console.warn; --quiet silences them for the command's duration
      if (globals.quiet) silenceConsoleWarn();
      setCtx(makeContext(io, globals));
      // float32 work runs on a tfjs backend: initialise it once (honouring --backend through the environment)
      if (globals.precision === 'float32') await initBackend();
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
  const savedEnv = process.env[BACKEND_ENV];
  const savedWarn = console.warn;
  try {
    return await runCommand(argv, io);
  } finally {
    if (savedEnv === undefined) delete process.env[BACKEND_ENV];
    else process.env[BACKEND_ENV] = savedEnv;
    console.warn = savedWarn;
  }
}

const BACKEND_ENV = 'SOFTMAX_NTK_BACKEND';

function setBackendEnv(name: BackendName): void {
  process.env[BACKEND_ENV] = name;
}

function silenceConsoleWarn(): void {
  console.warn = () => undefined;
}

async function runCommand(argv: string[], io: Io): Promise<number> {
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
    const debug = ctx?.globals.debug ?? argv.includes('--debug');
    if (err instanceof BackendError || isUserError(err) || isArgumentError(err)) {
      io.stderr.write(`softmax-ntk: error: ${oneLine((err as Error).message)}\n`);
      if (debug) io.stderr.write(`${(err as Error).stack}\n`);
      return 1;
    }
    const sys = systemError(err);
    if (sys) {
      io.stderr.write(`softmax-ntk: error: ${sys}\n`);
      if (debug) io.stderr.write(`${(err as Error).stack}\n`);
      return 1;
    }
    // One line by default; the stack trace only with --debug.
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(
      debug
        ? `softmax-ntk: internal error: ${err instanceof Error ? (err.stack ?? message) : message}\n`
        : `softmax-ntk: internal error: ${oneLine(message)} (run again with --debug for the stack trace)\n`,
    );
    return 70;
  }
}

/** A message on one line: later lines joined with " — ". */
function oneLine(message: string): string {
  return message
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' — ');
}

/** An operating-system error (ENOENT, EISDIR, EACCES, ENOSPC, …) as one line naming the path, or undefined. */
function systemError(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code !== 'string' || !/^E[A-Z]+$/.test(e.code) || typeof e.syscall !== 'string') return undefined;
  return `cannot ${e.syscall}${e.path ? ` ${JSON.stringify(e.path)}` : ''}: ${e.code}`;
}

/**
 * The packages' validation throws RangeError/TypeError with "invalid argument: …"; the engine's own
 * (`Invalid typed array length`, `Maximum call stack size exceeded`) are not the user's and stay internal.
 */
function isArgumentError(err: unknown): boolean {
  return (err instanceof RangeError || err instanceof TypeError) && /^invalid /.test(err.message);
}

/** Errors of the packages that describe bad input carry a `field` (ProblemError, TargetError, …). */
function isUserError(err: unknown): boolean {
  return err instanceof Error && typeof (err as { field?: unknown }).field === 'string';
}
