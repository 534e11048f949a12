import { describe, it } from 'vitest';
import { sipTrunkCallsTarget } from '../fuzz/targets/sip-trunk-calls.ts';
import { sipTrunkTcpTarget } from '../fuzz/targets/sip-trunk-tcp.ts';
import { sipTrunkUdpTarget } from '../fuzz/targets/sip-trunk-udp.ts';
import { expectShortFuzzRunClean } from '../support/fuzz/short-fuzz-run.ts';

// SIP arriving on the trunk side, from the PBX and from anyone else: datagrams, a TCP stream
// cut at random, and the answers and in-dialog requests of calls the gateway places. The long
// run is `npm run fuzz`.
describe('fuzzing SIP from the trunk side', () => {
  it('over UDP: answers the PBX, drops what others send, and still serves', async () => {
    await expectShortFuzzRunClean(sipTrunkUdpTarget, { seed: 3261, runs: 150 });
  });

  it('over TCP: answers what frames, drops the connection on what does not, and still serves', async () => {
    await expectShortFuzzRunClean(sipTrunkTcpTarget, { seed: 3261, runs: 60 });
  });

  it("in a call: handles the PBX's answers and requests, and the call ends once, classified", async () => {
    await expectShortFuzzRunClean(sipTrunkCallsTarget, { seed: 3261, runs: 100 });
  });
});
