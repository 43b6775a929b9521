/**
 * The packages in a browser (issue #14): esbuild bundles a page that imports
 * only the public main entries of linalg, network, ntk and diffusion (their
 * built `dist`, resolved as a user's bundler resolves them); Debian's headless
 * Chromium runs it; forward, gradient, the Gram matrix and a short
 * reverse-SDE sample agree with Node on the same seeds — float64 paths to
 * 1e-12, float32 paths to the float32 tolerance of test-helpers.
 */
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { describeWithTool, TOLERANCES } from '@softmax-ntk/test-helpers';
import { compute, type Computed } from './browser/compute';

// Agreement of float64 paths across the two JavaScript engines: the same code in IEEE double; 1e-12 (issue #14)
// leaves room for a different Math.exp/log in Chromium's V8 against Node's, a few ulps on values of order 1.
const FLOAT64 = { rtol: 1e-12, atol: 1e-12 };

let browser: Browser | undefined;

async function inBrowser(): Promise<Computed> {
  const built = await esbuild.build({
    entryPoints: [join(__dirname, 'browser/page.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    // Resolve @softmax-ntk/* like a user's bundler: package.json exports, browser conditions, built dist.
    conditions: ['browser', 'import', 'default'],
    nodePaths: [join(__dirname, '../node_modules')],
    logLevel: 'silent',
  });
  const script = built.outputFiles[0]?.text ?? '';
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><title>softmax-ntk</title>');
  await page.addScriptTag({ content: script });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __result?: unknown; __error?: string };
      return w.__result !== undefined || w.__error !== undefined;
    },
    undefined,
    { timeout: 300000 },
  );
  const out = await page.evaluate(() => {
    const w = window as unknown as { __result?: unknown; __error?: string };
    return { result: w.__result, error: w.__error };
  });
  if (out.error || errors.length) throw new Error(`in Chromium: ${out.error ?? errors.join('; ')}`);
  return out.result as Computed;
}

afterAll(async () => {
  await browser?.close();
});

describeWithTool('chromium', 'public entries in a browser agree with Node', () => {
  let web: Computed;
  let node: Computed;
  beforeAll(async () => {
    node = await compute();
    web = await inBrowser();
  }, 600000);

  it('ran on the same backend', () => {
    expect(web.backend).toBe('cpu');
    expect(node.backend).toBe('cpu');
  });

  it('a forced backend that cannot load is a named error in both', () => {
    expect(web.forcedWebgl).toBe(
      'BackendError: backend "webgl" was requested but cannot be loaded: not registered (import \'@tensorflow/tfjs-backend-webgl\' in the app to use it)',
    );
    expect(node.forcedWebgl).toBe(
      'BackendError: invalid argument: `backend` must be one of node, wasm, cpu, got "webgl"',
    );
  });

  it('a schedule expression needs loadExpressionParser() in the browser only', () => {
    expect(node.expressionBeforeLoad).toBe('parsed: 2');
    expect(web.expressionBeforeLoad).toBe(
      'ScheduleError: invalid schedule: the expression parser (mathjs) is not loaded: call `await loadExpressionParser()` first (needed outside Node ≥ 20.16)',
    );
  });

  it.each(['forward64', 'gradient64', 'gram64', 'sample64', 'expression64'] as const)('%s: float64 to 1e-12', (key) => {
    expect(web[key].length).toBeGreaterThan(0);
    expect(web[key]).toBeAllClose(node[key], FLOAT64);
  });

  it.each(['forward32', 'gradient32', 'gram32'] as const)('%s: float32 tolerance', (key) => {
    expect(web[key].length).toBe(node[key].length);
    expect(web[key]).toBeAllClose(node[key], TOLERANCES.float32);
  });
});
