import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { stopProcess } from '../../infra/rig/processes.ts';
import { sipOptionsPing } from '../../infra/rig/sip-ping.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { HealthSchema, type Health } from '../../protocol/health.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { kamailioDigestAuth } from '../support/sip/kamailio-digest-auth.ts';

// A PBX that wants the gateway registered as a trunk user (Asterisk, 3CX): kamailio as the
// registrar, challenging every REGISTER (401, SHA-256, qop=auth, its own user table) and
// refusing expiries under 20 s with 423 Min-Expires. The gateway asks for 10 s, so it must
// honour the 423, and refreshes at half the 20 s granted: the test waits for that refresh.
describe('the gateway registers with the PBX (MEDIA_TRUNK_REGISTER)', () => {
  const rig = useRig('trunk-registration');
  const trunkUser = 'gw-trunk';
  const password = randomBytes(12).toString('hex');
  const realm = 'pbx.test';
  const minExpiresS = 20;
  let stack: Stack;

  const credentialsFile = (name: string, secret: string) => {
    const path = join(rig.dir.workDir('secrets'), name);
    writeFileSync(path, JSON.stringify({ default: { username: trunkUser, password: secret } }), {
      mode: 0o600,
    });
    return path;
  };
  /** The REGISTERs kamailio took (past authentication), in order: the expiry each asked. */
  const registersTaken = () =>
    [
      ...readFileSync(stack.kamailio.process.logPath, 'utf8').matchAll(
        /rig-register user=(\S+) expires=(\d+)/g,
      ),
    ].map((m) => ({ user: m[1], expiresS: Number(m[2]) }));
  const readyz = async (): Promise<{ status: number; health: Health }> => {
    const response = await fetch(new URL('/readyz', stack.gatewayUrl.replace(/^ws/, 'http')));
    return { status: response.status, health: HealthSchema.parse(await response.json()) };
  };
  /** An OPTIONS for the trunk user's address: kamailio routes it to the registered contact. */
  const optionsToTrunkUser = () =>
    sipOptionsPing(stack.kamailio.port, stack.kamailio.host, 2_000, trunkUser);
  const mediaLogLines = () =>
    readFileSync(stack.gateway().logPath, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    const auth = kamailioDigestAuth({
      realm,
      algorithm: 'SHA-256',
      users: { [trunkUser]: password },
      dbDir: rig.dir.workDir('kamailio-users'),
      challenge: ['REGISTER'],
    });
    const registrarAnchor = 'modparam("registrar", "max_contacts", 0)\n';
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [],
      rebuildWidget: false,
      editKamailioConfig: (config) => {
        if (!config.includes(registrarAnchor)) throw new Error('kamailio.cfg changed: no anchor');
        return auth(config).replace(
          registrarAnchor,
          `${registrarAnchor}modparam("registrar", "min_expires", ${minExpiresS})\nmodparam("registrar", "min_expires_mode", 1)\n`,
        );
      },
      mediaEnv: {
        MEDIA_WORKERS: '1',
        MEDIA_TRUNK_CREDENTIALS_FILE: credentialsFile('right.json', password),
        MEDIA_TRUNK_REGISTER: 'true',
        MEDIA_TRUNK_REGISTER_USER: trunkUser,
        MEDIA_TRUNK_REGISTER_EXPIRES_S: '10',
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('registers (honouring Min-Expires), is reachable at its contact, and refreshes before expiry', async () => {
    // The stack waited for /readyz: with registration on, that means registered.
    const { status, health } = await readyz();
    expect(status).toBe(200);
    expect(health.trunkAddresses).toEqual([
      {
        pbx: 1,
        status: 'up',
        registration: 'registered',
      },
    ]);
    // The registrar knows where the trunk user is: the gateway answers an OPTIONS sent to it.
    expect(await optionsToTrunkUser()).toBe(200);
    // Asked 10 s, refused with 423, asked again for the Min-Expires; then the refresh at half
    // the 20 s granted, before the binding ends.
    await waitFor(async () => registersTaken().length >= 3, {
      timeoutMs: (minExpiresS / 2) * 1000 + 15_000,
      what: 'the registration refreshed',
    });
    expect(registersTaken().slice(0, 3)).toEqual([
      { user: trunkUser, expiresS: 10 },
      { user: trunkUser, expiresS: minExpiresS },
      { user: trunkUser, expiresS: minExpiresS },
    ]);
    expect(await optionsToTrunkUser()).toBe(200);
  });

  it('on shutdown it unregisters: the registrar no longer routes to it', async () => {
    await stopProcess(stack.gateway(), 10_000);
    expect(registersTaken().at(-1)).toEqual({ user: trunkUser, expiresS: 0 });
    expect(await optionsToTrunkUser()).toBe(404);
  });

  it('a wrong password: a warn line for the administrator, /readyz says not registered', async () => {
    const wrong = randomBytes(12).toString('hex');
    await stack.restartGateway(
      { MEDIA_TRUNK_CREDENTIALS_FILE: credentialsFile('wrong.json', wrong) },
      'alive',
    );
    const refused = () =>
      mediaLogLines().filter((line) => /refused the gateway's registration/.test(String(line.msg)));
    await expect
      .poll(refused, { timeout: 10_000 })
      .toEqual([
        expect.objectContaining({ level: 40, realm, username: trunkUser, sipStatus: 401 }),
      ]);
    expect(String(refused()[0]!.msg)).toMatch(/MEDIA_TRUNK_CREDENTIALS_FILE/);
    const { status, health } = await readyz();
    expect(status).toBe(503);
    expect(health.checks.sipTrunk).toBe('failed');
    expect(health.trunkAddresses).toEqual([
      {
        pbx: 1,
        status: 'down',
        registration: 'refused',
      },
    ]);
    expect(await optionsToTrunkUser()).toBe(404);
    // Never the password, nor a digest computed from it.
    const log = readFileSync(stack.gateway().logPath, 'utf8');
    expect(log).not.toContain(wrong);
    expect(log).not.toMatch(/response="[0-9a-f]{64}"/);
  });
});
