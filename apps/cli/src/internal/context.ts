/**
 * What every command receives: where to write, and the global options.
 *
 * Output discipline: with `--json`, standard output carries exactly one JSON
 * object and nothing else; progress and warnings go to standard error, and
 * `--quiet` silences them. Errors are one line on standard error and a
 * non-zero exit code (see `CliError`).
 */
import type { BackendName } from '@softmax-ntk/linalg';

export interface Io {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
}

export type Precision = 'float32' | 'float64';

export interface GlobalOptions {
  backend?: BackendName;
  seed?: number;
  precision?: Precision;
  json: boolean;
  quiet: boolean;
  /** Memory cap in bytes for the size checks (`--max-memory`; see internal/limits). */
  maxMemory?: number;
  /** Print stack traces of internal errors (`--debug`). */
  debug?: boolean;
}

export interface Context {
  io: Io;
  globals: GlobalOptions;
  /** A warning line on stderr (suppressed by --quiet). */
  warn(message: string): void;
  /** A progress/info line on stderr (suppressed by --quiet and --json). */
  info(message: string): void;
  /** Print a result: the JSON object with --json, else the human text. */
  result(json: unknown, human: string): void;
  /**
   * The summary of a command whose product is a file: like `result`, but the human text is silenced
   * by --quiet (the JSON object with --json is still printed).
   */
  summary(json: unknown, human: string): void;
}

export function makeContext(io: Io, globals: GlobalOptions): Context {
  return {
    io,
    globals,
    warn(message) {
      if (!globals.quiet) io.stderr.write(`softmax-ntk: warning: ${message}\n`);
    },
    info(message) {
      if (!globals.quiet && !globals.json) io.stderr.write(`${message}\n`);
    },
    result(json, human) {
      if (globals.json) io.stdout.write(`${JSON.stringify(json)}\n`);
      else io.stdout.write(human.endsWith('\n') ? human : `${human}\n`);
    },
    summary(json, human) {
      if (globals.json) io.stdout.write(`${JSON.stringify(json)}\n`);
      else if (!globals.quiet) io.stdout.write(human.endsWith('\n') ? human : `${human}\n`);
    },
  };
}
