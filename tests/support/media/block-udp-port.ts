import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Drops UDP to one port in this network namespace (nftables, input hook): what a strict
 * firewall does to WebRTC media. Returns the function that lifts the block.
 */
export function blockUdpPort(port: number): () => void {
  if (!existsSync('/usr/sbin/nft')) {
    throw new Error(
      'nft not found: apt-get install -y nftables (listed in infra/system-packages.sh)',
    );
  }
  const table = `ctc_block_${port}`;
  const nft = (...args: string[]) => execFileSync('/usr/sbin/nft', args, { stdio: 'pipe' });
  nft('add', 'table', 'inet', table);
  nft('add', 'chain', 'inet', table, 'input', '{ type filter hook input priority 0 ; }');
  nft('add', 'rule', 'inet', table, 'input', 'udp', 'dport', String(port), 'drop');
  return () => nft('delete', 'table', 'inet', table);
}
