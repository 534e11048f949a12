// The firewall of a locked-down corporate network, in a visitor's namespace (nftables): out,
// only TCP to one address and port (the TURN server's TLS on 443) and the replies to it;
// everything else dropped, UDP counted so a test can show the direct path was tried.
import { existsSync } from 'node:fs';
import type { NetworkNamespace } from './network-namespace.ts';

const NFT = '/usr/sbin/nft';
const table = 'ctc_turn_only';

export interface TurnOnlyFirewall {
  /** Packets the visitor sent over UDP, all dropped (ICE checks toward the gateway's media). */
  droppedUdpPackets(): Promise<number>;
}

export async function turnOnlyFirewall(
  namespace: NetworkNamespace,
  allowed: { address: string; port: number },
): Promise<TurnOnlyFirewall> {
  if (!existsSync(NFT)) {
    throw new Error(`${NFT} not found: apt-get install -y nftables (infra/system-packages.sh)`);
  }
  // nft joins its arguments into one command: words split on spaces read the same.
  const nft = (command: string) => namespace.exec(NFT, command.split(' '));
  const commands = [
    `add table inet ${table}`,
    `add chain inet ${table} output { type filter hook output priority 0 ; policy drop ; }`,
    `add chain inet ${table} input { type filter hook input priority 0 ; policy drop ; }`,
    `add rule inet ${table} output ct state established,related accept`,
    `add rule inet ${table} output ip daddr ${allowed.address} tcp dport ${allowed.port} accept`,
    `add rule inet ${table} output meta l4proto udp counter drop comment "udp"`,
    `add rule inet ${table} input ct state established,related accept`,
  ];
  for (const command of commands) await nft(command);
  return {
    async droppedUdpPackets() {
      const listing = await nft(`list chain inet ${table} output`);
      const line = listing.split('\n').find((text) => text.includes('comment "udp"'));
      const packets = /counter packets (\d+)/.exec(line ?? '')?.[1];
      if (packets === undefined) throw new Error(`no UDP counter in:\n${listing}`);
      return Number(packets);
    },
  };
}
