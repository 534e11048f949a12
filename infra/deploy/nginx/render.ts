// Renders the reference nginx configuration from its templates (README.md beside this file):
//   CTC_SERVER_NAME=cc.example.com CTC_TLS_CERTIFICATE=... node infra/deploy/nginx/render.ts /etc/nginx
// writes conf.d/click-to-call.conf (and conf.d/click-to-call-admin.conf with CTC_ADMIN_LISTEN)
// and snippets/click-to-call-*.conf under the directory given. Then `nginx -t`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../../protocol/config/env-config.ts';
import { loadNginxParams, nginxParamsEnvNames, type NginxParams } from './nginx-params.ts';

const templateDir = dirname(fileURLToPath(import.meta.url));

/** A file of the rendered configuration, its path relative to nginx's configuration folder. */
export interface RenderedFile {
  path: string;
  text: string;
}

const placeholder = /\$\{(CTC_[A-Z_]+)\}/g;

/** Fills every `${CTC_...}` of a template; one without a value is a bug in the template. */
function fill(template: string, values: Record<string, string>, name: string): string {
  return template.replace(placeholder, (_match, variable: string) => {
    const value = values[variable];
    if (value === undefined) throw new Error(`${name}: no value for \${${variable}}`);
    return value;
  });
}

function templateValues(params: NginxParams): Record<string, string> {
  const names = nginxParamsEnvNames;
  return {
    [names.serverName]: params.serverName,
    [names.publicOrigin]: params.publicOrigin ?? `https://${params.serverName}`,
    [names.httpsListen]: params.httpsListen,
    [names.httpListen]: params.httpListen,
    [names.tlsCertificate]: params.tlsCertificate,
    [names.tlsCertificateKey]: params.tlsCertificateKey,
    [names.apiUpstream]: params.apiUpstream,
    [names.gatewayUpstream]: params.gatewayUpstream,
    ...(params.adminListen
      ? {
          [names.adminListen]: params.adminListen,
          [names.adminTlsCertificate]: params.adminTlsCertificate ?? params.tlsCertificate,
          [names.adminTlsCertificateKey]: params.adminTlsCertificateKey ?? params.tlsCertificateKey,
          // One `allow` line per block; the template follows them with `deny all`.
          CTC_ADMIN_ALLOW_RULES: params.adminAllow.map((cidr) => `    allow ${cidr};`).join('\n'),
        }
      : {}),
  };
}

/** The configuration's files for these parameters (the admin server only with adminListen). */
export async function renderNginxConfig(params: NginxParams): Promise<RenderedFile[]> {
  const values = templateValues(params);
  const templates = [
    'conf.d/click-to-call.conf',
    ...(params.adminListen ? ['conf.d/click-to-call-admin.conf'] : []),
  ];
  const snippets = ['snippets/click-to-call-tls.conf', 'snippets/click-to-call-proxy.conf'];
  return Promise.all([
    ...templates.map(async (path) => ({
      path,
      text: fill(await readFile(join(templateDir, `${path}.template`), 'utf8'), values, path),
    })),
    ...snippets.map(async (path) => ({
      path,
      text: await readFile(join(templateDir, path), 'utf8'),
    })),
  ]);
}

/** Writes the rendered files under `confDir` (nginx's configuration folder); their paths. */
export async function writeNginxConfig(params: NginxParams, confDir: string): Promise<string[]> {
  const files = await renderNginxConfig(params);
  for (const file of files) {
    const path = join(confDir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.text);
  }
  return files.map((file) => join(confDir, file.path));
}

if (import.meta.main) {
  const confDir = process.argv[2];
  if (!confDir) {
    process.stderr.write('usage: node infra/deploy/nginx/render.ts NGINX_CONF_DIR (CTC_* set)\n');
    process.exit(2);
  }
  try {
    const written = await writeNginxConfig(loadNginxParams(process.env), confDir);
    process.stdout.write(`${written.join('\n')}\n`);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
