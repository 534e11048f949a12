import type { ServiceLogger } from '../core/sip-logger.ts';
import { FailoverCall } from './failover-call.ts';
import type { PbxRoute } from './failover-call.ts';
import { pbxLabel } from './pbx-addresses.ts';
import { startTrunkClient } from './trunk-client.ts';
import type { TrunkClient, TrunkClientOptions } from './trunk-client.ts';
import type { RegistrationState } from './trunk-registration.ts';
import type { TrunkAddress } from './trunk-transport.ts';

/** One PBX address's state, for /readyz. */
export interface PbxAddressHealth {
  /** Its place in the configured list, 1 first (protocol/health.ts says why not its address). */
  pbx: number;
  status: 'up' | 'down';
  /** With MEDIA_TRUNK_REGISTER: its registration (only `registered` is up). */
  registration?: RegistrationState;
}

export interface FailoverTrunkClient extends TrunkClient {
  /** Every address in priority order, each up or down by its own OPTIONS pings and calls. */
  addressHealth(): PbxAddressHealth[];
}

export interface FailoverTrunkOptions extends Omit<TrunkClientOptions, 'trunk'> {
  /** The PBX addresses in priority order (pbx-addresses.ts resolves the configured list). */
  addresses: readonly TrunkAddress[];
}

/**
 * The gateway's PBX leg over several addresses: one trunk client per address (its own socket,
 * SIP core and OPTIONS health, so one PBX's silence says nothing of another's), and each new
 * call on the first healthy address in order, moved on to the next when its INVITE goes
 * unanswered (failover-call.ts). With a single address it behaves as that address's client.
 */
export async function startFailoverTrunk(
  options: FailoverTrunkOptions,
  startClient: (options: TrunkClientOptions) => Promise<TrunkClient> = startTrunkClient,
): Promise<FailoverTrunkClient> {
  const { addresses, logger, ...shared } = options;
  if (addresses.length === 0) throw new Error('no PBX address to call through');
  const started = await Promise.allSettled(
    addresses.map((trunk) =>
      startClient({ ...shared, trunk, logger: taggedLogger(logger, pbxLabel(trunk)) }),
    ),
  );
  const clients = started.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(clients.map((client) => client.close()));
    throw failure.reason;
  }
  const routes: PbxRoute[] = clients.map((client, index) => ({
    label: pbxLabel(addresses[index]!),
    // Registration on, an address the gateway is not registered with is down for new calls:
    // its PBX would refuse them (or could not reach us), while another address takes them.
    get healthy() {
      return client.healthy && (client.registration ?? 'registered') === 'registered';
    },
    placeCall: (request, events) => client.placeCall(request, events),
  }));
  logger.info({ pbx: routes.map((route) => route.label) }, 'PBX addresses, in priority order');
  let lastChosen: string | undefined;

  return {
    placeCall(request, events) {
      const call = new FailoverCall(routes, request, events, logger);
      const chosen = routes[call.start()]?.label;
      // One line when new calls change address, not one per call.
      if (chosen !== lastChosen && routes.length > 1) {
        logger.info({ pbx: chosen, previous: lastChosen }, 'new calls go to this PBX address');
        lastChosen = chosen;
      }
      return call;
    },
    get healthy() {
      return routes.some((route) => route.healthy);
    },
    get droppedMessages() {
      return clients.reduce((sum, client) => sum + client.droppedMessages, 0);
    },
    addressHealth: () =>
      routes.map((route, index) => {
        const registration = clients[index]?.registration;
        return {
          pbx: index + 1,
          status: route.healthy ? 'up' : 'down',
          ...(registration ? { registration } : {}),
        };
      }),
    async close() {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

/** The client's own lines ("trunk is unreachable"...) name the address they are about. */
function taggedLogger(logger: ServiceLogger, pbx: string): ServiceLogger {
  return {
    info: (details, message) => logger.info({ pbx, ...details }, message),
    warn: (details, message) => logger.warn({ pbx, ...details }, message),
    error: (details, message) => logger.error({ pbx, ...details }, message),
    debug: (details, message) => logger.debug({ pbx, ...details }, message),
  };
}
