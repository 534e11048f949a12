import type { Page } from 'playwright-core';
import type { CallWindow } from './webrtc-offer.ts';

/**
 * Audio RTP packets the page's call (`window.pc`, see webrtc-offer.ts) has sent so far, from
 * its outbound-rtp stats: a clock that ticks with the media rather than with the wall.
 */
export function audioPacketsSent(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const stats = await (window as unknown as CallWindow).pc.getStats();
    let sent = 0;
    stats.forEach((stat: { type: string; kind?: string; packetsSent?: number }) => {
      if (stat.type === 'outbound-rtp' && stat.kind === 'audio') sent += stat.packetsSent ?? 0;
    });
    return sent;
  });
}
