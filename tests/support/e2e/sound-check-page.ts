import type { Server } from 'node:http';
import { relative } from 'node:path';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { build } from 'vite';
import { LOOPBACK, freePort } from '../../../infra/rig/ports.ts';
import type { SoundCheckOutcome } from './sound-check-page/main.tsx';

export type { SoundCheckOutcome };

export interface ServedRequest {
  method: string;
  path: string;
}

export interface SoundCheckPage {
  /** The page hosting the Sound check screen alone. */
  url: string;
  /** Every request the page's server answered, in order (worklet fetches included). */
  served: ServedRequest[];
  close(): Promise<void>;
}

/**
 * Builds the test page hosting the widget's Sound check screen with vite (a production build,
 * so opus-recorder's WAV worker is emitted as the widget's own build emits it) into `outDir`
 * and serves it on its own loopback origin, logging each request it answers.
 */
export async function serveSoundCheckPage(outDir: string): Promise<SoundCheckPage> {
  await build({
    configFile: new URL('./sound-check-page/vite.config.ts', import.meta.url).pathname,
    build: { outDir, emptyOutDir: true },
    logLevel: 'warn',
  });
  const served: ServedRequest[] = [];
  const app = new Hono()
    .use('*', async (c, next) => {
      served.push({ method: c.req.method, path: new URL(c.req.url).pathname });
      await next();
    })
    .use('/*', serveStatic({ root: relative(process.cwd(), outDir) }));
  const port = await freePort();
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: LOOPBACK, port }, () =>
      resolve({
        url: `http://${LOOPBACK}:${port}/`,
        served,
        close: () => new Promise((done) => (server as Server).close(() => done())),
      }),
    );
  });
}
