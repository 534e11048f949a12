import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startKamailioTrunk,
  type KamailioTrunk,
} from '../support/kamailio-trunk/kamailio-trunk.ts';
import {
  expectToneBothWays,
  expectWrongPasswordRefused,
} from '../support/kamailio-trunk/trunk-call-checks.ts';
import { useRig } from '../support/rig/use-rig.ts';

// Issue 18's acceptance in one run: a contact center whose proxy requires TLS of the gateway
// (a test CA made now) and authenticates it there: kamailio challenges every call with a 407
// (SHA-256, qop=auth) and checks the answer against its own user table (auth_db on db_text),
// so the digest is judged by kamailio's code, not ours, in front of an agent who takes SRTP
// only. The gateway's credentials for the site come from MEDIA_TRUNK_CREDENTIALS_FILE, made
// here with a password drawn for this run. Digest auth over UDP (401 and 407, MD5, SHA-256,
// stale nonces), against SIPp: sipp-pbx-digest-auth.test.ts.
describe('a PBX that requires TLS and challenges the gateway (digest authentication)', () => {
  const rig = useRig('trunk-tls-digest-auth');
  const auth = {
    realm: 'contact-center.test',
    algorithm: 'SHA-256' as const,
    username: 'gw-acme',
    password: randomBytes(12).toString('hex'),
  };
  let trunk: KamailioTrunk;

  beforeAll(async () => {
    trunk = await startKamailioTrunk(rig, {
      agents: [{ queue: 'support-en', codecs: ['PCMU'], srtp: true }],
      tls: true,
      srtp: true,
      auth,
    });
  });
  afterAll(async () => {
    await trunk?.stack.stop();
  });

  it("with the site's credentials the call goes through, each side hearing the other's tone", async () => {
    await expectToneBothWays(trunk, {
      during: async (grant) => {
        // The agent's answer, relayed by kamailio: SRTP, keyed on our offer's tag.
        const answer = await trunk.stack.kamailio.waitForSdpAnswer(grant.callId);
        expect(answer.sdp).toMatch(/^a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:\S{40}/m);
      },
    });
    // kamailio took a SHA-256 answer (64 hex digits), the algorithm it challenged with, on the
    // gateway's TLS connection.
    expect(readFileSync(trunk.stack.kamailio.process.logPath, 'utf8')).toMatch(
      /rig-auth-accepted proto=tls Digest username="gw-acme", realm="contact-center\.test", .*response="[0-9a-f]{64}", algorithm=SHA-256, cnonce="[0-9a-f]{32}", qop=auth, nc=00000001/,
    );
  });

  it('with a wrong password the visitor reads why, and the administrator a line naming realm and user', async () => {
    await expectWrongPasswordRefused(trunk, auth);
  });
});
