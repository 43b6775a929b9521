#!/usr/bin/env node
// The softmax-ntk command. The logic lives in ../dist (built from src/ by `pnpm build`).
//
// The command runs the CommonJS build (dist/index.cjs, and through it every package's `require` entry): Node 20
// imports a CommonJS module such as @tensorflow/tfjs-core (1.2 MB, no "type" field) from ESM only after compiling it
// once more to detect its format and lexing it for its export names; `require` does neither. That halves the CPU
// time of start-up (issue 17: 0.53–0.66 s → 0.27–0.33 s for `ntk` of a tiny problem, under load; see apps/cli's
// README). The ESM build stays the entry for `import 'softmax-ntk'`.
import { createRequire } from 'node:module';

const { run } = createRequire(import.meta.url)('../dist/index.cjs');

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // The command is done: if a library left a handle open (e.g. a queue connection to a Redis that is down),
  // exit anyway after a moment instead of hanging. The timer is unref'd, so a clean exit is not delayed.
  setTimeout(() => process.exit(code), 500).unref();
});
