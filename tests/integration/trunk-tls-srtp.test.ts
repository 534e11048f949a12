import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RtpPacket } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { stopProcess } from '../../infra/rig/processes.ts';
import { issueTestCertificate } from '../../infra/rig/test-ca.ts';
import { analyseTone, readWav } from '../../infra/rig/tone.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { holdWebCall } from '../support/caller/held-web-call.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import { decodeG711 } from '../support/media/g711.ts';
import { useRig } from '../support/rig/use-rig.ts';

// A contact center whose internal leg must be encrypted: kamailio accepts queue calls over TLS
// only (a certificate from a test CA made at run time), and the agent's baresip takes SRTP
// only (`mediaenc=srtp-mand`, SDES keys). The gateway trusts the test CA (MEDIA_TRUNK_CA_FILE)
// and offers SRTP (MEDIA_TRUNK_SRTP=sdes). baresip decrypts what it records and refuses plain
// RTP, so its recording of the visitor's tone shows the RTP toward it was SRTP with our key.
describe('the PBX leg over TLS with SRTP keyed by SDES', () => {
  const rig = useRig('trunk-tls-srtp');
  let stack: Stack;

  const mediaLogLines = () =>
    readFileSync(stack.gateway().logPath, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [
        { queue: 'support-en', codecs: ['PCMU'], srtp: true },
        // Its answers lose their a=crypto lines in kamailio (kamailio.cfg), as behind a
        // misconfigured border controller.
        { queue: 'no-keys', codecs: ['PCMU'], srtp: true },
      ],
      trunkTransport: 'tls',
      rebuildWidget: false,
      mediaEnv: { MEDIA_WORKERS: '1', MEDIA_TRUNK_SRTP: 'sdes' },
      editSites: (sites) => {
        allowCallsFromOneAddress(sites.sites.acme!, 1000);
        addQueueWithIntent(sites.sites.acme!, 'no-keys', 'Keys stripped');
      },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("connects the visitor to the agent over TLS and SRTP, with each hearing the other's tone", async () => {
    const agent = stack.agents.get('support-en')!;
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    const heard: RtpPacket[] = [];
    const call = await holdWebCall({
      gatewayUrl: stack.gatewayUrl,
      token: grant.callToken,
      peer: { onRtp: (packet) => heard.push(packet) },
    });
    try {
      // Three seconds of the agent's audio, decrypted by the gateway for the visitor.
      await call.hears(150);
      expect(analyseTone(decodeG711(heard, 'PCMU'), 1000).ratio, "agent's tone").toBeGreaterThan(
        0.8,
      );
      // The agent's answer as kamailio relayed it: SRTP, keyed on our offer's tag.
      const answer = await stack.kamailio.waitForSdpAnswer(grant.callId);
      expect(answer.sdp).toMatch(/^m=audio \d+ RTP\/SAVP 0/m);
      expect(answer.sdp).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\S{40}/m);
      // The agent hangs up: kamailio brings the BYE back over the gateway's TLS connection.
      await agent.hangup();
      expect((await call.remoteBye).endCode).toBe('agent_hung_up');
    } finally {
      await call.close();
    }
    await agent.waitForCallEvent(grant.callId, 'CALL_CLOSED');
    const received = (await agent.recordings()).filter((r) => r.direction === 'received').at(-1);
    expect(received, "the agent's recording").toBeDefined();
    expect(analyseTone(await readWav(received!.path), 440).ratio, "visitor's tone").toBeGreaterThan(
      0.8,
    );
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
    const ended = mediaLogLines().find(
      (line) => line.callId === grant.callId && line.msg === 'call ended',
    );
    expect(ended).toMatchObject({ reason: 'incompatible', cause: 'sdp_no_crypto' });
    expect(String(ended?.detail)).toMatch(/no a=crypto key, and this trunk requires SRTP/);
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
    const named = mediaLogLines().filter((line) =>
      /TLS certificate of \S+ refused \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/.test(JSON.stringify(line)),
    );
    expect(named.length, 'log lines naming the certificate problem').toBeGreaterThan(0);
    expect(JSON.stringify(named[0])).toContain(untrusted);
    // And the call's own end says why, for its record.
    const ended = mediaLogLines().find(
      (line) => line.callId === grant.callId && line.msg === 'trunk call ended',
    );
    expect(ended?.reason).toMatchObject({
      code: 'trunk_unreachable',
      cause: 'trunk_tls_certificate',
    });
    // Nothing reached the agent.
    expect(stack.agents.get('support-en')!.events.some((e) => e.id === grant.callId)).toBe(false);
  });
});
