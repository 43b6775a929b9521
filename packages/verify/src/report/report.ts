/**
 * Rendering a verification report: Markdown (plots linked), a self-contained
 * HTML page (plots inline as SVG, no scripts, no external resources: it opens
 * offline), and JSON (every number, plots by file name).
 */
import type { CheckResult, Value } from '../checks/types';
import { escapeXml } from '../internal/svg';
import { fmt } from '../internal/bigNumber';
import { CHECK_TEX, texDetails, texLabel } from './tex';

/** A reproduce report (`report.json`): title, generation time, settings, whether every check held, and every check's result. */
export interface Report {
  /** The report's title. */
  title: string;
  /** ISO time the report was made. */
  generated: string;
  /** The settings of the run (sizes, seed, options), as named values. */
  settings: Record<string, Value>;
  /** Every claim of the paper held and every check ran (a Section 7 prediction not confirmed is a finding). */
  allHeld: boolean;
  /** Every check's result, in report order. */
  checks: CheckResult[];
}

/**
 * Assembles check results and run settings into a report (title, time, whether every check held), for
 * `renderMarkdown` and `renderHtml`.
 *
 * @param checks - The checks' results.
 * @param settings - The settings of the run.
 * @param title - The report's title (default: the project's).
 *
 * @example
 * ```ts
 * import { checkLemmaD3, makeReport } from '@softmax-ntk/verify';
 *
 * // A report from check results and the run's settings
 * const report = makeReport([await checkLemmaD3({ quick: true })], { quick: true, seed: 0 });
 * console.log(report.allHeld, report.checks.length, report.title);
 * // → true 1 softmax-ntk: the claims of Gu, Li, Liang, Shi, Song (2024) measured
 * ```
 */
export function makeReport(
  checks: CheckResult[],
  settings: Record<string, Value>,
  title = 'softmax-ntk: the claims of Gu, Li, Liang, Shi, Song (2024) measured',
): Report {
  return {
    title,
    generated: new Date().toISOString(),
    settings,
    allHeld: checks.every((c) => c.status === 'held' || (c.scope === 'beyond' && c.status === 'failed')),
    checks,
  };
}

/** A value as report text: numbers with 4 significant digits, arrays joined. */
export function showValue(v: Value): string {
  if (v === null) return '—';
  if (typeof v === 'number') return fmt(v);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'number' ? fmt(x) : String(x))).join(', ');
  return v;
}

/**
 * One sentence on a run: the paper's claims (held, failed, could not run), then the Section 7
 * predictions (`scope: "beyond"`: confirmed or not), counted apart.
 *
 * @param checks - The checks' results.
 *
 * @example
 * ```ts
 * import { checkClaim34, checkLemmaD3, summarySentence } from '@softmax-ntk/verify';
 *
 * // One sentence on a run
 * console.log(summarySentence([await checkClaim34({ quick: true }), await checkLemmaD3({ quick: true })]));
 * // → Every claim of the paper held (2 of 2).
 * ```
 */
export function summarySentence(checks: readonly CheckResult[]): string {
  const paper = checks.filter((c) => c.scope !== 'beyond');
  const beyond = checks.filter((c) => c.scope === 'beyond');
  const bad = paper.filter((c) => c.status !== 'held').length;
  const parts: string[] = [];
  if (paper.length)
    parts.push(
      bad === 0
        ? `Every claim of the paper held (${paper.length} of ${paper.length}).`
        : `${bad} of ${paper.length} claims of the paper did not hold or could not run.`,
    );
  if (beyond.length) {
    const confirmed = beyond.filter((c) => c.status === 'held').length;
    const errors = beyond.filter((c) => c.status === 'error').length;
    parts.push(
      `Section 7 (beyond the paper): ${confirmed} of ${beyond.length} predictions confirmed` +
        (errors ? `, ${errors} could not run.` : '.'),
    );
  }
  return parts.join(' ');
}

function statusWord(c: CheckResult): string {
  if (c.status === 'error') return 'COULD NOT RUN';
  // Section 7 measurements test predictions, not claims of the paper
  if (c.scope === 'beyond') return c.status === 'held' ? 'PREDICTION CONFIRMED' : 'PREDICTION NOT CONFIRMED';
  return c.status === 'held' ? 'HELD' : 'FAILED';
}

/** The file a figure is written to, relative to the report directory. */
export function figurePath(checkId: string, name: string, ext: 'svg' | 'png'): string {
  return `plots/${checkId}-${name}.${ext}`;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Options of {@link renderMarkdown}. */
export interface RenderMarkdownOptions {
  /**
   * Write the claims, labels and formulas of the details in TeX (`$…$`, from `CHECK_TEX`) and numbers
   * `a·10^b` as `$a \cdot 10^{b}$`, for a page that typesets math (default false: the plain Unicode report).
   */
  tex?: boolean;
}

/** Large numbers as TeX: `3.488·10^127` → `$3.488 \cdot 10^{127}$` (in a value's text). */
function texNumbers(s: string): string {
  return s.replace(/(-?\d+(?:\.\d+)?)·10\^(-?\d+)/g, (_, a: string, b: string) => `$${a} \\cdot 10^{${b}}$`);
}

/**
 * Renders a report as Markdown, with the plots linked by file name.
 *
 * @param report - The report to render.
 * @param options - `tex: true` writes the claims, labels and formulas in TeX for a page that typesets math.
 *
 * @example
 * ```ts
 * import { checkLemmaD3, makeReport, renderMarkdown } from '@softmax-ntk/verify';
 *
 * // The report as Markdown: its title, then one section per check
 * const md = renderMarkdown(makeReport([await checkLemmaD3({ quick: true })], { quick: true }, 'Lemma D.3'));
 * console.log(md.split('\n')[0], md.includes('lemma-d.3')); // # Lemma D.3 true
 * // the same with TeX for a page that typesets it
 * const tex = renderMarkdown(makeReport([await checkLemmaD3({ quick: true })], { quick: true }), { tex: true });
 * console.log(tex.includes('$\\sqrt{nd}$')); // true
 * ```
 */
export function renderMarkdown(report: Report, options: RenderMarkdownOptions = {}): string {
  const tex = options.tex === true;
  const claim = (c: CheckResult) => (tex ? (CHECK_TEX[c.id]?.claim ?? c.claim) : c.claim);
  const label = (c: CheckResult, k: string) => (tex ? (texLabel(c.id, k) ?? k) : k);
  const value = (c: CheckResult, v: Value) => {
    const text = showValue(v);
    if (!tex) return text;
    return typeof v === 'string' ? (texLabel(c.id, v) ?? texNumbers(v)) : texNumbers(text);
  };
  // (the formulas of the details from CHECK_TEX, then large numbers `a·10^b` outside the formulas)
  const details = (c: CheckResult) =>
    tex
      ? texDetails(c.id, c.details)
          .split(/(\$[^$]*\$)/)
          .map((part, k) => (k % 2 === 1 ? part : texNumbers(part)))
          .join('')
      : c.details;
  const out: string[] = [];
  out.push(`# ${report.title}`, '');
  out.push(
    `Generated ${report.generated}. ${report.allHeld ? summarySentence(report.checks) : `**${summarySentence(report.checks)}**`}`,
    '',
  );
  out.push(
    'Settings: ' +
      Object.entries(report.settings)
        .map(([k, v]) => `${k} = ${showValue(v)}`)
        .join(', '),
    '',
  );
  out.push('| check | result | measured | bound | time |', '| --- | --- | --- | --- | --- |');
  for (const c of report.checks) {
    const first = (r: Record<string, Value>) =>
      Object.entries(r)
        .slice(0, 3)
        .map(([k, v]) => `${label(c, k)} = ${value(c, v)}`)
        .join('; ');
    out.push(
      `| [${c.id}](#${c.id.replace(/\./g, '')}) | ${statusWord(c)} | ${mdCell(first(c.measured))} | ${mdCell(first(c.bound))} | ${c.seconds.toFixed(1)} s |`,
    );
  }
  out.push('');
  for (const c of report.checks) {
    out.push(`## ${c.id}`, '');
    out.push(`**${statusWord(c)}** — ${claim(c)}`, '');
    out.push(details(c), '');
    const kv = (title: string, r: Record<string, Value>) => {
      if (!Object.keys(r).length) return;
      out.push(`**${title}**`, '', '| | |', '| --- | --- |');
      for (const [k, v] of Object.entries(r)) out.push(`| ${mdCell(label(c, k))} | ${mdCell(value(c, v))} |`);
      out.push('');
    };
    kv('Setup', c.setup);
    kv('Measured', c.measured);
    kv('Bound', c.bound);
    if (c.table) {
      out.push(
        `| ${c.table.columns.map((h) => mdCell(label(c, h))).join(' | ')} |`,
        `| ${c.table.columns.map(() => '---').join(' | ')} |`,
      );
      for (const row of c.table.rows) out.push(`| ${row.map((v) => mdCell(value(c, v))).join(' | ')} |`);
      out.push('');
    }
    for (const f of c.figures ?? []) {
      out.push(
        `![${f.title}](${figurePath(c.id, f.name, 'svg')})`,
        '',
        `*${f.caption}* ([PNG](${figurePath(c.id, f.name, 'png')}))`,
        '',
      );
    }
    out.push(`_${c.seconds.toFixed(1)} s_`, '');
  }
  return out.join('\n');
}

const CSS = `
body { font-family: 'DejaVu Sans', Verdana, Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .8em 0; font-size: .92em; }
td, th { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
.held { color: #1a7f37; font-weight: bold; } .failed { color: #cf222e; font-weight: bold; } .error { color: #9a6700; font-weight: bold; }
.summary { font-size: 1.1em; padding: .6em 1em; border-radius: 6px; background: #f6f8fa; }
figure { margin: 1em 0; } figcaption { font-size: .9em; color: #555; max-width: 720px; }
.details { white-space: pre-wrap; }
code { background: #f4f4f4; padding: 0 .2em; }
`;

/**
 * Renders a report as one self-contained HTML page: plots inline as SVG, no scripts, no external resources.
 *
 * @param report - The report to render.
 *
 * @example
 * ```ts
 * import { checkLemmaD3, makeReport, renderHtml } from '@softmax-ntk/verify';
 *
 * // One self-contained HTML page: no script, no external resource
 * const html = renderHtml(makeReport([await checkLemmaD3({ quick: true })], { quick: true }));
 * console.log(html.startsWith('<!DOCTYPE html>'), html.includes('<script'), /(src|href)="https?:/.test(html));
 * // → true false false
 * ```
 */
export function renderHtml(report: Report): string {
  const e = escapeXml;
  const out: string[] = [];
  out.push(
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${e(report.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head><body>',
  );
  out.push(`<h1>${e(report.title)}</h1>`);
  out.push(
    `<p class="summary"><span class="${report.allHeld ? 'held' : 'failed'}">${e(summarySentence(report.checks))}</span> Generated ${e(report.generated)}.</p>`,
  );
  out.push(
    `<p>Settings: ${Object.entries(report.settings)
      .map(([k, v]) => `${e(k)} = ${e(showValue(v))}`)
      .join(', ')}</p>`,
  );
  out.push('<table><tr><th>check</th><th>result</th><th>measured</th><th>bound</th><th>time</th></tr>');
  for (const c of report.checks) {
    const first = (r: Record<string, Value>) =>
      Object.entries(r)
        .slice(0, 3)
        .map(([k, v]) => `${e(k)} = ${e(showValue(v))}`)
        .join('<br>');
    out.push(
      `<tr><td><a href="#${e(c.id)}">${e(c.id)}</a></td><td class="${c.status}">${statusWord(c)}</td><td>${first(c.measured)}</td><td>${first(c.bound)}</td><td>${c.seconds.toFixed(1)} s</td></tr>`,
    );
  }
  out.push('</table>');
  for (const c of report.checks) {
    out.push(`<h2 id="${e(c.id)}">${e(c.id)} <span class="${c.status}">${statusWord(c)}</span></h2>`);
    out.push(`<p><b>Claim.</b> ${e(c.claim)}</p>`, `<p class="details">${e(c.details)}</p>`);
    const kv = (title: string, r: Record<string, Value>) => {
      if (!Object.keys(r).length) return;
      out.push(`<table><tr><th colspan="2">${title}</th></tr>`);
      for (const [k, v] of Object.entries(r)) out.push(`<tr><td>${e(k)}</td><td>${e(showValue(v))}</td></tr>`);
      out.push('</table>');
    };
    kv('Setup', c.setup);
    kv('Measured', c.measured);
    kv('Bound', c.bound);
    if (c.table) {
      out.push(`<table><tr>${c.table.columns.map((h) => `<th>${e(h)}</th>`).join('')}</tr>`);
      for (const row of c.table.rows) out.push(`<tr>${row.map((v) => `<td>${e(showValue(v))}</td>`).join('')}</tr>`);
      out.push('</table>');
    }
    for (const f of c.figures ?? []) {
      // Inline SVG: ids are made unique per figure so clip paths do not collide on one page.
      const uid = `${c.id}-${f.name}`.replace(/[^a-zA-Z0-9-]/g, '-');
      const svg = f.svg
        .replace(/id="plot-area"/g, `id="clip-${uid}"`)
        .replace(/url\(#plot-area\)/g, `url(#clip-${uid})`);
      out.push(`<figure>${svg}<figcaption><b>${e(f.title)}.</b> ${e(f.caption)}</figcaption></figure>`);
    }
    out.push(`<p><i>${c.seconds.toFixed(1)} s</i></p>`);
  }
  out.push('</body></html>');
  return out.join('\n');
}

/**
 * The JSON form: every number; figures by their file names instead of inline SVG.
 *
 * @param report - The report to serialise.
 *
 * @example
 * ```ts
 * import { checkLemmaD3, makeReport, reportJson } from '@softmax-ntk/verify';
 *
 * // The JSON form of a report: every measured number, the figures by file name
 * const json = reportJson(makeReport([await checkLemmaD3({ quick: true })], { quick: true }));
 * console.log(Object.keys(json).join(' '), json.checks[0].id, json.checks[0].status);
 * // → title generated settings allHeld checks lemma-d.3 held
 * ```
 */
export function reportJson(report: Report): unknown {
  return {
    ...report,
    checks: report.checks.map(({ figures, ...c }) => ({
      ...c,
      figures: (figures ?? []).map((f) => ({
        name: f.name,
        title: f.title,
        caption: f.caption,
        svg: figurePath(c.id, f.name, 'svg'),
        png: figurePath(c.id, f.name, 'png'),
      })),
    })),
  };
}
