#!/usr/bin/env node
// `pnpm preview`: serve the built site (site/.vitepress/dist) on 127.0.0.1 — only this machine can reach it.
// `--host <address>` (e.g. `--host 0.0.0.0`) exposes it on purpose; `--port <n>` picks the port (0: any free one,
// the default 4173). Prints the address it serves on. `vitepress preview` is not used: it listens on every interface.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../site/.vitepress/dist');
const arg = (name, fallback) => {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : fallback;
};
const host = arg('host', '127.0.0.1');
const port = Number(arg('port', '4173'));
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid argument: \`--port\` must be an integer in [0, 65535], got ${arg('port')}`);
  process.exit(2);
}
if (!existsSync(path.join(dist, 'index.html'))) {
  console.error(`no built site in ${dist}: run \`pnpm --filter @softmax-ntk/docs build\` first`);
  process.exit(1);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

const server = createServer((req, res) => {
  let urlPath;
  try {
    urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end('bad request');
    return;
  }
  let file = path.join(dist, path.normalize(urlPath));
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!existsSync(file) && existsSync(`${file}.html`)) file = `${file}.html`;
  if (!file.startsWith(dist) || !existsSync(file)) {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    createReadStream(path.join(dist, '404.html')).pipe(res);
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(res);
});
server.listen(port, host, () => {
  const address = server.address();
  const shown = host.includes(':') ? `[${host}]` : host;
  console.log(`http://${shown}:${address.port}/`);
});
