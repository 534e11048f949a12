import { describe, expect, it } from 'vitest';
import type { RtpPacket } from 'werift';
import type { CallWindow } from '../support/browser/webrtc-offer.ts';
import { answeredCall } from '../support/media/answered-call.ts';
import { useEngineTestBed } from '../support/media/engine-test-bed.ts';

// Keypad digits reach the PBX as RFC 4733 telephone-event packets, on G.711 calls (events at
// 8000 Hz, PT 126) and Opus calls (48000 Hz, PT 110), on both paths: the browser's own
// RTCDTMFSender, whose packets the worker forwards inside the call's audio stream, and SIP
// INFO (JsSIP's default, browsers without a DTMF sender), which the gateway plays into the
// same stream.
describe('DTMF toward the PBX', () => {
  const bed = useEngineTestBed('call-media-dtmf');

  const calls = [
    { codec: 'PCMU', audioPt: 0, eventPt: 126, clockRate: 8000 },
    { codec: 'opus', audioPt: 111, eventPt: 110, clockRate: 48000 },
  ] as const;
  const keyOf = (packet: RtpPacket) => packet.payload[0];
  const ended = (packet: RtpPacket) => ((packet.payload[1] ?? 0) & 0x80) !== 0;

  it.each(calls)("forwards the browser's own events in its audio stream ($codec)", async (c) => {
    const events = (packets: RtpPacket[]) =>
      packets.filter((packet) => packet.header.payloadType === c.eventPt);
    const call = await answeredCall(bed, 30_000, { codec: c.codec });
    try {
      await call.pbx.receiver.waitFor(25, 10_000);
      const inserted = await call.page.evaluate(() => {
        const sender = (window as unknown as CallWindow).pc.getSenders()[0];
        if (!sender?.dtmf?.canInsertDTMF) return false;
        sender.dtmf.insertDTMF('5', 100);
        return true;
      });
      expect(inserted).toBe(true);
      await expect
        .poll(() => events(call.pbx.receiver.packets).filter(ended).length, { timeout: 5000 })
        .toBeGreaterThan(0);
      const keys = events(call.pbx.receiver.packets);
      expect(new Set(keys.map(keyOf))).toEqual(new Set([5]));
      const audio = call.pbx.receiver.packets.find(
        (packet) => packet.header.payloadType === c.audioPt,
      );
      expect(new Set(keys.map((packet) => packet.header.ssrc))).toEqual(
        new Set([audio?.header.ssrc]),
      );
    } finally {
      await call.close();
    }
  });

  it.each(calls)(
    'plays the keys of a SIP INFO as events, one after the other ($codec)',
    async (c) => {
      const events = (packets: RtpPacket[]) =>
        packets.filter((packet) => packet.header.payloadType === c.eventPt);
      const call = await answeredCall(bed, 30_000, { codec: c.codec });
      try {
        await call.pbx.receiver.waitFor(25, 10_000);
        expect(call.media.sendDtmf('7#')).toBe(true);
        expect(call.media.sendDtmf('x')).toBe(false);
        // Three end packets per key (RFC 4733 2.5.1.4).
        await expect
          .poll(() => events(call.pbx.receiver.packets).filter(ended).length, { timeout: 5000 })
          .toBe(6);
        const keys = events(call.pbx.receiver.packets);
        expect([...new Set(keys.map(keyOf))]).toEqual([7, 11]);
        // Each key starts marked and keeps its start timestamp; durations grow to 120 ms.
        const seven = keys.filter((packet) => keyOf(packet) === 7);
        expect(seven[0]?.header.marker).toBe(true);
        expect(new Set(seven.map((packet) => packet.header.timestamp)).size).toBe(1);
        const durations = seven.map((packet) => packet.payload.readUInt16BE(2));
        expect(durations.at(-1)).toBe((120 * c.clockRate) / 1000);
        expect(durations).toEqual([...durations].sort((a, b) => a - b));
        // The events join the call's audio stream, as a PBX expects (RFC 4733 2.1; baresip
        // and Asterisk flush their jitter buffer on an SSRC change, losing the key): the
        // audio's SSRC, sequence numbers running on without a gap or a repeat, and each key
        // timed where the audio stood when it was pressed.
        const all = call.pbx.receiver.packets;
        const from = all.indexOf(keys[0] as RtpPacket);
        const to = all.indexOf(keys.at(-1) as RtpPacket);
        const around = all.slice(from - 5, to + 5);
        expect(new Set(around.map((packet) => packet.header.ssrc)).size).toBe(1);
        const steps = around
          .slice(1)
          .map(
            (packet, index) =>
              (packet.header.sequenceNumber - (around[index] as RtpPacket).header.sequenceNumber) &
              0xffff,
          );
        expect(new Set(steps)).toEqual(new Set([1]));
        const audioBefore = all
          .slice(0, from)
          .findLast((packet) => packet.header.payloadType === c.audioPt) as RtpPacket;
        const lead = (keys[0]!.header.timestamp - audioBefore.header.timestamp) >>> 0;
        expect(lead).toBeLessThanOrEqual((100 * c.clockRate) / 1000);
      } finally {
        await call.close();
      }
    },
  );
});
