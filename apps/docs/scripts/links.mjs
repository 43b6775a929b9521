// Where the site links out to: the repository, the packages on npm, the paper.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The repository on GitHub: the root package.json's `repository` field when it has one; it has none yet, so the
 * project's intended address https://github.com/softmax-ntk/softmax-ntk (override with DOCS_REPO_URL).
 */
function repositoryUrl() {
  if (process.env.DOCS_REPO_URL) return process.env.DOCS_REPO_URL.replace(/\/+$/, '');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (repo) return repo.replace(/^git\+/, '').replace(/\.git$/, '');
  return 'https://github.com/softmax-ntk/softmax-ntk';
}

export const REPO_URL = repositoryUrl();

/** Blob URLs of repository files (source links): DOCS_SOURCE_URL, else the repository's main branch. */
export const SOURCE_URL = (process.env.DOCS_SOURCE_URL ?? `${REPO_URL}/blob/main`).replace(/\/+$/, '');

/** The paper on arXiv. Its text in the repository does not state its arXiv id, so this is a title search. */
export const PAPER_URL = 'https://arxiv.org/search/?searchtype=title&query=Exploring+the+Frontiers+of+Softmax';

/** A package's page on the npm registry. */
export const npmUrl = (name) => `https://www.npmjs.com/package/${name}`;

/** The workspace's version (the version of the softmax-ntk command, apps/cli). */
export const VERSION = JSON.parse(readFileSync(path.join(root, 'apps/cli/package.json'), 'utf8')).version;
