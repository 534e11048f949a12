import { promises as dns } from 'node:dns';
import type { SrvRecord } from 'node:dns';
import { isIpLiteral } from '../../../../protocol/config/trunk-address-list.ts';
import type { TrunkHostEntry } from '../../../../protocol/config/trunk-address-list.ts';
import type { ServiceLogger } from '../core/sip-logger.ts';
import type { TrunkAddress } from './trunk-transport.ts';

/** The DNS queries the list needs: injected so tests answer them without a DNS server. */
export interface PbxResolver {
  resolveSrv(name: string): Promise<SrvRecord[]>;
  /** Every address of a name (A and AAAA). */
  lookup(name: string): Promise<string[]>;
}

export const systemResolver: PbxResolver = {
  resolveSrv: (name) => dns.resolveSrv(name),
  lookup: async (name) => (await dns.lookup(name, { all: true })).map((a) => a.address),
};

/** The SRV service name for a transport (RFC 3263 4.1; SIP over TLS is `_sips._tcp`). */
export function srvServiceName(transport: TrunkAddress['transport'], domain: string): string {
  const service =
    transport === 'udp' ? '_sip._udp' : transport === 'tcp' ? '_sip._tcp' : '_sips._tcp';
  return `${service}.${domain.replace(/\.$/, '')}`;
}

/**
 * SRV records in the order calls try them: lowest priority first, then the heaviest weight.
 * RFC 2782 picks among equal priorities at random by weight, to spread load; we keep one fixed
 * order instead, so every call goes to the same first healthy address and returns to it once it
 * is back, as with a configured list. A target of "." means no service there.
 */
export function orderSrvRecords(records: readonly SrvRecord[]): SrvRecord[] {
  return records
    .filter((record) => record.name !== '' && record.name !== '.')
    .toSorted((a, b) => a.priority - b.priority || b.weight - a.weight);
}

/**
 * Turns the configured entries into the addresses calls go to, in priority order. Resolved
 * once, at start-up: a changed SRV record takes a restart. A name without a port and without
 * SRV records is used as it is at `defaultPort` (RFC 3263 4.2); so is one whose SRV query
 * fails, with a warning, so a DNS hiccup at start-up does not keep the gateway down.
 */
export async function resolvePbxAddresses(
  entries: readonly TrunkHostEntry[],
  options: { defaultPort: number; transport: TrunkAddress['transport']; logger: ServiceLogger },
  resolver: PbxResolver = systemResolver,
): Promise<TrunkAddress[]> {
  const { defaultPort, transport, logger } = options;
  const lists = await Promise.all(
    entries.map(async (entry): Promise<TrunkAddress[]> => {
      if (entry.port !== undefined) return [{ host: entry.host, port: entry.port, transport }];
      if (isIpLiteral(entry.host)) return [{ host: entry.host, port: defaultPort, transport }];
      const service = srvServiceName(transport, entry.host);
      const fromSrv = await srvAddresses(service, transport, resolver, logger);
      if (fromSrv.length > 0) {
        logger.info({ service, addresses: fromSrv.map(pbxLabel) }, 'PBX addresses from DNS SRV');
        return fromSrv;
      }
      return [{ host: entry.host, port: defaultPort, transport }];
    }),
  );
  const seen = new Set<string>();
  return lists.flat().filter((address) => {
    const key = pbxLabel(address);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

async function srvAddresses(
  service: string,
  transport: TrunkAddress['transport'],
  resolver: PbxResolver,
  logger: ServiceLogger,
): Promise<TrunkAddress[]> {
  let records: SrvRecord[];
  try {
    records = orderSrvRecords(await resolver.resolveSrv(service));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // No such record is the ordinary case of a plain host name; anything else is worth a line.
    if (code !== 'ENOTFOUND' && code !== 'ENODATA')
      logger.warn({ service, code }, 'DNS SRV lookup failed: using the name as a host');
    return [];
  }
  const resolved = await Promise.all(
    records.map(async (record) => {
      try {
        // The transport only takes datagrams from the address it sends to: an IP, not a name.
        const ips = await resolver.lookup(record.name);
        return ips.map((host) => ({ host, port: record.port, transport }));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        logger.warn({ service, target: record.name, code }, 'SRV target does not resolve');
        return [];
      }
    }),
  );
  return resolved.flat();
}

/** How logs and /readyz name an address: `10.0.0.5:5060`, `[fd00::5]:5060`. */
export function pbxLabel(address: Pick<TrunkAddress, 'host' | 'port'>): string {
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return `${host}:${address.port}`;
}
