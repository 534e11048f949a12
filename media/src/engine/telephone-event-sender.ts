import { dtmfEventCode, telephoneEventPayload } from './telephone-event.ts';

export interface OutgoingStreamState {
  /** SSRC, last sequence number and timestamp of the audio going to the PBX. */
  ssrc: number;
  sequence: number;
  timestamp: number;
}

export interface TelephoneEventSenderOptions {
  payloadType: number;
  /** Clock of the events' durations (8000 for most PBXs, even next to Opus). */
  clockRate: number;
  /** Sends one RTP packet into the PBX-bound stream; returns the sequence number it used. */
  send(build: (sequence: number) => Buffer): void;
  current(): OutgoingStreamState | undefined;
}

const packetMs = 20;

/**
 * Plays DTMF keys into the PBX-bound RTP stream as RFC 4733 events: a packet every 20 ms with
 * the growing duration, the first one marked, then three end packets, all with the stream's
 * SSRC and the event's start timestamp. mediasoup does not forward telephone-event, so the
 * gateway generates them itself from the visitor's SIP INFO.
 */
export function telephoneEventSender(options: TelephoneEventSenderOptions) {
  let queue = Promise.resolve();
  const playKey = async (event: number, durationMs: number) => {
    const stream = options.current();
    if (!stream) return;
    const ticksPerMs = options.clockRate / 1000;
    const steps = Math.max(1, Math.round(durationMs / packetMs));
    for (let step = 1; step <= steps + 3; step++) {
      const end = step > steps;
      const duration = Math.min(step, steps) * packetMs * ticksPerMs;
      options.send((sequence) =>
        rtpPacket(
          stream.ssrc,
          options.payloadType,
          sequence,
          stream.timestamp,
          step === 1,
          telephoneEventPayload(event, end, duration),
        ),
      );
      if (!end) await new Promise((resolve) => setTimeout(resolve, packetMs));
    }
    // The gap between keys a PBX needs to tell "44" from a long "4".
    await new Promise((resolve) => setTimeout(resolve, 60));
  };
  return {
    /** Queues `keys`; false when one of them is not a DTMF key (nothing is sent then). */
    sendKeys(keys: string, durationMs = 120): boolean {
      const events = [...keys].map(dtmfEventCode);
      if (events.some((event) => event === undefined)) return false;
      for (const event of events) queue = queue.then(() => playKey(event as number, durationMs));
      return true;
    },
  };
}

function rtpPacket(
  ssrc: number,
  payloadType: number,
  sequence: number,
  timestamp: number,
  marker: boolean,
  payload: Buffer,
): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 0x80;
  header[1] = (marker ? 0x80 : 0) | payloadType;
  header.writeUInt16BE(sequence & 0xffff, 2);
  header.writeUInt32BE(timestamp >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  return Buffer.concat([header, payload]);
}
