import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { build } from 'vite';
import { REPO_ROOT } from '../rig/run-dir.ts';

/** Builds the widget and the embed loader (vite) unless built already and `rebuild` is false. */
export async function buildWidget(rebuild = true): Promise<string> {
  const dist = `${REPO_ROOT}widget/dist`;
  if (
    rebuild ||
    !existsSync(`${dist}/index.html`) ||
    !existsSync(`${REPO_ROOT}embed/dist/embed.js`)
  ) {
    await build({ configFile: `${REPO_ROOT}widget/vite.config.ts`, logLevel: 'warn' });
    await build({ configFile: `${REPO_ROOT}embed/vite.config.ts`, logLevel: 'warn' });
  }
  return dist;
}

/** Serves the built widget on its own origin, as a CDN or the API's static host would. */
export async function startWidgetServer(options: { dist: string; host: string; port: number }) {
  const app = new Hono()
    .use('/embed.js', serveStatic({ path: 'embed/dist/embed.js' }))
    .use('/*', serveStatic({ root: options.dist.replace(REPO_ROOT, '') }));
  return new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info) =>
      resolve({
        url: `http://${options.host}:${info.port}/`,
        close: () => new Promise((done) => (server as Server).close(() => done())),
      }),
    );
  });
}
