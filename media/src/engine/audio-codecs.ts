import type { types } from 'mediasoup';

/**
 * The audio codecs the gateway's routers carry. mediasoup forwards them as they are and never
 * transcodes, so the browser leg is answered with the codec the PBX leg chose.
 */
export const gatewayAudioCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'audio', mimeType: 'audio/G722', clockRate: 8000, preferredPayloadType: 9 },
  { kind: 'audio', mimeType: 'audio/PCMU', clockRate: 8000, preferredPayloadType: 0 },
  { kind: 'audio', mimeType: 'audio/PCMA', clockRate: 8000, preferredPayloadType: 8 },
  { kind: 'audio', mimeType: 'audio/telephone-event', clockRate: 8000 },
  { kind: 'audio', mimeType: 'audio/telephone-event', clockRate: 48000 },
];
