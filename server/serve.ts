/**
 * Putting the service on a socket: builds its dependencies, listens on a host and port (port 0
 * picks a free one), and closes cleanly. Request log lines are JSON, one per line, without any
 * person's data (method, route pattern, status, milliseconds, role).
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Db } from '../src/store/index.js';
import { DEFAULT_OPTIONS, type Deps, type LogLine, type ServerOptions } from './context.js';
import { createApp } from './app.js';
import { createRateLimiter } from './auth/rate-limit.js';
import type { CallScorer } from './score/scorer.js';

/** Builds the service's dependencies with defaults for anything not given. */
export function serviceDeps(o: {
  db: Db;
  scorer: CallScorer;
  options?: Partial<ServerOptions>;
  clock?: () => number;
  log?: (line: LogLine) => void;
}): Deps {
  return {
    db: o.db,
    scorer: o.scorer,
    clock: o.clock ?? (() => Date.now()),
    options: Object.freeze({ ...DEFAULT_OPTIONS, ...o.options }),
    log: o.log ?? (() => undefined),
    limiter: createRateLimiter(),
  };
}

/** A running service. */
export interface RunningService {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the service on `host:port`; resolves once it is listening. */
export function startService(deps: Deps, host: string, port: number): Promise<RunningService> {
  const { app } = createApp(deps);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shown}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
