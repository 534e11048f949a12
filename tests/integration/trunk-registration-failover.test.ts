import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { startKamailio, type Kamailio } from '../../infra/rig/kamailio.ts';
import { stopProcess } from '../../infra/rig/processes.ts';
import { waitFor } from '../../infra/rig/wait.ts';
import { HealthSchema, type Health } from '../../protocol/health.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { holdWebCall } from '../support/caller/held-web-call.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { kamailioDigestAuth } from '../support/sip/kamailio-digest-auth.ts';

// Two PBX addresses (MEDIA_TRUNK_HOSTS) that both want the gateway registered: the first
// refuses its password (another user table), the second, in front of the agents, takes it.
// What a user notices: /readyz says which address is registered, and the visitor's call is
// answered by an agent behind the second (the first has no agents: a call there would fail).
describe('registration decides which PBX address takes calls', () => {
  const rig = useRig('trunk-registration-failover');
  const trunkUser = 'gw-trunk';
  const password = randomBytes(12).toString('hex');
  const realm = 'pbx.test';
  let stack: Stack;
  let refusing: Kamailio;

  const registrar = (name: string, userPassword: string) =>
    kamailioDigestAuth({
      realm,
      algorithm: 'SHA-256',
      users: { [trunkUser]: userPassword },
      dbDir: rig.dir.workDir(`${name}-users`),
      challenge: ['REGISTER'],
    });
  const readyz = async (): Promise<{ status: number; health: Health }> => {
    const response = await fetch(new URL('/readyz', stack.gatewayUrl.replace(/^ws/, 'http')));
    return { status: response.status, health: HealthSchema.parse(await response.json()) };
  };

  beforeAll(async () => {
    const credentials = join(rig.dir.workDir('secrets'), 'trunk.json');
    writeFileSync(credentials, JSON.stringify({ default: { username: trunkUser, password } }), {
      mode: 0o600,
    });
    refusing = await startKamailio({
      processes: rig.processes,
      workDir: rig.dir.workDir('refusing-pbx'),
      editConfig: registrar('refusing', randomBytes(12).toString('hex')),
    });
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      editKamailioConfig: registrar('accepting', password),
      editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 100),
      mediaEnv: {
        MEDIA_WORKERS: '1',
        MEDIA_TRUNK_CREDENTIALS_FILE: credentials,
        MEDIA_TRUNK_REGISTER: 'true',
        MEDIA_TRUNK_REGISTER_USER: trunkUser,
      },
    });
    // Both addresses, the refusing one first (the stack's kamailio port is known only now).
    await stopProcess(stack.gateway());
    await stack.restartGateway({
      MEDIA_TRUNK_HOSTS: `${refusing.host}:${refusing.port},${stack.kamailio.host}:${stack.kamailio.port}`,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('the first refuses the registration: it is down, the registered second takes the call', async () => {
    const first = `${refusing.host}:${refusing.port}`;
    await waitFor(
      async () => (await readyz()).health.trunkAddresses?.[0]?.registration === 'refused',
      { timeoutMs: 10_000, what: `/readyz saying ${first} refused the registration` },
    );
    const { status, health } = await readyz();
    expect(status).toBe(200);
    expect(health.trunkAddresses).toEqual([
      { pbx: 1, status: 'down', registration: 'refused' },
      { pbx: 2, status: 'up', registration: 'registered' },
    ]);

    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    const call = await holdWebCall({ gatewayUrl: stack.gatewayUrl, token: grant.callToken });
    try {
      // The agent's tone: the call reached the agents behind the second address.
      await call.hears(100);
      expect(await call.hangUp()).toBe(200);
    } finally {
      await call.close();
    }
  });
});
