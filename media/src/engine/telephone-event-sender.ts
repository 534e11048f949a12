import { randomInt } from 'node:crypto';
import type { types } from 'mediasoup';
import { dtmfEventCode, telephoneEventPayload } from './telephone-event.ts';

export interface InjectedEventCodecs {
  /** The router's voice codec (a producer needs one) and its telephone-event at the same clock. */
  voice: types.RtpCodecParameters;
  telephoneEvent: types.RtpCodecParameters;
}

const packetMs = 20;

/**
 * Plays DTMF keys to the PBX as RFC 4733 events for callers that send them as SIP INFO
 * (`application/dtmf-relay`: JsSIP's default, and browsers without an RTCDTMFSender). A
 * browser that negotiated telephone-event sends its own events in its audio stream, which
 * the worker forwards as they are; these come from a DirectTransport producer consumed on the
 * PBX's transport, made on the first key, so a call without keys costs nothing. The worker
 * (patch 0001, `acceptAnySsrc`) sends them inside the call's audio stream toward the PBX: its
 * SSRC, the next sequence numbers, a timestamp where the audio stands; a PBX loses events on an
 * SSRC of their own. Each key: a packet every 20 ms with the growing duration, the first one
 * marked, then three end packets, all with the event's start timestamp.
 */
export function telephoneEventSender(
  router: types.Router,
  toPbx: types.PlainTransport,
  codecs: InjectedEventCodecs,
) {
  const ssrc = randomInt(1, 2 ** 32 - 1);
  const ticksPerMs = codecs.telephoneEvent.clockRate / 1000;
  let sequence = randomInt(0, 0x10000);
  let producer: Promise<types.Producer> | undefined;
  const openProducer = async () => {
    const direct = await router.createDirectTransport();
    const made = await direct.produce({
      kind: 'audio',
      rtpParameters: { codecs: [codecs.voice, codecs.telephoneEvent], encodings: [{ ssrc }] },
    });
    await toPbx.consume({ producerId: made.id, rtpCapabilities: router.rtpCapabilities });
    return made;
  };

  const playKey = async (event: number, durationMs: number) => {
    producer ??= openProducer();
    const stream = await producer;
    const timestamp = Math.round(performance.now() * ticksPerMs) >>> 0;
    const steps = Math.max(1, Math.round(durationMs / packetMs));
    for (let step = 1; step <= steps + 3; step++) {
      const end = step > steps;
      const duration = Math.min(step, steps) * packetMs * ticksPerMs;
      sequence = (sequence + 1) & 0xffff;
      // A call closed while keys were queued: its producer is closed with the router.
      if (stream.closed) return;
      stream.send(
        rtpPacket({
          ssrc,
          payloadType: codecs.telephoneEvent.payloadType,
          sequence,
          timestamp,
          marker: step === 1,
          payload: telephoneEventPayload(event, end, duration),
        }),
      );
      if (!end) await new Promise((resolve) => setTimeout(resolve, packetMs));
    }
    // The gap between keys a PBX needs to tell "44" from a long "4".
    await new Promise((resolve) => setTimeout(resolve, 60));
  };

  let queue = Promise.resolve();
  return {
    /** Queues `keys`; false when one of them is not a DTMF key (nothing is sent then). */
    sendKeys(keys: string, durationMs = 120): boolean {
      const events = [...keys].map(dtmfEventCode);
      if (events.some((event) => event === undefined)) return false;
      for (const event of events)
        queue = queue.then(() => playKey(event as number, durationMs)).catch(() => undefined);
      return true;
    },
  };
}

function rtpPacket(fields: {
  ssrc: number;
  payloadType: number;
  sequence: number;
  timestamp: number;
  marker: boolean;
  payload: Buffer;
}): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (fields.marker ? 0x80 : 0) | fields.payloadType;
  header.writeUInt16BE(fields.sequence & 0xffff, 2);
  header.writeUInt32BE(fields.timestamp >>> 0, 4);
  header.writeUInt32BE(fields.ssrc >>> 0, 8);
  return Buffer.concat([header, fields.payload]);
}
