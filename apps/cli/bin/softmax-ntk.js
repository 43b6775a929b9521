#!/usr/bin/env node
// The softmax-ntk command. The logic lives in ../dist (built from src/ by `pnpm build`).
import { run } from '../dist/index.js';

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // The command is done: if a library left a handle open (e.g. a queue connection to a Redis that is down),
  // exit anyway after a moment instead of hanging. The timer is unref'd, so a clean exit is not delayed.
  setTimeout(() => process.exit(code), 500).unref();
});
