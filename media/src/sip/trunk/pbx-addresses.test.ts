import type { SrvRecord } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { orderSrvRecords, pbxLabel, resolvePbxAddresses, srvServiceName } from './pbx-addresses.ts';
import type { PbxResolver } from './pbx-addresses.ts';

const quiet = { info() {}, warn() {}, error() {}, debug() {} };
const notFound = () => Object.assign(new Error('queryNotFound'), { code: 'ENOTFOUND' });

/** A DNS that knows `records` (SRV by service name) and `hosts` (addresses by name). */
function fakeDns(
  records: Record<string, SrvRecord[]>,
  hosts: Record<string, string[]>,
): PbxResolver & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolveSrv: (name) => {
      asked.push(name);
      const found = records[name];
      return found ? Promise.resolve(found) : Promise.reject(notFound());
    },
    lookup: (name) => {
      const found = hosts[name];
      return found ? Promise.resolve(found) : Promise.reject(notFound());
    },
  };
}

const srv = (name: string, port: number, priority: number, weight: number): SrvRecord => ({
  name,
  port,
  priority,
  weight,
});

describe('the PBX addresses calls go to, resolved at start-up', () => {
  const options = { defaultPort: 5060, transport: 'udp' as const, logger: quiet };

  it('takes IPs and names with a port as written, without asking DNS', async () => {
    const dns = fakeDns({}, {});
    const addresses = await resolvePbxAddresses(
      [{ host: '10.0.0.5', port: 5070 }, { host: '10.0.0.6' }, { host: 'pbx.lan', port: 5060 }],
      options,
      dns,
    );
    expect(addresses.map(pbxLabel)).toEqual(['10.0.0.5:5070', '10.0.0.6:5060', 'pbx.lan:5060']);
    expect(dns.asked).toEqual([]);
  });

  it('expands a name without a port by its SRV records: priority, then weight, each target', async () => {
    const dns = fakeDns(
      {
        '_sip._udp.example.com': [
          srv('backup.example.com', 5062, 20, 100),
          srv('b.example.com', 5061, 10, 10),
          srv('a.example.com', 5060, 10, 60),
        ],
      },
      {
        'a.example.com': ['10.0.0.1'],
        'b.example.com': ['10.0.0.2', 'fd00::2'],
        'backup.example.com': ['10.0.1.1'],
      },
    );
    const addresses = await resolvePbxAddresses([{ host: 'example.com' }], options, dns);
    expect(addresses.map(pbxLabel)).toEqual([
      '10.0.0.1:5060',
      '10.0.0.2:5061',
      '[fd00::2]:5061',
      '10.0.1.1:5062',
    ]);
  });

  it('falls back to the name at the default port when it has no SRV records', async () => {
    const dns = fakeDns({}, {});
    const addresses = await resolvePbxAddresses([{ host: 'pbx.lan' }], options, dns);
    expect(addresses).toEqual([{ host: 'pbx.lan', port: 5060, transport: 'udp' }]);
    expect(dns.asked).toEqual(['_sip._udp.pbx.lan']);
  });

  it('asks for the service of the transport in use', () => {
    expect(srvServiceName('udp', 'example.com.')).toBe('_sip._udp.example.com');
    expect(srvServiceName('tcp', 'example.com')).toBe('_sip._tcp.example.com');
    expect(srvServiceName('tls', 'example.com')).toBe('_sips._tcp.example.com');
  });

  it('drops a "." target (no service there) and lists an address once', async () => {
    expect(orderSrvRecords([srv('.', 0, 0, 0), srv('a', 5060, 1, 0)])).toEqual([
      srv('a', 5060, 1, 0),
    ]);
    const dns = fakeDns(
      { '_sip._udp.example.com': [srv('a.example.com', 5060, 10, 0)] },
      { 'a.example.com': ['10.0.0.1'] },
    );
    const addresses = await resolvePbxAddresses(
      [{ host: 'example.com' }, { host: '10.0.0.1', port: 5060 }],
      options,
      dns,
    );
    expect(addresses.map(pbxLabel)).toEqual(['10.0.0.1:5060']);
  });
});
