#!/usr/bin/env node
// The softmax-ntk command. The logic lives in ../dist (built from src/ by `pnpm build`).
import { run } from '../dist/index.js';

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
