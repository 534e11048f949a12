import type { CallEndingError, CallEndReason } from '../../../../protocol/call-end-reason.ts';

/** An SDP the gateway cannot use; `code` is stable for metrics and the visitor's reason. */
export class SdpError extends Error implements CallEndingError {
  readonly code:
    | 'sdp_unparsable'
    | 'sdp_no_audio'
    | 'sdp_no_datachannel'
    | 'sdp_missing_ice'
    | 'sdp_missing_dtls'
    | 'sdp_no_common_codec'
    /** SRTP is required toward the PBX (MEDIA_TRUNK_SRTP=sdes) and its SDP has no usable key. */
    | 'sdp_no_crypto';

  constructor(code: SdpError['code'], message: string) {
    super(message);
    this.name = 'SdpError';
    this.code = code;
  }

  /** Either side's SDP being unusable means the two ends cannot agree on audio (488). */
  get endReason(): CallEndReason {
    return { code: 'incompatible', sipStatus: 488, cause: this.code, detail: this.message };
  }
}
