/** An SDP the gateway cannot use; `code` is stable for metrics and the visitor's reason. */
export class SdpError extends Error {
  readonly code:
    | 'sdp_unparsable'
    | 'sdp_no_audio'
    | 'sdp_no_datachannel'
    | 'sdp_missing_ice'
    | 'sdp_missing_dtls'
    | 'sdp_no_common_codec';

  constructor(code: SdpError['code'], message: string) {
    super(message);
    this.name = 'SdpError';
    this.code = code;
  }
}
