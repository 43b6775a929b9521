/**
 * Writing a report directory: report.md, report.html, report.json and
 * plots/<check>-<name>.{svg,png}. Every file is written to a temporary name
 * and renamed into place, so a reader never sees a half-written file and an
 * interrupted run leaves the previous report intact file by file.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '@softmax-ntk/linalg/node';
import { svgToPng } from '../plot/svgToPng';
import { figurePath, renderHtml, renderMarkdown, reportJson, type Report } from './report';

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** The report (`makeReport`). */
  report: Report;
  /** The directory (created if missing). */
  outDir: string;
  /** Also render PNGs (default true). */
  png?: boolean;
}

/** The shared writer of every output file (fsync, rename; a failed write removes its temporary file). */
function atomicWrite(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, data);
}

/**
 * Writes the report; returns the paths written, relative to `outDir`.
 *
 * @param options - The report, the directory and whether to render PNGs.
 *
 * @example
 * ```js
 * import { mkdtempSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * import { checkLemmaD3, makeReport } from '@softmax-ntk/verify';
 * import { writeReport } from '@softmax-ntk/verify/node';
 *
 * const outDir = mkdtempSync(join(tmpdir(), 'softmax-ntk-'));
 * const report = makeReport([await checkLemmaD3({ quick: true })], { quick: true, seed: 0 });
 * const written = writeReport({ report, outDir, png: false });
 * console.log(written.filter((f) => !f.startsWith('plots/')).join(' '), written.some((f) => f.endsWith('.svg')));
 * // → report.json report.md report.html false
 * ```
 */
export function writeReport(options: WriteReportOptions): string[] {
  const { report, outDir } = options;
  const written: string[] = [];
  const put = (rel: string, data: string | Buffer) => {
    atomicWrite(join(outDir, rel), data);
    written.push(rel);
  };
  for (const c of report.checks) {
    for (const f of c.figures ?? []) {
      put(figurePath(c.id, f.name, 'svg'), f.svg);
      if (options.png !== false) put(figurePath(c.id, f.name, 'png'), svgToPng(f.svg));
    }
  }
  put('report.json', `${JSON.stringify(reportJson(report), null, 2)}\n`);
  put('report.md', renderMarkdown(report));
  put('report.html', renderHtml(report));
  return written;
}
