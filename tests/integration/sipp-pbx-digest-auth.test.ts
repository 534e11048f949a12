import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRig } from '../support/rig/use-rig.ts';
import { startSippCallRig, type SippCallRig } from '../support/sipp/sipp-call-rig.ts';

// SIPp as a PBX (or the proxy before it) that authenticates the gateway's trunk: a 401 whose
// answer SIPp checks with the site's password (MD5, RFC 2617 qop=auth), on the INVITE and on
// the BYE; a 407 offering SHA-256 beside MD5, then calling its nonce stale (RFC 7616, 8760).
// The gateway's credentials come from MEDIA_TRUNK_CREDENTIALS_FILE, with a password drawn
// for this run. The PBX's media goes to an echo, so the visitor hearing itself is both ways.
describe('a PBX that challenges the gateway', () => {
  const rig = useRig('sipp-pbx-digest-auth');
  const username = 'gw-acme';
  const password = randomBytes(12).toString('hex');
  let calls: SippCallRig;

  beforeAll(async () => {
    const credentials = join(rig.dir.workDir('secrets'), 'trunk-credentials.json');
    writeFileSync(credentials, JSON.stringify({ sites: { acme: { username, password } } }), {
      mode: 0o600,
    });
    calls = await startSippCallRig(rig, {
      mediaEnv: { MEDIA_TRUNK_CREDENTIALS_FILE: credentials },
    });
  });
  afterAll(async () => {
    await calls?.close();
  });

  it('401 (MD5, qop=auth): the INVITE comes again with credentials SIPp accepts, audio both ways, the BYE too', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('digest-challenge-401', {
      phones: 1,
      keys: { username, password },
    });
    await visitor.answered();
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);

    // RFC 3261 22.2: the same Call-ID and From tag, a new CSeq; the ACK of the 200 repeats
    // the INVITE's credentials (13.2.2.4).
    const [first, second] = pbx.requests('INVITE');
    expect(first!.header('authorization')).toBeUndefined();
    expect(second!.header('call-id')).toBe(first!.header('call-id'));
    expect(second!.header('from')).toBe(first!.header('from'));
    expect(second!.header('cseq')).toBe('2 INVITE');
    expect(second!.header('authorization')).toMatch(
      /^Digest username="gw-acme", realm="pbx\.test", .*algorithm=MD5, cnonce="[0-9a-f]{32}", qop=auth, nc=00000001, opaque="op-\d+"$/,
    );
    const ackOfAnswer = await pbx.passed(
      'the ACK of the 200',
      ({ from, message }) => from === 'gateway' && message.header('cseq') === '2 ACK',
    );
    expect(ackOfAnswer.header('authorization')).toBe(second!.header('authorization'));

    await hangUpAndCheck();
    const [bye, byeAgain] = pbx.requests('BYE');
    expect(bye!.header('authorization')).toBeUndefined();
    expect(byeAgain!.header('authorization')).toMatch(/^Digest username="gw-acme"/);
  });

  it('407 with SHA-256 and MD5 offered, then stale: SHA-256 answered, then the new nonce, audio both ways', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call('digest-challenge-407', {
      phones: 1,
    });
    await visitor.answered();
    await Promise.all([visitor.hears(50), phones[0]!.more(50)]);
    const invites = pbx.requests('INVITE');
    expect(invites.map((invite) => invite.header('cseq'))).toEqual([
      '1 INVITE',
      '2 INVITE',
      '3 INVITE',
    ]);
    expect(new Set(invites.map((invite) => invite.header('from'))).size).toBe(1);
    expect(invites[2]!.header('proxy-authorization')).toMatch(
      /^Digest username="gw-acme", realm="proxy\.test", nonce="fresh-\d+", .*algorithm=SHA-256/,
    );
    await hangUpAndCheck();
  });
});
