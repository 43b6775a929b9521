/**
 * Redis names shared by the runner and the workers of the `queue` executor
 * (BullMQ). Results are keyed by cell id alone: a cell's result depends only
 * on its experiment and parameters, so any sweep that contains the cell can
 * use it.
 */
import type { Redis } from 'ioredis';
import { ioredis } from '../internal/lazyModules';
import { SweepError } from '../grid/types';

/** The BullMQ queue every sweep uses by default (so `sweep worker --queue URL` needs no sweep name). */
export const DEFAULT_QUEUE_NAME = 'softmax-ntk-sweep';

export interface QueueKeys {
  /** Hash: cell id → the first `done` CellRecord (JSON), written with HSETNX. */
  results: string;
  /** Hash: cell id → how many times a worker finished it (duplicates included). */
  completions: string;
}

export function queueKeys(queueName: string): QueueKeys {
  return { results: `${queueName}:results`, completions: `${queueName}:completions` };
}

/**
 * The URL with its credentials replaced by `***` (`redis://user:***@host:6379`): the only form stored in
 * `sweep.json` or printed in a message.
 *
 * @param url - A Redis URL.
 *
 * @example
 * ```js
 * import { redactUrl } from '@softmax-ntk/sweep/node';
 *
 * console.log(redactUrl('redis://worker:s3cret@queue.example:6379/2'));
 * // → redis://worker:***@queue.example:6379/2
 * console.log(redactUrl('redis://:s3cret@queue.example:6379'));
 * // → redis://:***@queue.example:6379
 * console.log(redactUrl('redis://127.0.0.1:6379')); // no credentials: unchanged
 * // → redis://127.0.0.1:6379
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/)([^@/]*)@/, (_, scheme: string, auth: string) => {
    const colon = auth.indexOf(':');
    return `${scheme}${colon >= 0 ? `${auth.slice(0, colon)}:***` : '***'}@`;
  });
}

/** True when `redactUrl` removed something from it (the stored URL cannot be used to connect). */
export const isRedacted = (url: string): boolean => /^rediss?:\/\/[^@/]*\*\*\*@/.test(url);

/** Checks a `redis://` / `rediss://` URL (host, port 1–65535, database); errors name `what` and the redacted value. */
export function checkRedisUrl(what: string, url: unknown): string {
  const bad = (why: string): never => {
    throw new SweepError(
      'queue',
      `invalid argument: ${what} must be a Redis URL like redis://127.0.0.1:6379${why}, got ${typeof url === 'string' ? JSON.stringify(redactUrl(url)) : String(url)}`,
    );
  };
  if (typeof url !== 'string' || !/^rediss?:\/\/[^\s/]+(\/\d+)?$/.test(url)) return bad('');
  const hostPort = url
    .replace(/^rediss?:\/\//, '')
    .replace(/^[^@]*@/, '')
    .replace(/\/\d+$/, '');
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d*))?$/.exec(hostPort);
  if (!m) return bad(` (cannot read host and port from ${JSON.stringify(hostPort)})`);
  if (m[2] !== undefined && !(Number(m[2]) >= 1 && Number(m[2]) <= 65535))
    bad(` (port ${JSON.stringify(m[2])} is not in 1–65535)`);
  try {
    new URL(url);
  } catch {
    return bad(' (it does not parse as a URL)');
  }
  return url;
}

/** Reconnection delay after the k-th failed try: 100 ms doubling to at most 5 s. */
export const backoffMs = (k: number): number => Math.min(100 * 2 ** Math.max(0, k - 1), 5000);

/**
 * Reports the state of a set of connections to one Redis: `lost` once when the first of them errors or
 * closes, `restored` once when they are all ready again — one line each way, never one per retry.
 */
export interface ConnectionMonitor {
  watch(r: Redis): Redis;
  /** True between a `lost` report and the matching `restored`. */
  isLost(): boolean;
}

export function connectionMonitor(
  url: string,
  report?: (state: 'lost' | 'restored', message: string) => void,
): ConnectionMonitor {
  const down = new Set<Redis>();
  let lost = false;
  const safe = redactUrl(url);
  return {
    isLost: () => lost,
    watch(r) {
      const fail = (err: Error) => {
        down.add(r);
        if (!lost) {
          lost = true;
          report?.(
            'lost',
            `lost the connection to Redis at ${safe}${err ? ` (${err.message})` : ''}; retrying with backoff up to 5 s`,
          );
        }
      };
      // ('end' is not a loss: with a retryStrategy that never gives up it comes only from our own disconnect)
      r.on('error', (err: Error) => fail(err));
      r.on('reconnecting', () => down.add(r));
      r.on('ready', () => {
        down.delete(r);
        if (lost && down.size === 0) {
          lost = false;
          report?.('restored', `connection to Redis at ${safe} restored`);
        }
      });
      return r;
    },
  };
}

/**
 * A connection usable by BullMQ (which requires maxRetriesPerRequest: null), reconnecting with backoff; its
 * errors are handled (never "[ioredis] Unhandled error event" with a stack per retry) and reported through
 * `monitor` when given.
 */
export function connect(url: string, monitor?: ConnectionMonitor): Redis {
  const r = new (ioredis().Redis)(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: backoffMs,
  });
  if (monitor) monitor.watch(r);
  else
    r.on('error', () => {
      // reconnected by retryStrategy; the caller chose not to report
    });
  return r;
}

/** Fails fast (SweepError naming the URL) when nothing answers at `url`, instead of retrying forever. */
export async function checkReachable(url: string, timeoutMs = 5000): Promise<void> {
  const r = new (ioredis().Redis)(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let cause: Error | undefined;
  r.on('error', (err: Error) => {
    cause ??= err; // the socket's own error (e.g. ECONNREFUSED), reported below
  });
  try {
    await r.connect();
    await r.ping();
  } catch (err) {
    throw new SweepError('queue', `cannot reach Redis at ${redactUrl(url)}: ${(cause ?? (err as Error)).message}`);
  } finally {
    r.disconnect();
  }
}

/**
 * `p`, or undefined as soon as `signal` aborts: a Redis command issued while Redis is down waits for the
 * reconnection, and a stop must not wait with it.
 */
export function unlessAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return p;
  if (signal.aborted) {
    p.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) resolve(undefined);
        else reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/** `p`, but no longer than `ms`: true when it settled in time (used to bound a close while Redis is down). */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
