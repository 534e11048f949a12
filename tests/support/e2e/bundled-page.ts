import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build, type Plugin, type Rolldown } from 'vite';
import { LOOPBACK } from '../../../infra/rig/ports.ts';

export interface BundledPageOptions {
  /** The page's script (a module of tests/support), bundled by vite with all it imports. */
  entry: URL;
  title: string;
  /**
   * Modules replaced in this bundle, by file URL: the real module's -> its stand-in's, for
   * what the page must not reach (a gateway, a microphone). Whoever imports the real one gets
   * the stand-in.
   */
  standIns?: Record<string, URL>;
  /** More files served as they are, by path (e.g. a stand-in for a third-party script). */
  files?: Record<string, { contentType: string; body: string }>;
}

export interface BundledPage {
  /** The page's origin, e.g. http://127.0.0.1:41234 (the page itself is at `/`). */
  origin: string;
  close(): Promise<void>;
}

/** Swaps each real module for its stand-in, wherever and however it is imported. */
function standInPlugin(standIns: Record<string, URL>): Plugin {
  const byPath = new Map(
    Object.entries(standIns).map(([real, standIn]) => [
      fileURLToPath(real),
      fileURLToPath(standIn),
    ]),
  );
  return {
    name: 'stand-ins',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return (resolved && byPath.get(resolved.id)) ?? null;
    },
  };
}

/** The page's scripts by file name (the entry is `page.js`) and its styles, from vite. */
async function bundle(options: BundledPageOptions): Promise<{
  scripts: Map<string, string>;
  css: string;
}> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root: fileURLToPath(new URL('../../../', import.meta.url)),
    plugins: options.standIns ? [standInPlugin(options.standIns)] : [],
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: fileURLToPath(options.entry), formats: ['es'], fileName: 'page' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const files = outputs.flatMap((output) => output.output);
  const scripts = new Map(
    files.flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file.code] as const] : [])),
  );
  if (!scripts.has('page.js')) throw new Error('vite produced no page script');
  const css = files
    .map((file) => (file.type === 'asset' && file.fileName.endsWith('.css') ? file.source : ''))
    .join('\n');
  return { scripts, css: String(css) };
}

/**
 * Bundles a test page from the widget's real sources with vite and serves it on 127.0.0.1:
 * a real server rather than a Playwright route, since Chromium lets only loopback pages fetch
 * from loopback services. The page has the widget's root, `#click-to-call`, and its styles.
 */
export async function serveBundledPage(options: BundledPageOptions): Promise<BundledPage> {
  const { scripts, css } = await bundle(options);
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>${options.title}</title>
<style>${css}</style><div id="click-to-call"></div><script type="module" src="/page.js"></script>`;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://page').pathname;
    const script = scripts.get(path.slice(1));
    const file = options.files?.[path];
    if (script !== undefined) {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else if (file) {
      response.writeHead(200, { 'content-type': file.contentType }).end(file.body);
    } else if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((listening, failed) => {
    server.once('error', failed);
    server.listen(0, LOOPBACK, listening);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://${LOOPBACK}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
