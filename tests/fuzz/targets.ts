import type { FuzzTarget } from './fuzz-target.ts';
import { apiRoutesTarget } from './targets/api-routes.ts';
import { postMessageTarget } from './targets/post-message.ts';
import { sdpOfferAnswerTarget } from './targets/sdp-offer-answer.ts';
import { sipTrunkCallsTarget } from './targets/sip-trunk-calls.ts';
import { sipTrunkTcpTarget } from './targets/sip-trunk-tcp.ts';
import { sipTrunkUdpTarget } from './targets/sip-trunk-udp.ts';
import { sipWebSocketTarget } from './targets/sip-websocket.ts';
import { sitesFileTarget } from './targets/sites-file.ts';

/** Every external input the product takes, fuzzed through its real entry point. */
export const fuzzTargets: readonly FuzzTarget[] = [
  sipWebSocketTarget,
  sipTrunkUdpTarget,
  sipTrunkTcpTarget,
  sipTrunkCallsTarget,
  sdpOfferAnswerTarget,
  apiRoutesTarget,
  sitesFileTarget,
  postMessageTarget,
];
