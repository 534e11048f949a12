import { describe, expect, it } from 'vitest';
import { inCallQuality } from './in-call-quality.ts';

const clean = { packetCount: 500, packetsLost: 0, jitter: 0 };

describe('the in-call quality figures', () => {
  it('rate a clean call as G.107 rates a perfect path: MOS about 4.4, no loss', () => {
    const figures = inCallQuality({
      clockRate: 8000,
      durationMs: 60_000,
      fromVisitor: clean,
      fromAgent: clean,
    });
    const perfect = { mos: expect.closeTo(4.4, 1), lossPct: 0, jitterMs: 0 };
    expect(figures).toEqual({ ...perfect, visitorToAgent: perfect, agentToVisitor: perfect });
    expect(figures!.mos).toBeGreaterThan(4.3);
  });

  it('convert jitter from RTP clock units to ms at the codec clock', () => {
    const pcmu = { packetCount: 100, packetsLost: 0, jitter: 80 };
    expect(
      inCallQuality({ clockRate: 8000, durationMs: 60_000, fromVisitor: pcmu })?.jitterMs,
    ).toBe(10);
    const opus = { packetCount: 100, packetsLost: 0, jitter: 960 };
    expect(
      inCallQuality({ clockRate: 48000, durationMs: 60_000, fromVisitor: opus })?.jitterMs,
    ).toBe(20);
  });

  it('charge loss as G.107 does for G.711 with concealment: 5 % loss costs about 16 points of R', () => {
    // Ie,eff = 95 * 5 / (5 + 25.1) = 15.8: R falls from 93 to about 77, MOS to about 3.9.
    const lossy = { packetCount: 950, packetsLost: 50, jitter: 0 };
    const figures = inCallQuality({ clockRate: 8000, durationMs: 60_000, fromVisitor: lossy });
    expect(figures?.lossPct).toBe(5);
    expect(figures?.mos).toBeGreaterThan(3.8);
    expect(figures?.mos).toBeLessThan(4.0);
  });

  it('report the worse direction: the call was as good as its worse side', () => {
    const lossy = { packetCount: 900, packetsLost: 100, jitter: 240 };
    const figures = inCallQuality({
      clockRate: 8000,
      durationMs: 60_000,
      fromVisitor: clean,
      fromAgent: lossy,
    });
    const agentOnly = inCallQuality({ clockRate: 8000, durationMs: 60_000, fromAgent: lossy });
    expect(figures).toEqual({ ...agentOnly, visitorToAgent: expect.anything() });
    expect(figures).toMatchObject({ lossPct: 10, jitterMs: 30 });
    expect(figures!.mos).toBeLessThan(3.6);
  });

  it("keep each direction's own figures, to tell whose line was at fault", () => {
    const lossy = { packetCount: 900, packetsLost: 100, jitter: 240 };
    const figures = inCallQuality({
      clockRate: 8000,
      durationMs: 60_000,
      fromVisitor: lossy,
      fromAgent: clean,
    });
    // The visitor's uplink lost packets: the agent heard it; the visitor heard a clean line.
    expect(figures?.visitorToAgent).toMatchObject({ lossPct: 10, jitterMs: 30 });
    expect(figures?.agentToVisitor).toMatchObject({ lossPct: 0, jitterMs: 0 });
    expect(figures!.agentToVisitor!.mos).toBeGreaterThan(4.3);
    expect(figures!.visitorToAgent!.mos).toBe(figures!.mos);
    // Only one direction carried audio: only it is rated.
    const oneWay = inCallQuality({ clockRate: 8000, durationMs: 60_000, fromAgent: lossy });
    expect(oneWay).not.toHaveProperty('visitorToAgent');
    expect(oneWay?.agentToVisitor).toMatchObject({ lossPct: 10 });
  });

  it('charge a long round trip (G.114: beyond 150 ms one way hurts)', () => {
    const near = inCallQuality({
      clockRate: 8000,
      durationMs: 60_000,
      fromVisitor: clean,
      visitorRttMs: 40,
    });
    const far = inCallQuality({
      clockRate: 8000,
      durationMs: 60_000,
      fromVisitor: clean,
      visitorRttMs: 500,
      pbxRttMs: 100,
    });
    expect(near?.rttMs).toBe(40);
    expect(far?.rttMs).toBe(600);
    // One way: 300 + 20 ms: Cole and Rosenbluth's fit of G.107 puts Id near 23, MOS near 3.6.
    expect(far!.mos).toBeLessThan(3.75);
    expect(near!.mos! - far!.mos!).toBeGreaterThan(0.5);
  });

  it('drop whole sequence cycles a re-synced stream shows lost, beyond what could have been sent', () => {
    // 3 s of 20 ms packets, none lost, but mediasoup counted one 64K cycle on a re-sync.
    const resynced = { packetCount: 150, packetsLost: 65_536, jitter: 0 };
    expect(
      inCallQuality({ clockRate: 8000, durationMs: 3000, fromVisitor: resynced })?.lossPct,
    ).toBe(0);
    const resyncedLossy = { packetCount: 150, packetsLost: 65_536 + 50, jitter: 0 };
    expect(
      inCallQuality({ clockRate: 8000, durationMs: 3000, fromVisitor: resyncedLossy })?.lossPct,
    ).toBe(25);
    // A long call may truly have lost that many: it is kept.
    const longLossy = { packetCount: 200_000, packetsLost: 70_000, jitter: 0 };
    expect(
      inCallQuality({ clockRate: 8000, durationMs: 3 * 3_600_000, fromVisitor: longLossy })
        ?.lossPct,
    ).toBeCloseTo(25.93, 2);
  });

  it('leave the round trip out when no RTCP told it, and rate nothing when no audio came', () => {
    expect(
      inCallQuality({ clockRate: 8000, durationMs: 60_000, fromVisitor: clean, visitorRttMs: 0 }),
    ).not.toHaveProperty('rttMs');
    const silent = { packetCount: 0, packetsLost: 0, jitter: 0 };
    expect(
      inCallQuality({
        clockRate: 8000,
        durationMs: 60_000,
        fromVisitor: silent,
        fromAgent: silent,
      }),
    ).toBeUndefined();
    expect(inCallQuality({ clockRate: 8000, durationMs: 60_000 })).toBeUndefined();
  });
});
