import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNginxParams } from './nginx-params.ts';
import { renderNginxConfig } from './render.ts';

const required = {
  CTC_SERVER_NAME: 'cc.example.com',
  CTC_TLS_CERTIFICATE: '/etc/ssl/click-to-call/fullchain.pem',
  CTC_TLS_CERTIFICATE_KEY: '/etc/ssl/click-to-call/privkey.pem',
};
const render = async (env: Record<string, string>) =>
  Object.fromEntries(
    (await renderNginxConfig(loadNginxParams({ ...required, ...env }))).map((file) => [
      file.path,
      file.text,
    ]),
  );

describe('the nginx configuration', () => {
  it('renders the public side from the three required variables', async () => {
    const files = await render({});
    expect(Object.keys(files).sort()).toEqual([
      'conf.d/click-to-call.conf',
      'snippets/click-to-call-proxy.conf',
      'snippets/click-to-call-tls.conf',
    ]);
    const conf = files['conf.d/click-to-call.conf']!;
    expect(conf).not.toContain('${');
    expect(conf).toContain('server 127.0.0.1:8080;');
    expect(conf).toContain('server 127.0.0.1:8090;');
    expect(conf).toContain('listen 443 ssl http2;');
    expect(conf).toContain('return 301 https://cc.example.com$request_uri;');
    expect(conf).toContain('ssl_certificate /etc/ssl/click-to-call/fullchain.pem;');
    expect(conf).toMatch(
      /location = \/media\/sip \{\s+proxy_pass http:\/\/click_to_call_gateway\/sip;/,
    );
  });

  it('takes compose service names as upstreams, and a public port other than 443', async () => {
    const conf = (
      await render({
        CTC_API_UPSTREAM: 'api:8080',
        CTC_GATEWAY_UPSTREAM: 'gateway:8090',
        CTC_HTTPS_LISTEN: '8443',
        CTC_PUBLIC_ORIGIN: 'https://cc.example.com:8443',
      })
    )['conf.d/click-to-call.conf']!;
    expect(conf).toContain('server api:8080;');
    expect(conf).toContain('server gateway:8090;');
    expect(conf).toContain('return 301 https://cc.example.com:8443$request_uri;');
  });

  it('renders the admin server only when asked, for the allowed blocks and no one else', async () => {
    const files = await render({
      CTC_ADMIN_LISTEN: '10.0.0.5:8443',
      CTC_ADMIN_ALLOW: '10.0.0.0/8, 192.0.2.7',
    });
    const admin = files['conf.d/click-to-call-admin.conf']!;
    expect(admin).not.toContain('${');
    expect(admin).toContain('listen 10.0.0.5:8443 ssl http2;');
    expect(admin).toMatch(/allow 10\.0\.0\.0\/8;\s+allow 192\.0\.2\.7\/32;\s+deny all;/);
    // The public certificate unless the admin server has its own.
    expect(admin).toContain('ssl_certificate /etc/ssl/click-to-call/fullchain.pem;');
  });

  it('names the variable that is wrong, and lets no value end a directive', () => {
    const refused: [Record<string, string>, string][] = [
      [{ CTC_TLS_CERTIFICATE: '' }, 'CTC_TLS_CERTIFICATE'],
      [{ CTC_TLS_CERTIFICATE: 'certs/cc.pem' }, 'CTC_TLS_CERTIFICATE: must be an absolute path'],
      [{ CTC_TLS_CERTIFICATE_KEY: '/k.pem; include /etc/shadow' }, 'CTC_TLS_CERTIFICATE_KEY'],
      [{ CTC_API_UPSTREAM: 'api:8080; server evil:80' }, 'CTC_API_UPSTREAM: must be host:port'],
      [{ CTC_GATEWAY_UPSTREAM: 'gateway' }, 'CTC_GATEWAY_UPSTREAM'],
      [{ CTC_SERVER_NAME: 'cc.example.com;' }, 'CTC_SERVER_NAME: must be a host name'],
      [{ CTC_HTTPS_LISTEN: '70000' }, 'CTC_HTTPS_LISTEN'],
      [{ CTC_PUBLIC_ORIGIN: 'https://other.example.com' }, 'CTC_PUBLIC_ORIGIN: must be on'],
      [{ CTC_PUBLIC_ORIGIN: 'http://cc.example.com' }, 'CTC_PUBLIC_ORIGIN'],
      [{ CTC_PUBLIC_ORIGIN: 'https://cc.example.com/x' }, 'CTC_PUBLIC_ORIGIN: must be an origin'],
      [{ CTC_ADMIN_LISTEN: '8443', CTC_ADMIN_ALLOW: '10.0.0.0/8' }, 'CTC_ADMIN_LISTEN'],
      [{ CTC_ADMIN_LISTEN: '10.0.0.5:8443' }, 'CTC_ADMIN_ALLOW: required'],
      [{ CTC_ADMIN_LISTEN: '10.0.0.5:8443', CTC_ADMIN_ALLOW: 'all' }, 'CTC_ADMIN_ALLOW'],
    ];
    for (const [env, message] of refused) {
      expect(() => loadNginxParams({ ...required, ...env }), JSON.stringify(env)).toThrow(message);
    }
  });

  it('writes the files from the command line, or says which variable is wrong', () => {
    const script = fileURLToPath(new URL('./render.ts', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'nginx-render-'));
    try {
      const ok = spawnSync(process.execPath, [script, dir], {
        env: { ...process.env, ...required },
        encoding: 'utf8',
      });
      expect(ok.status).toBe(0);
      expect(readdirSync(join(dir, 'conf.d'))).toEqual(['click-to-call.conf']);
      const bad = spawnSync(process.execPath, [script, dir], {
        env: { ...process.env, ...required, CTC_API_UPSTREAM: 'api' },
        encoding: 'utf8',
      });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(
        /^Invalid nginx configuration: CTC_API_UPSTREAM: must be host:port/,
      );
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
