import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApiConfig } from './api-config.ts';
import { ConfigError } from './env-config.ts';

describe('loadApiConfig', () => {
  it('runs on its defaults with an empty environment', () => {
    expect(loadApiConfig({})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'info',
      dataDir: '.data/api',
      sitesFile: 'api/config/sites.json',
      trustedProxies: [],
      proxyProtocol: false,
      secureCookies: true,
      widgetDir: 'widget/dist',
      embedFile: 'embed/dist/embed.js',
      turnCredentialLifetimeS: 900,
      drainDelayMs: 0,
      gatewayTtlMs: 6000,
      gatewayLostAfterMs: 600_000,
      retentionDays: 90,
      webhookRetryDelaysMs: [
        5000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
      ],
      oidcScopes: 'openid profile email',
      oidcRolesClaim: 'roles',
      oidcSitesClaim: 'sites',
      oidcRequireMfa: true,
    });
  });

  it('takes a gateway for lost only well after it is forgotten', () => {
    expect(loadApiConfig({ API_GATEWAY_LOST_AFTER_MS: '120000' }).gatewayLostAfterMs).toBe(120_000);
    expect(() =>
      loadApiConfig({ API_GATEWAY_TTL_MS: '30000', API_GATEWAY_LOST_AFTER_MS: '20000' }),
    ).toThrow(/API_GATEWAY_LOST_AFTER_MS: must be longer than API_GATEWAY_TTL_MS/);
    expect(() => loadApiConfig({ API_GATEWAY_LOST_AFTER_MS: '500' })).toThrow(
      /API_GATEWAY_LOST_AFTER_MS/,
    );
  });

  it('names the variable that is wrong', () => {
    expect(() => loadApiConfig({ API_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadApiConfig({ API_PORT: '70000' })).toThrow(/API_PORT/);
    expect(() => loadApiConfig({ API_LOG_LEVEL: 'loud' })).toThrow(/API_LOG_LEVEL/);
    expect(() => loadApiConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadApiConfig({ API_SERVICE_TOKEN: 'short' })).toThrow(/API_SERVICE_TOKEN/);
  });

  it('reads the storage and secrets settings', () => {
    const config = loadApiConfig({
      DATABASE_URL: 'postgresql://u@127.0.0.1:5432/ctc',
      API_SERVICE_TOKEN: 'x'.repeat(32),
    });
    expect(config).toMatchObject({
      databaseUrl: 'postgresql://u@127.0.0.1:5432/ctc',
      serviceToken: 'x'.repeat(32),
    });
  });
});

describe('API_TRUSTED_PROXIES', () => {
  it('reads the proxies as address blocks, a bare address being one host', () => {
    const config = loadApiConfig({ API_TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.10 ,2001:db8::/32' });
    expect(config.trustedProxies).toEqual(['10.0.0.0/8', '192.0.2.10/32', '2001:db8::/32']);
  });

  it('fails start-up naming the variable and the entry that is not an address block', () => {
    for (const bad of [
      '10.0.0.0/33',
      'proxy.internal',
      '10.0.0/8',
      '2001:db8::/129',
      '10.0.0.1/',
    ]) {
      expect(() => loadApiConfig({ API_TRUSTED_PROXIES: `192.0.2.10, ${bad}` })).toThrow(
        `API_TRUSTED_PROXIES: "${bad}" is not an IP address or CIDR`,
      );
    }
  });

  it('refuses the old API_TRUST_PROXY rather than quietly counting everyone as the proxy', () => {
    expect(() => loadApiConfig({ API_TRUST_PROXY: 'true' })).toThrow(
      /API_TRUST_PROXY: replaced by API_TRUSTED_PROXIES/,
    );
  });
});

describe('API_TURN_SECRET_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ctc-turn-secret-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content, { mode: 0o600 });
    return path;
  };
  // Made at test time, as an operator would with `openssl rand -base64 48`.
  const secret = randomBytes(48).toString('base64');

  it('reads the secret, one line, and never prints it', () => {
    const config = loadApiConfig({ API_TURN_SECRET_FILE: file('ok', `${secret}\n`) });
    expect(config.turnSecret?.reveal()).toBe(secret);
    expect(JSON.stringify(config)).not.toContain(secret);
  });

  it('fails start-up naming the variable, never quoting the content', () => {
    const missing = join(dir, 'missing');
    expect(() => loadApiConfig({ API_TURN_SECRET_FILE: missing })).toThrow(
      `API_TURN_SECRET_FILE: cannot read ${missing} (ENOENT)`,
    );
    for (const bad of ['short', `${secret} ${secret}`, `${secret}\n${secret}\n`, '']) {
      const path = file('bad', bad);
      let message = '';
      try {
        loadApiConfig({ API_TURN_SECRET_FILE: path });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toContain(`API_TURN_SECRET_FILE: ${path} must hold one secret`);
      if (bad.length > 12) expect(message).not.toContain(bad.slice(0, 12));
    }
  });
});

describe('API_TURN_CREDENTIAL_LIFETIME_S', () => {
  it('takes seconds between 10 and a day', () => {
    expect(loadApiConfig({ API_TURN_CREDENTIAL_LIFETIME_S: '60' }).turnCredentialLifetimeS).toBe(
      60,
    );
    for (const bad of ['5', '86401', 'soon', '1.5'])
      expect(() => loadApiConfig({ API_TURN_CREDENTIAL_LIFETIME_S: bad })).toThrow(
        /API_TURN_CREDENTIAL_LIFETIME_S/,
      );
  });
});

describe('API_RETENTION_DAYS', () => {
  it('keeps personal data 90 days unless told a whole number of days from 1 to 3650', () => {
    expect(loadApiConfig({}).retentionDays).toBe(90);
    expect(loadApiConfig({ API_RETENTION_DAYS: '30' }).retentionDays).toBe(30);
    expect(loadApiConfig({ API_RETENTION_DAYS: '1' }).retentionDays).toBe(1);
  });

  it('fails start-up naming the variable and what is wrong with it', () => {
    const messages = ['0', '-7', '3651', '1.5', 'ninety', '90d'].map((bad) => {
      try {
        loadApiConfig({ API_RETENTION_DAYS: bad });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error(`API_RETENTION_DAYS=${bad} was accepted`);
    });
    expect(messages.slice(0, 4)).toEqual([
      'Invalid API configuration: API_RETENTION_DAYS: must be at least 1 day',
      'Invalid API configuration: API_RETENTION_DAYS: must be at least 1 day',
      'Invalid API configuration: API_RETENTION_DAYS: must be at most 3650 days (10 years)',
      'Invalid API configuration: API_RETENTION_DAYS: must be a whole number of days',
    ]);
    for (const message of messages.slice(4))
      expect(message).toMatch(/^Invalid API configuration: API_RETENTION_DAYS: /);
  });
});
