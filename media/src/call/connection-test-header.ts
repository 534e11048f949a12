import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';

/**
 * The visitor's connection test as one compact SIP header value, for the agent's phone or
 * CRM: `verdict=acceptable;rtt=42;loss=0.5;jitter=8;transport=udp` (RTT and jitter in whole
 * ms, loss in percent to a tenth; `transport` only when known). `key=value` pairs joined by
 * `;` so a PBX dialplan can pick one field out (Asterisk's CUT, a CUCM script's split).
 */
export function connectionTestHeaderValue(test: ConnectionTest): string {
  const fields = [
    `verdict=${test.verdict}`,
    `rtt=${Math.round(test.rttMs)}`,
    `loss=${Math.round(test.lossPct * 10) / 10}`,
    `jitter=${Math.round(test.jitterMs)}`,
    ...(test.transport ? [`transport=${test.transport}`] : []),
  ];
  return fields.join(';');
}
