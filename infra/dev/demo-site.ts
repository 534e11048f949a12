import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

export interface DemoSiteOptions {
  host: string;
  port: number;
  /** The snippet's loader: the API hosts it at /embed.js, with the widget at /widget/. */
  embedUrl: string;
}

/** A sample marketing page on its own origin, with the embed snippet pasted in. */
export async function startDemoSite(
  options: DemoSiteOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const page = readFileSync(new URL('./demo-site/index.html', import.meta.url), 'utf8').replace(
    '@@EMBED_URL@@',
    options.embedUrl,
  );
  const app = new Hono().get('/', (c) => c.html(page));
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, (info) =>
      resolve({
        url: `http://${options.host}:${info.port}/`,
        close: () => new Promise((done) => (server as Server).close(() => done())),
      }),
    );
    // A port already taken is the caller's error to handle, not an uncaught 'error' event.
    server.once('error', reject);
  });
}
