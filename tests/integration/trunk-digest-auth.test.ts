import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RtpPacket } from 'werift';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { stopProcess } from '../../infra/rig/processes.ts';
import { analyseTone, readWav } from '../../infra/rig/tone.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { holdWebCall } from '../support/caller/held-web-call.ts';
import { placeWebCall } from '../support/caller/web-caller.ts';
import { decodeG711 } from '../support/media/g711.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { kamailioDigestAuth } from '../support/sip/kamailio-digest-auth.ts';

// A contact center whose proxy authenticates the gateway (issue 18's acceptance): kamailio
// challenges every INVITE with a 407 (SHA-256, qop=auth) and checks the answer against its
// own user table (auth_db on db_text), so the digest is judged by kamailio's code, not ours.
// The gateway's credentials for the site come from MEDIA_TRUNK_CREDENTIALS_FILE, made here
// with a password drawn for this run.
describe('a PBX that challenges the gateway (digest authentication)', () => {
  const rig = useRig('trunk-digest-auth');
  const username = 'gw-acme';
  const password = randomBytes(12).toString('hex');
  let stack: Stack;

  const credentialsFile = (name: string, secret: string) => {
    const path = join(rig.dir.workDir('secrets'), name);
    writeFileSync(path, JSON.stringify({ sites: { acme: { username, password: secret } } }), {
      mode: 0o600,
    });
    return path;
  };
  const mediaLogLines = () =>
    readFileSync(stack.gateway().logPath, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{') && line.endsWith('}')) // whole lines only
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    stack = await startStack({
      processes: rig.processes,
      workDir: rig.dir.workDir('stack'),
      agents: [{ queue: 'support-en', codecs: ['PCMU'] }],
      rebuildWidget: false,
      editKamailioConfig: kamailioDigestAuth({
        realm: 'contact-center.test',
        algorithm: 'SHA-256',
        users: { [username]: password },
        dbDir: rig.dir.workDir('kamailio-users'),
      }),
      mediaEnv: {
        MEDIA_WORKERS: '1',
        MEDIA_TRUNK_CREDENTIALS_FILE: credentialsFile('right.json', password),
      },
      editSites: (sites) => allowCallsFromOneAddress(sites.sites.acme!, 1000),
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("with the site's credentials the call goes through, each side hearing the other's tone", async () => {
    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    const heard: RtpPacket[] = [];
    const call = await holdWebCall({
      gatewayUrl: stack.gatewayUrl,
      token: grant.callToken,
      peer: { onRtp: (packet) => heard.push(packet) },
    });
    try {
      await call.hears(150);
      expect(analyseTone(decodeG711(heard, 'PCMU'), 1000).ratio, "agent's tone").toBeGreaterThan(
        0.8,
      );
      expect(await call.hangUp()).toBe(200);
    } finally {
      await call.close();
    }
    // kamailio accepted a SHA-256 answer (64 hex digits), the algorithm it challenged with.
    expect(readFileSync(stack.kamailio.process.logPath, 'utf8')).toMatch(
      /rig-auth-accepted Digest username="gw-acme", realm="contact-center\.test", .*response="[0-9a-f]{64}", algorithm=SHA-256, cnonce="[0-9a-f]{32}", qop=auth, nc=00000001/,
    );
    const agent = stack.agents.get('support-en')!;
    await agent.waitForCallEvent(grant.callId, 'CALL_CLOSED');
    const received = (await agent.recordings()).filter((r) => r.direction === 'received').at(-1);
    expect(received, "the agent's recording").toBeDefined();
    expect(analyseTone(await readWav(received!.path), 440).ratio, "visitor's tone").toBeGreaterThan(
      0.8,
    );
  });

  it('with a wrong password the visitor reads why, and the administrator a line naming realm and user', async () => {
    const wrong = randomBytes(12).toString('hex');
    await stopProcess(stack.gateway());
    await stack.restartGateway({
      MEDIA_TRUNK_CREDENTIALS_FILE: credentialsFile('wrong.json', wrong),
    });

    const grant = await requestCallGrant({ apiUrl: stack.apiUrl });
    const placed = await placeWebCall({ gatewayUrl: stack.gatewayUrl, token: grant.callToken });
    // The gateway's Reason header to the browser names the code the widget has a sentence for.
    expect(placed).toMatchObject({ status: 502, endCode: 'trunk_auth_failed' });
    // The log reaches its file a moment after the refusal reaches the browser.
    const refused = () =>
      mediaLogLines().filter((line) =>
        /refused the gateway's trunk credentials/.test(String(line.msg)),
      );
    await expect.poll(refused, { timeout: 10_000 }).toEqual([
      expect.objectContaining({
        level: 40,
        callId: grant.callId,
        site: 'acme',
        realm: 'contact-center.test',
        username,
        sipStatus: 407,
      }),
    ]);
    // Never the password, nor a digest computed from it.
    const log = readFileSync(stack.gateway().logPath, 'utf8');
    expect(log).not.toContain(wrong);
    expect(log).not.toMatch(/response="[0-9a-f]{64}"/);
  });
});
