// Media port ranges of their own for the tests that cut their gateway's media with nftables.
// The suite's projects run side by side in one network namespace, where every other gateway
// listens on the default range (20000-23000): a rule on that range would cut their calls too.
// These sit between the default range and the ports freePort() hands out (24000 and up).
export interface PortRange {
  min: number;
  max: number;
}

export const isolatedRtcRanges = {
  /** The journey's gateway, whose media a visitor's firewall blocks. */
  journey: { min: 23100, max: 23399 },
  /** The engine under call-media-failures, whose browser side goes away. */
  callMediaFailures: { min: 23400, max: 23699 },
  /** The gateway of call-quality-warnings, whose media a lossy network thins out. */
  callQualityWarnings: { min: 23700, max: 23999 },
} as const satisfies Record<string, PortRange>;

/** nftables input rules that drop every packet, UDP and TCP, toward the range. */
export function dropRangeRules({ min, max }: PortRange): string[] {
  return [`udp dport ${min}-${max} drop`, `tcp dport ${min}-${max} drop`];
}
