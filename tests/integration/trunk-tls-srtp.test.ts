import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addQueueWithIntent } from '../../infra/dev/site-edits.ts';
import { stopProcess } from '../../infra/rig/processes.ts';
import { issueTestCertificate } from '../../infra/rig/test-ca.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import {
  startKamailioTrunk,
  type KamailioTrunk,
} from '../support/kamailio-trunk/kamailio-trunk.ts';
import { expectToneBothWays } from '../support/kamailio-trunk/trunk-call-checks.ts';
import { useRig } from '../support/rig/use-rig.ts';

// A contact center whose internal leg must be encrypted: kamailio accepts queue calls over TLS
// only (a certificate from a test CA made at run time), and the agent's baresip takes SRTP
// only (`mediaenc=srtp-mand`, SDES keys). The gateway trusts the test CA (MEDIA_TRUNK_CA_FILE)
// and offers SRTP (MEDIA_TRUNK_SRTP=sdes). baresip decrypts what it records and refuses plain
// RTP, so its recording of the visitor's tone shows the RTP toward it was SRTP with our key.
// With kamailio also challenging the gateway (digest auth): trunk-tls-digest-auth.test.ts.
describe('the PBX leg over TLS with SRTP keyed by SDES', () => {
  const rig = useRig('trunk-tls-srtp');
  let trunk: KamailioTrunk;
  let stack: KamailioTrunk['stack'];

  beforeAll(async () => {
    trunk = await startKamailioTrunk(rig, {
      agents: [
        { queue: 'support-en', codecs: ['PCMU'], srtp: true },
        // Its answers lose their a=crypto lines in kamailio (kamailio.cfg), as behind a
        // misconfigured border controller.
        { queue: 'no-keys', codecs: ['PCMU'], srtp: true },
      ],
      tls: true,
      srtp: true,
      editSites: (sites) => addQueueWithIntent(sites.sites.acme!, 'no-keys', 'Keys stripped'),
    });
    stack = trunk.stack;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("connects the visitor to the agent over TLS and SRTP, with each hearing the other's tone", async () => {
    await expectToneBothWays(trunk, {
      during: async (grant) => {
        // The agent's answer as kamailio relayed it: SRTP, keyed on our offer's tag.
        const answer = await stack.kamailio.waitForSdpAnswer(grant.callId);
        expect(answer.sdp).toMatch(/^m=audio \d+ RTP\/SAVP 0/m);
        expect(answer.sdp).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\S{40}/m);
      },
      // The agent hangs up: kamailio brings the BYE back over the gateway's TLS connection.
      hangUp: 'agent',
    });
  });

  it('ends the call as incompatible when the answer carries no SRTP key', async () => {
    const grant = await requestCallGrant({
      apiUrl: stack.apiUrl,
      routing: { intent: 'no-keys', language: 'en', country: 'US' },
    });
    const placed = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token: grant.callToken });
    expect(placed).toMatchObject({ status: 488, endCode: 'incompatible' });
    // The agent did answer, with SRTP; what reached the gateway had no key left.
    const answer = await stack.kamailio.waitForSdpAnswer(grant.callId);
    expect(answer.sdp).toMatch(/^m=audio \d+ RTP\/SAVP 0/m);
    // The log reaches its file a moment after the refusal reaches the browser.
    const ended = await vi.waitFor(() => {
      const line = trunk
        .mediaLogLines()
        .find((entry) => entry.callId === grant.callId && entry.msg === 'call ended');
      if (!line) throw new Error("no 'call ended' line for the call in the gateway's log yet");
      return line;
    });
    expect(ended).toMatchObject({ reason: 'incompatible', cause: 'sdp_no_crypto' });
    expect(String(ended.detail)).toMatch(/no a=crypto key, and this trunk requires SRTP/);
    // And the agent's phone, which had answered, was hung up at once.
    await stack.agents.get('no-keys')!.waitForCallEvent(grant.callId, 'CALL_CLOSED');
  });

  it('fails the call when the CA file does not trust the PBX, logging the certificate problem', async () => {
    const elsewhere = join(rig.dir.workDir('stack'), 'another-ca');
    mkdirSync(elsewhere, { recursive: true });
    const untrusted = issueTestCertificate(elsewhere, '127.0.0.1').caFile;
    await stopProcess(stack.gateway());
    await stack.restartGateway({ MEDIA_TRUNK_CA_FILE: untrusted }, 'alive');
    // Not ready while its PBX is out of reach: an orchestrator sends it no visitors.
    const readiness = () => fetch(new URL('/readyz', stack.gatewayUrl.replace(/^ws/, 'http')));
    await expect.poll(async () => (await readiness()).status).toBe(503);

    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    const placed = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token: grant.callToken });
    expect(placed.status).not.toBe(200);
    expect(placed.endCode).toBe('trunk_unreachable');
    const named = trunk
      .mediaLogLines()
      .filter((line) =>
        /TLS certificate of \S+ refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/.test(
          JSON.stringify(line),
        ),
      );
    expect(named.length, 'log lines naming the certificate problem').toBeGreaterThan(0);
    expect(JSON.stringify(named[0])).toContain(untrusted);
    // And the call's own end says why, for its record (logged a moment after the refusal).
    const ended = await vi.waitFor(() => {
      const line = trunk
        .mediaLogLines()
        .find((entry) => entry.callId === grant.callId && entry.msg === 'trunk call ended');
      if (!line)
        throw new Error("no 'trunk call ended' line for the call in the gateway's log yet");
      return line;
    });
    expect(ended.reason).toMatchObject({
      code: 'trunk_unreachable',
      cause: 'trunk_tls_certificate',
    });
    // Nothing reached the agent.
    expect(stack.agents.get('support-en')!.events.some((e) => e.id === grant.callId)).toBe(false);
  });
});
