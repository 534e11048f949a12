import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { SiteIdSchema } from '../../../protocol/api/ids.ts';
import type { SitesStore } from '../sites/sites-store.ts';
import { frameAncestors } from './frame-ancestors.ts';

export interface WidgetFiles {
  /** The widget's vite build: index.html and assets/. */
  widgetDir: string;
  /** The embed loader's build (embed.js), with embed-frame.js beside it. */
  embedFile: string;
}

const notBuilt = (what: string) =>
  new Response(`${what} is not built here: run \`npm run build\`.\n`, {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });

/**
 * Hosts what visitors' browsers load: the embed loader at /embed.js (the snippet marketers
 * paste) and the widget at /widget/ (what the loader opens in its iframe; it finds the API on
 * its own origin). The widget page may be framed only by the site's allowed origins
 * (`Content-Security-Policy: frame-ancestors`), read from the sites file on every request so
 * an edit applies at once.
 */
export function widgetRoutes(sites: Pick<SitesStore, 'get'>, files: WidgetFiles) {
  const widgetDir = resolve(files.widgetDir);
  const indexFile = join(widgetDir, 'index.html');
  let indexHtml: string | undefined;
  const page = () => (indexHtml ??= readFileSync(indexFile, 'utf8'));

  // The loader, and its part that embed.js fetches from beside itself when the widget opens.
  const loaderFile = (name: string) => (c: Context) => {
    const file = join(dirname(files.embedFile), name);
    if (!existsSync(file)) return notBuilt('The embed loader');
    // Short-lived: the snippet's URL never changes, so updates must reach pages soon.
    return c.body(readFileSync(file), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    });
  };

  return new Hono()
    .get('/embed.js', loaderFile(basename(files.embedFile)))
    .get('/embed-frame.js', loaderFile('embed-frame.js'))
    .get('/widget', (c) => c.redirect(`/widget/${new URL(c.req.url).search}`, 301))
    .get('/widget/', (c) => {
      const parsed = SiteIdSchema.safeParse(c.req.query('site'));
      const site = parsed.success ? sites.get(parsed.data) : undefined;
      if (!site) {
        return c.text(
          'Unknown or missing site: the widget is opened with ?site=<site id>.\n',
          404,
          {
            'content-security-policy': "frame-ancestors 'none'",
          },
        );
      }
      if (!existsSync(indexFile)) return notBuilt('The widget');
      return c.html(page(), 200, {
        'content-security-policy': `frame-ancestors ${frameAncestors(site.allowedOrigins)}`,
        // The framing rule differs per site (?site=): never cache the page across sites.
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
      });
    })
    .use('/widget/assets/*', async (c, next) => {
      await next();
      // Vite names assets by content hash: they never change under the same name.
      if (c.res.status === 200) {
        c.res.headers.set('cache-control', 'public, max-age=31536000, immutable');
        c.res.headers.set('x-content-type-options', 'nosniff');
      }
    })
    .use(
      '/widget/assets/*',
      serveStatic({
        // Only assets/ is reachable this way: index.html must go through the framing rule.
        root: join(widgetDir, 'assets'),
        rewriteRequestPath: (path) => path.replace(/^\/widget\/assets/, ''),
      }),
    );
}
