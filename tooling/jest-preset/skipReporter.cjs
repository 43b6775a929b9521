// A jest reporter that names every skipped test at the end of a run, one line
// each ("skipped: <file> › <test>"), so `pnpm test`'s closing summary
// (tooling/scripts/test-summary.mjs) can list them: a skip is never silent.
const path = require('node:path');

class SkipReporter {
  constructor(globalConfig) {
    this.root = globalConfig.rootDir;
    this.skipped = [];
  }

  onTestResult(_test, result) {
    for (const a of result.testResults) {
      if (a.status === 'pending' || a.status === 'skipped' || a.status === 'todo') {
        this.skipped.push(`${path.relative(this.root, result.testFilePath)} › ${a.fullName}`);
      }
    }
  }

  onRunComplete() {
    for (const s of this.skipped) process.stdout.write(`skipped: ${s}\n`);
  }
}

module.exports = SkipReporter;
