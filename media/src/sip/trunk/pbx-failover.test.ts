import { describe, expect, it } from 'vitest';
import { startFailoverTrunk } from './pbx-failover.ts';
import type { TrunkClient, TrunkClientOptions } from './trunk-client.ts';
import type { RegistrationState } from './trunk-registration.ts';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const request = {
  callId: 'c1',
  target: 'sip:q@pbx',
  callerDisplayName: 'V',
  headers: {},
  sdpOffer: '',
};
const noEvents = {
  onRinging() {},
  onEarlyMedia() {},
  onAnswered() {},
  onAgentName() {},
  onEnded() {},
} as never;

/** Fake clients, one per address, each answering OPTIONS and with the registration given. */
function fakeClients(registrations: (RegistrationState | undefined)[], invited: string[]) {
  let index = 0;
  return async (options: TrunkClientOptions): Promise<TrunkClient> => {
    const registration = registrations[index++];
    return {
      healthy: true,
      ...(registration ? { registration } : {}),
      droppedMessages: 0,
      placeCall() {
        invited.push(`${options.trunk.host}:${options.trunk.port}`);
        return { hangUp() {} };
      },
      close: async () => undefined,
    };
  };
}

const addresses = [
  { host: '10.0.0.5', port: 5060, transport: 'udp' as const },
  { host: '10.0.0.6', port: 5060, transport: 'udp' as const },
];

describe('PBX failover with registration', () => {
  it("the first address refused the gateway's registration: new calls go to the registered second", async () => {
    const invited: string[] = [];
    const trunk = await startFailoverTrunk(
      { addresses, bindIp: '10.0.0.9', logger: quiet },
      fakeClients(['refused', 'registered'], invited),
    );
    trunk.placeCall(request, noEvents);
    expect(invited).toEqual(['10.0.0.6:5060']);
    expect(trunk.healthy).toBe(true);
    expect(trunk.addressHealth()).toEqual([
      { pbx: 1, status: 'down', registration: 'refused' },
      { pbx: 2, status: 'up', registration: 'registered' },
    ]);
  });

  it('no address registered: not healthy (readiness fails), the call still tries the first', async () => {
    const invited: string[] = [];
    const trunk = await startFailoverTrunk(
      { addresses, bindIp: '10.0.0.9', logger: quiet },
      fakeClients(['failed', 'registering'], invited),
    );
    expect(trunk.healthy).toBe(false);
    trunk.placeCall(request, noEvents);
    expect(invited).toEqual(['10.0.0.5:5060']);
  });

  it('registration off: addresses are up by OPTIONS alone and /readyz names no registration', async () => {
    const trunk = await startFailoverTrunk(
      { addresses, bindIp: '10.0.0.9', logger: quiet },
      fakeClients([undefined, undefined], []),
    );
    expect(trunk.addressHealth()).toEqual([
      { pbx: 1, status: 'up' },
      { pbx: 2, status: 'up' },
    ]);
  });
});
