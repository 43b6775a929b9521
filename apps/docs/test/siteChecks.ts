/**
 * Checks of the built docs site that need no browser: math garbling, links and anchors, source links, API pages.
 * Each takes the HTML (or the file list) and returns the problems it found, one readable line each, so that a
 * failing test prints what is wrong and where. site.test.ts runs them on site/.vitepress/dist; siteChecks.test.ts
 * shows on small hand-made pages that each finds what it should.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** Every file under `dir`, as paths relative to it with `/` separators. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(path.join(dir, prefix))) {
    const rel = prefix ? `${prefix}/${e}` : e;
    if (statSync(path.join(dir, rel)).isDirectory()) out.push(...listFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** The page's content (VitePress's `.vp-doc` main column), without the navigation and sidebar that every page repeats. */
export function mainContent(html: string): string {
  const start = html.indexOf('<main');
  const end = html.lastIndexOf('</main>');
  return start >= 0 && end > start ? html.slice(start, end) : html;
}

/** `html` without the elements that open with `open` (e.g. `<span class="katex"`), nested spans included. */
export function withoutSpans(html: string, open: string): string {
  let out = '';
  let k = 0;
  for (;;) {
    const start = html.indexOf(open, k);
    if (start < 0) return out + html.slice(k);
    out += html.slice(k, start) + ' ';
    let depth = 0;
    let j = start;
    const tag = /<(\/?)span\b[^>]*>/g;
    tag.lastIndex = start;
    for (let m = tag.exec(html); m; m = tag.exec(html)) {
      depth += m[1] ? -1 : 1;
      j = m.index + m[0].length;
      if (depth === 0) break;
    }
    k = j;
  }
}

/** The text a reader sees outside code, preformatted blocks and typeset math (KaTeX output), tags removed. */
export function proseText(html: string): string {
  return withoutSpans(
    html.replace(/<pre[\s\S]*?<\/pre>/g, ' ').replace(/<code[\s\S]*?<\/code>/g, ' '),
    '<span class="katex',
  )
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Known ways in which markdown garbles the paper's formulas:
 * - markdown-it-attrs reads `{…}` as attributes: `S_{i,r}` becomes an element with an attribute like `i,r=""`;
 * - `_x_` read as emphasis: an `<em>` right after a letter, digit or closing bracket (`]_{i,j} … v_` → `]<em>`);
 * - a TeX error: KaTeX's `.katex-error`.
 */
export function garbling(html: string): string[] {
  const problems: string[] = [];
  const main = mainContent(html);
  for (const m of main.matchAll(/<([a-z][a-z0-9-]*)\s([^>]*)>/g)) {
    for (const a of m[2]!.matchAll(/(?:^|\s)([^\s=]+)=""/g)) {
      if (!/^[a-zA-Z_:@][\w:.-]*$/.test(a[1]!)) problems.push(`attribute syntax ate a formula: <${m[1]} ${a[1]}="">`);
    }
  }
  for (const m of main.matchAll(/(.{0,30}[\p{L}\p{N}\])}])<em>(.{0,30})/gu))
    problems.push(`subscript read as emphasis: …${m[1]}<em>${m[2]}…`);
  if (main.includes('katex-error')) problems.push('KaTeX could not typeset a formula (.katex-error)');
  return problems;
}

/** TeX commands that prose never contains: one of them outside code and KaTeX output is TeX that was not typeset. */
const TEX_COMMAND =
  /\\(?:frac|t?frac|sum|int|prod|sqrt|mathcal|mathbb|mathrm|mathbf|operatorname|text|lVert|rVert|lvert|rvert|langle|rangle|left|right|big|top|cdot|odot|otimes|times|le|ge|leq|geq|to|in|sim|approx|infty|partial|nabla|alpha|beta|gamma|delta|varepsilon|epsilon|eta|kappa|lambda|mu|rho|sigma|tau|varphi|phi|ell|Delta|Sigma|widetilde|hat|widehat)(?![A-Za-z])/;

/**
 * Formulas left as raw text on a page that should typeset them, outside code and KaTeX output: `_{`, `^{`, a
 * dangling `S_`, a TeX command (`\lambda`, `\frac`…) or a `$…$` that KaTeX did not render.
 */
export function untypesetMath(html: string): string[] {
  const text = proseText(mainContent(html));
  const problems: string[] = [];
  for (const m of text.matchAll(/.{0,25}(?:[_^]\{|\b[A-Za-z]_(?=[\s,.;)]|$)).{0,25}/gm))
    problems.push(`unrendered math: …${m[0].trim()}…`);
  for (const m of text.matchAll(new RegExp(`.{0,25}${TEX_COMMAND.source}.{0,25}`, 'gm')))
    problems.push(`unrendered TeX: …${m[0].trim()}…`);
  for (const m of text.matchAll(/\$[^$\n]{1,80}\$/g))
    if (/[\\_^{]/.test(m[0])) problems.push(`unrendered TeX: …${m[0].trim()}…`);
  return problems;
}

export interface LinkProblemsOptions {
  /** The built site (site/.vitepress/dist). */
  dist: string;
  /** The repository root, where source links must point to existing files. */
  root: string;
  /** The blob URL prefix of source links (scripts/links.mjs SOURCE_URL). */
  sourceUrl: string;
  /** The site's base path, `/` by default. */
  base?: string;
}

const idCache = new Map<string, Set<string>>();
/** The element ids of a built page (anchor targets). */
function idsOf(file: string): Set<string> {
  let ids = idCache.get(file);
  if (!ids) {
    const html = readFileSync(file, 'utf8');
    ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')));
    idCache.set(file, ids);
  }
  return ids;
}

/** The file that serves `urlPath` (clean URLs, folders' index.html), or null. */
export function resolvePage(dist: string, urlPath: string): string | null {
  const file = path.join(dist, urlPath);
  const candidates = [file, `${file}.html`, path.join(file, 'index.html')];
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/**
 * Broken links of one built page: internal links (`href`, `src`) to files the site does not serve or to anchors
 * the target page lacks; source links to repository files that do not exist or to a line past the file's end.
 */
export function linkProblems(pageRel: string, html: string, options: LinkProblemsOptions): string[] {
  const { dist, root, sourceUrl } = options;
  const base = options.base ?? '/';
  const problems: string[] = [];
  const pageFile = path.join(dist, pageRel);
  for (const m of html.matchAll(/<(a|img)\s[^>]*?\b(href|src)="([^"]*)"/g)) {
    const raw = m[3]!.replace(/&amp;/g, '&');
    // A link into a build output (`packages/linalg/dist/index.d.ts`): not committed, so a 404 on GitHub and on the
    // site. (Links to other sites, e.g. a CDN's dist/ file, are theirs.)
    const ours =
      raw.startsWith(sourceUrl + '/') || /^https:\/\/github\.com\//.test(raw) || !/^[a-z][a-z0-9+.-]*:/i.test(raw);
    if (ours && /(?:^|\/)dist(?:\/|$)/.test(raw.split('#')[0]!.replace(/^[a-z]+:\/\/[^/]+/i, ''))) {
      problems.push(`${pageRel}: link into a build output (dist/): ${raw}`);
      continue;
    }
    if (raw.startsWith(sourceUrl + '/')) {
      const [repoPath, line] = raw.slice(sourceUrl.length + 1).split('#L');
      const file = path.join(root, decodeURIComponent(repoPath!));
      if (!existsSync(file)) problems.push(`${pageRel}: source link to a missing file: ${raw}`);
      else if (line && statSync(file).isFile()) {
        const lines = readFileSync(file, 'utf8').split('\n').length;
        if (Number(line) > lines) problems.push(`${pageRel}: source link past the end (${lines} lines): ${raw}`);
      }
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('//')) continue; // other external links: not checked here
    const [pathPart, hash] = raw.split('#') as [string, string | undefined];
    let target: string | null;
    if (pathPart === '') target = pageFile;
    else {
      const abs = pathPart.startsWith('/')
        ? pathPart.slice(base.length - 1)
        : path.posix.join(path.posix.dirname(`/${pageRel}`), pathPart);
      target = resolvePage(dist, decodeURIComponent(abs.split('?')[0]!));
    }
    if (!target) {
      problems.push(`${pageRel}: broken link ${raw}`);
      continue;
    }
    if (hash && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(hash)))
      problems.push(`${pageRel}: link to a missing anchor ${raw}`);
  }
  return problems;
}

/** The exported values (not types) of a package's src/index.ts: `export { a, b as c } from …`. */
export function exportedValues(indexSource: string): string[] {
  const names: string[] = [];
  for (const m of indexSource.matchAll(/^export\s+\{([^}]*)\}\s+from/gm)) {
    for (const item of m[1]!.split(',')) {
      const t = item.trim();
      if (!t || t.startsWith('type ')) continue;
      names.push(
        t
          .split(/\s+as\s+/)
          .pop()!
          .trim(),
      );
    }
  }
  for (const m of indexSource.matchAll(/^export\s+(?:async\s+)?(?:function|class|const)\s+(\w+)/gm)) names.push(m[1]!);
  return names;
}

/** An export of a package's src/index.ts: its name and whether it is a value (function, class, constant) or a type. */
export interface ExportedName {
  name: string;
  /** `value`: a function, class or constant; `type`: an interface or type alias; `namespace`: `export * as name`. */
  kind: 'value' | 'type' | 'namespace';
}

/**
 * Every export of a package's src/index.ts: `export { a, type B, c as d } from …`, `export type { … } from …`,
 * `export * as ns from …` and local `export function|class|const|interface|type` declarations.
 */
export function exportedNames(indexSource: string): ExportedName[] {
  const out: ExportedName[] = [];
  for (const m of indexSource.matchAll(/^export\s+(type\s+)?\{([^}]*)\}\s+from/gm)) {
    for (const item of m[2]!.split(',')) {
      const t = item.trim();
      if (!t) continue;
      const isType = Boolean(m[1]) || t.startsWith('type ');
      const name = t
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()!
        .trim();
      out.push({ name, kind: isType ? 'type' : 'value' });
    }
  }
  for (const m of indexSource.matchAll(/^export\s+\*\s+as\s+(\w+)\s+from/gm))
    out.push({ name: m[1]!, kind: 'namespace' });
  for (const m of indexSource.matchAll(/^export\s+(?:async\s+)?(?:function|class|const)\s+(\w+)/gm))
    out.push({ name: m[1]!, kind: 'value' });
  for (const m of indexSource.matchAll(/^export\s+(?:interface|type)\s+(\w+)/gm))
    out.push({ name: m[1]!, kind: 'type' });
  return out;
}

/** The folders of TypeDoc's markdown output that hold the page of an export of this kind. */
export const API_FOLDERS: Record<ExportedName['kind'], readonly string[]> = {
  value: ['functions', 'classes', 'variables'],
  type: ['interfaces', 'type-aliases', 'classes'],
  namespace: ['namespaces'],
};

/**
 * The summary paragraph of an API page built from TypeDoc markdown: the text between "Defined in" (a namespace: the
 * title) and the first section heading (Parameters, Returns, …). Empty when the TSDoc comment has none.
 */
export function apiSummary(html: string): string {
  const main = mainContent(html);
  // (a namespace's page has no "Defined in": its summary follows the title)
  const defined = main.search(/Defined in:/);
  const start = defined >= 0 ? main.indexOf('</p>', defined) + 4 : main.indexOf('</h1>') + 5;
  if (start < 5) return '';
  const nextH2 = main.indexOf('<h2', start);
  const between = main.slice(start, nextH2 < 0 ? undefined : nextH2);
  return proseText(between).replace(/\s+/g, ' ').trim();
}
