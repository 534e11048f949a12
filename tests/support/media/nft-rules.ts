import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const nftPath = '/usr/sbin/nft';
let tables = 0;

const nft = (...args: string[]) =>
  execFileSync(nftPath, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

export interface InputRules {
  /** The packet counts of the rules that have a `counter`, in rule order. */
  counters(): number[];
  /** Removes the rules. Idempotent. */
  remove(): void;
}

/**
 * Adds nftables rules in this network namespace's input hook (where a drop is silent: on the
 * output hook the sender's sendto fails with EPERM instead).
 */
export function addInputRules(rules: string[]): InputRules {
  if (!existsSync(nftPath)) {
    throw new Error(
      'nft not found: apt-get install -y nftables (listed in infra/system-packages.sh)',
    );
  }
  const table = `ctc_rules_${process.pid}_${++tables}`;
  nft('add', 'table', 'inet', table);
  nft('add', 'chain', 'inet', table, 'input', '{ type filter hook input priority 0 ; }');
  for (const rule of rules) nft('add', 'rule', 'inet', table, 'input', ...rule.split(' '));
  let removed = false;
  return {
    counters() {
      const listing = JSON.parse(nft('-j', 'list', 'table', 'inet', table)) as {
        nftables: { rule?: { expr: { counter?: { packets: number } }[] } }[];
      };
      return listing.nftables.flatMap(
        (item) =>
          item.rule?.expr.flatMap((expr) => (expr.counter ? [expr.counter.packets] : [])) ?? [],
      );
    },
    remove() {
      if (removed) return;
      removed = true;
      nft('delete', 'table', 'inet', table);
    },
  };
}

export interface SteadyLoss {
  /**
   * The loss the rules actually imposed so far, percent: each way (dropped of all datagrams
   * seen), and what that makes for a datagram's round trip.
   */
  imposed(): { towardPct: number; fromPct: number; roundTripPct: number };
  remove(): void;
}

/**
 * Drops one UDP datagram in `every` toward and from `ip:port`, each way on its own count, with
 * counters of what was dropped. A steady count, not a random draw: over the few hundred
 * datagrams a test sees, a random 3 % varied by ±0.7 points (one sigma) from run to run, so a
 * test could not tell the rig's chance from the product's error. `every` should be a prime, so
 * that no periodic pattern in the traffic (a probe, then an acknowledgement) lines up with it
 * and spares one kind of datagram.
 */
export function dropOneIn(ip: string, port: number, every: number): SteadyLoss {
  // numgen counts from 0; dropping at every-1 spares the handshake's first datagram.
  const lose = `numgen inc mod ${every} == ${every - 1} counter drop`;
  const rules = addInputRules([
    `ip daddr ${ip} udp dport ${port} counter`,
    `ip daddr ${ip} udp dport ${port} ${lose}`,
    `ip saddr ${ip} udp sport ${port} counter`,
    `ip saddr ${ip} udp sport ${port} ${lose}`,
  ]);
  return {
    imposed() {
      const [toward = 0, towardDropped = 0, from = 0, fromDropped = 0] = rules.counters();
      const towardPct = toward ? (100 * towardDropped) / toward : 0;
      const fromPct = from ? (100 * fromDropped) / from : 0;
      const roundTripPct = 100 * (1 - (1 - towardPct / 100) * (1 - fromPct / 100));
      return { towardPct, fromPct, roundTripPct };
    },
    remove: rules.remove,
  };
}

/** Drops every datagram and TCP segment to `port`: a firewall letting no media through. */
export function blockPort(port: number, protocols: ('udp' | 'tcp')[]): () => void {
  const rules = addInputRules(protocols.map((protocol) => `${protocol} dport ${port} drop`));
  return rules.remove;
}
