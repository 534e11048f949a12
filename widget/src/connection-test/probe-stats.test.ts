import { describe, expect, it } from 'vitest';
import { createProbeLog } from './probe-stats.ts';

describe('createProbeLog', () => {
  it('measures round trip, jitter and loss from sends and echoes', () => {
    const log = createProbeLog();
    // Four probes 20 ms apart; round trips 100, 110, 90 and one never answered.
    const seqs = [0, 20, 40, 60].map((at) => log.sent(at));
    log.echoed(seqs[0]!, 100);
    log.echoed(seqs[1]!, 130);
    log.echoed(seqs[2]!, 130);
    expect(log.figures()).toEqual({
      rttMs: 100,
      // |110 - 100| and |90 - 110|.
      jitterMs: 15,
      lossPct: 25,
      sent: 4,
      answered: 3,
    });
  });

  it('takes echoes in arrival order, even when they overtake each other', () => {
    const log = createProbeLog();
    log.sent(0);
    log.sent(10);
    log.echoed(1, 60); // rtt 50, arrives first
    log.echoed(0, 70); // rtt 70
    expect(log.figures()).toMatchObject({ rttMs: 60, jitterMs: 20, lossPct: 0 });
  });

  it('ignores repeated and unknown echoes', () => {
    const log = createProbeLog();
    log.sent(0);
    log.echoed(0, 10);
    log.echoed(0, 500);
    log.echoed(7, 20);
    log.echoed(0.5, 20);
    expect(log.figures()).toMatchObject({ rttMs: 10, jitterMs: 0, answered: 1, lossPct: 0 });
  });

  it('reports nothing measured as no loss and no delay', () => {
    expect(createProbeLog().figures()).toEqual({
      rttMs: 0,
      jitterMs: 0,
      lossPct: 0,
      sent: 0,
      answered: 0,
    });
  });
});
