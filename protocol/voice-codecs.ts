/** The voice codecs the gateway carries end to end, by their SDP names (never transcoded). */
export const voiceCodecNames = ['opus', 'G722', 'PCMU', 'PCMA'] as const;
export type VoiceCodecName = (typeof voiceCodecNames)[number];
