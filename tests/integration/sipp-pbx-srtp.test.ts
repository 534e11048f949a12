import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRig } from '../support/rig/use-rig.ts';
import { startSippCallRig, type SippCallRig } from '../support/sipp/sipp-call-rig.ts';
import type { RtpEcho } from '../support/sipp/rtp-echo.ts';
import { sdesKeyOf } from '../support/media/srtp-phone-crypto.ts';

// SIPp as an SRTP trunk (SDES keys, RFC 4568) whose PBX moves the call's media mid-call with a
// re-INVITE naming a new port and a new key. The agents' phones are SRTP echoes, each with its
// own key: a phone echoes only what decrypts with the gateway's key, and the gateway passes on
// only what decrypts with the phone's, so the visitor hearing its own packets again proves both
// directions keyed right. SIPp here speaks no TLS: the keys travel over plain SIP, as a trunk
// inside a tunnel would (MEDIA_TRUNK_SRTP_KEYS_OVER_PLAIN_SIP).
describe('an SRTP trunk whose PBX moves and re-keys the media', () => {
  const rig = useRig('sipp-pbx-srtp');
  let calls: SippCallRig;

  beforeAll(async () => {
    calls = await startSippCallRig(rig, {
      mediaEnv: { MEDIA_TRUNK_SRTP: 'sdes', MEDIA_TRUNK_SRTP_KEYS_OVER_PLAIN_SIP: 'true' },
    });
  });
  afterAll(async () => {
    await calls?.close();
  });

  it('follows a re-INVITE with a new media port and a new key, audio both ways after it', async () => {
    const { visitor, pbx, phones, hangUpAndCheck } = await calls.call(
      'srtp-reinvite-new-port-and-key',
      { srtpPhones: true },
    );
    const [alice, bob] = phones as [RtpEcho, RtpEcho];
    expect((await visitor.answered()).agentName).toBe('Alice Agent');
    await Promise.all([visitor.hears(50), alice.more(50)]);

    // The call moves to Bob's phone, keyed anew: his echo decrypts what the gateway sends him,
    // and the visitor hears it back only if the gateway took his new key.
    pbx.cue();
    await visitor.toldAgent('Bob Agent');
    await bob.more(50);
    const aliceHeard = alice.received;
    await visitor.hears(50);
    await bob.more(50);
    expect(alice.received - aliceHeard, 'packets still reaching Alice').toBeLessThan(3);
    expect([alice.undecryptable, bob.undecryptable], 'packets not under our key').toEqual([0, 0]);

    // Our answer keeps our key (our address did not move, RFC 4568 7.1.4), on the PBX's tag.
    const offer = pbx.requests('INVITE')[0]!;
    const answer = await pbx.passed(
      'our answer to the re-INVITE',
      ({ from, message }) =>
        from === 'gateway' &&
        message.status === 200 &&
        /^2 INVITE/.test(message.header('cseq') ?? ''),
    );
    expect(sdesKeyOf(answer.body, 7)).toBe(sdesKeyOf(offer.body, 1));
    await hangUpAndCheck();
  });
});
