import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import type { ConnectionTestPageWindow } from './connection-test-page.tsx';

const entry = fileURLToPath(new URL('./connection-test-page.tsx', import.meta.url));

export interface ConnectionTestPageServer {
  /** The page's origin, e.g. http://127.0.0.1:41234: another origin than the API's and the
   * gateway's, so CORS is exercised as on a customer's site. */
  origin: string;
  close(): Promise<void>;
}

/** The page's script and styles, bundled by vite from the widget's sources. */
async function bundlePage(): Promise<{ js: string; css: string }> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root: fileURLToPath(new URL('../../../', import.meta.url)),
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: 'page' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const files = outputs.flatMap((output) => output.output);
  const js = files.find((file) => file.type === 'chunk' && file.isEntry);
  if (!js || js.type !== 'chunk') throw new Error('vite produced no page script');
  const css = files
    .map((file) => (file.type === 'asset' && file.fileName.endsWith('.css') ? file.source : ''))
    .join('\n');
  return { js: js.code, css: String(css) };
}

/**
 * Serves the widget's connection-test step alone on 127.0.0.1 (a real server rather than a
 * Playwright route: Chromium lets only loopback pages fetch from loopback services).
 */
export async function serveConnectionTestPage(): Promise<ConnectionTestPageServer> {
  const { js, css } = await bundlePage();
  const html = `<!doctype html><html lang="en"><title>Connection test</title><style>${css}</style>
<div id="click-to-call"></div><script type="module" src="/page.js"></script>`;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    if (path === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Opens the step for a visitor with this session; it starts testing at once. */
export async function openConnectionTestPage(
  browser: Browser,
  server: ConnectionTestPageServer,
  params: { apiUrl: string; session: string; tokenOverride?: string },
): Promise<Page> {
  const page = await browser.newPage();
  if (params.tokenOverride) {
    await page.addInitScript((token) => {
      (window as unknown as ConnectionTestPageWindow).ctcTokenOverride = token;
    }, params.tokenOverride);
  }
  const url = new URL('/', server.origin);
  url.searchParams.set('api', params.apiUrl);
  url.searchParams.set('session', params.session);
  await page.goto(url.toString());
  return page;
}
