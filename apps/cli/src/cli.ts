/**
 * The `softmax-ntk` command: global options, command registration, and the
 * error discipline (one line on stderr, non-zero exit, nothing on stdout).
 *
 * Commands load lazily: only the module of the command that runs is imported
 * (with the packages it needs); every other command is a stub carrying its
 * name and description, so `--help` lists them all without loading them.
 */
import { Command, CommanderError, Option } from 'commander';
import type { BackendName } from '@softmax-ntk/linalg';
import { makeContext, type Context, type GlobalOptions, type Io, type Precision } from './internal/context';
import { CliError, parseInteger } from './internal/errors';
import { VERSION } from './internal/version';
import { DEFAULT_MAX_MEMORY, formatBytes, parseMemorySize } from './internal/limits';

type Register = (program: Command, getCtx: () => Context) => void;

/** One command: its name and one-line description (shown by `--help`), and how to load its registration. */
export interface CommandEntry {
  name: string;
  description: string;
  load: () => Promise<Register>;
}

/** Every command, in `--help` order. Descriptions must equal the commands' own (a test compares them). */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'info',
    description: 'print the tensor backend in use, thread count and versions',
    load: async () => (await import('./commands/info')).registerInfo,
  },
  {
    name: 'init',
    description: 'make a problem file: data and a seeded initialisation (symmetric, Definition 3.7, by default)',
    load: async () => (await import('./commands/init')).registerInit,
  },
  {
    name: 'eval',
    description: 'outputs, loss and gradient of a problem file',
    load: async () => (await import('./commands/eval')).registerEval,
  },
  {
    name: 'diffusion',
    description: 'diffusion score models: train a denoiser, sample, evaluate, likelihood (paper Section 6)',
    load: async () => (await import('./commands/diffusion')).registerDiffusion,
  },
  {
    name: 'bounds',
    description: 'the theory constants B, m, η, T̂, R, D (Theorem 4.2 and friends), in log space; Ω(f) taken as f',
    load: async () => (await import('./commands/bounds')).registerBounds,
  },
  {
    name: 'verify',
    description:
      "run the paper's checks (claim-3.4, lemma-d.3, lemma-5.1, lemma-5.3, theorem-4.2, theorem-f.2, table-1, theorem-6.5; Section 7: attention-kernel, attention-convergence, section-7-alternating, feature-learning); exit 0 every claim of the paper held, 1 one failed, 2 one could not run (a Section 7 prediction not confirmed is a finding, not a failure)",
    load: async () => (await import('./commands/verify')).registerVerify,
  },
  {
    name: 'reproduce',
    description:
      'run every check at full size and write the report (Markdown, HTML, JSON, SVG/PNG plots); under 20 minutes on 2 cores',
    load: async () => (await import('./commands/reproduce')).registerReproduce,
  },
  {
    name: 'ntk',
    description:
      'the NTK Gram matrix H(W) (Definition 3.6): λ_min, λ_max, condition number; NTK-regression predictions',
    load: async () => (await import('./commands/ntk')).registerNtk,
  },
  {
    name: 'train',
    description: 'train W by gradient descent (Definition 3.5); writes the trained problem file, the history and plots',
    load: async () => (await import('./commands/train')).registerTrain,
  },
  {
    name: 'sweep',
    description: 'experiment sweeps over parameter grids: run, worker, status, collect',
    load: async () => (await import('./commands/sweep')).registerSweep,
  },
  {
    name: 'attention',
    description: 'multi-head softmax self-attention (Section 7, Eq. 7): init, eval, train (joint or alternating), ntk',
    load: async () => (await import('./commands/attention')).registerAttention,
  },
];

/** linalg's backend names (Node), without importing linalg (and tfjs) for `--help`. */
export const BACKEND_CHOICES: readonly string[] = ['node', 'wasm', 'cpu'];

/** Global options that take a value: their value is not the command name. */
const VALUE_OPTIONS = new Set(['--backend', '--seed', '--precision', '--max-memory']);

/** The command `argv` runs (`help <command>` counts as that command), or undefined (`--help`, `--version`, none). */
export function commandOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (VALUE_OPTIONS.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    return a === 'help' ? argv[i + 1] : a;
  }
  return undefined;
}

const defaultIo: Io = { stdout: process.stdout, stderr: process.stderr };

async function buildProgram(
  io: Io,
  setCtx: (c: Context) => void,
  getCtx: () => Context,
  command: string | undefined,
): Promise<Command> {
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
      ).choices([...BACKEND_CHOICES]),
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
      // Node < 20.16 has no synchronous way to load zod on first use: load it before any reader runs
      if (typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule !== 'function') {
        const { loadValidation } = await import('@softmax-ntk/linalg');
        await loadValidation();
      }
      // float32 work runs on a tfjs backend: initialise it once (honouring --backend through the environment)
      if (globals.precision === 'float32') {
        const { initBackend } = await import('@softmax-ntk/linalg');
        await initBackend();
      }
    });
  for (const entry of COMMANDS) {
    if (entry.name === command) (await entry.load())(program, getCtx);
    else program.command(entry.name).description(entry.description);
  }
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
  try {
    const program = await buildProgram(
      io,
      (c) => (ctx = c),
      () => {
        if (!ctx) throw new Error('internal: context not set');
        return ctx;
      },
      commandOf(argv),
    );
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
    if (isBackendError(err) || isUserError(err) || isArgumentError(err)) {
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

/**
 * Errors of the packages that describe bad input carry a `field`: linalg's `ValidationError` and its subclasses
 * (ProblemError, TargetError, …), argument errors (`invalid argument: …`) included.
 */
function isUserError(err: unknown): boolean {
  return err instanceof Error && typeof (err as { field?: unknown }).field === 'string';
}

/** linalg's BackendError, recognised by name (linalg is loaded only by the commands that compute). */
function isBackendError(err: unknown): boolean {
  return err instanceof Error && err.name === 'BackendError';
}
