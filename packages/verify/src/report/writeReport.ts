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

/** Writes the report; returns the paths written, relative to `outDir`. */
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
