import { connect } from 'node:net';
import { connected, startStreamTransport } from './stream-transport.ts';
import { TrunkUnreachableError } from './trunk-errors.ts';
import type { TrunkTransport, TrunkTransportOptions } from './trunk-transport.ts';

/** SIP over TCP to one trunk (one shared connection: stream-transport.ts). */
export function startTcpTransport(options: TrunkTransportOptions): Promise<TrunkTransport> {
  const dial = (o: TrunkTransportOptions) => {
    const s = connect({ host: o.trunk.host, port: o.trunk.port, localAddress: o.bindIp });
    s.setNoDelay(true);
    return connected(s, 'connect', o, (error) =>
      error === 'timeout'
        ? new TrunkUnreachableError(`TCP connect timed out after ${o.connectTimeoutMs} ms`)
        : new TrunkUnreachableError(`TCP connect failed: ${error.code ?? error.message}`),
    );
  };
  return Promise.resolve(startStreamTransport('TCP', dial, options));
}
