// A visitor's call, run as a process inside the rig's public network namespace (werift
// standing in for the browser): waits until the gateway answers on its public address, calls
// with the token it was given, talks for a while sending 440 Hz, records what it heard as a
// WAV and writes how the call went as JSON. Started by two-network-rig.ts's placeVisitorCall.
import { writeFile } from 'node:fs/promises';
import type { RtpPacket } from 'werift';
import { z } from 'zod';
import { waitUntilReady } from '../../../infra/dev/wait-until-ready.ts';
import { encodeWav } from '../../../infra/rig/wav.ts';
import { placeWebCall } from '../caller/web-caller.ts';
import { decodeG711 } from '../media/g711.ts';

/** What the rig hands the visitor, as JSON in the VISITOR_CALL environment variable. */
export const VisitorCallRequestSchema = z.strictObject({
  /** The gateway's public base URL (http://host:port): /readyz and /sip are under it. */
  gatewayBaseUrl: z.url(),
  token: z.string().min(1),
  talkMs: z.number().int().positive(),
  heardWavPath: z.string().min(1),
  resultPath: z.string().min(1),
});
export type VisitorCallRequest = z.infer<typeof VisitorCallRequestSchema>;

export interface VisitorCallResult {
  status: number;
  codec: string | undefined;
  sent: number;
  received: number;
}

const request = VisitorCallRequestSchema.parse(JSON.parse(process.env.VISITOR_CALL ?? 'null'));
await waitUntilReady(`${request.gatewayBaseUrl}/readyz`, 30_000);
const heard: RtpPacket[] = [];
const call = await placeWebCall({
  gatewayUrl: `${request.gatewayBaseUrl.replace(/^http/, 'ws')}/sip`,
  token: request.token,
  talkMs: request.talkMs,
  onRtp: (packet) => heard.push(packet),
});
if (call.codec === 'PCMU' || call.codec === 'PCMA') {
  const audio = decodeG711(heard, call.codec);
  await writeFile(request.heardWavPath, encodeWav(audio.samples, audio.sampleRate));
}
const result: VisitorCallResult = {
  status: call.status,
  codec: call.codec,
  sent: call.packets.sent,
  received: call.packets.received,
};
await writeFile(request.resultPath, JSON.stringify(result));
