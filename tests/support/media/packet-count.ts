/** A count of packets that a test can wait on: resolves as they arrive, no polling. */
export interface PacketCount {
  add(): void;
  /** Resolves once `packets` more were added than so far. */
  more(packets: number, timeoutMs?: number): Promise<void>;
}

export function packetCount(): PacketCount {
  let count = 0;
  const waiting: { until: number; resolve: () => void }[] = [];
  return {
    add() {
      count += 1;
      for (const waiter of waiting.filter((w) => count >= w.until)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    more(packets, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`fewer than ${packets} packets within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.push({
          until: count + packets,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}
