import { describe, expect, it } from 'vitest';
import { probeTone } from '../support/browser/audio-probe.ts';
import { openCallPage, remoteAudioStream } from '../support/e2e/call-page.ts';
import type { AudioCodec } from '../../infra/rig/baresip-config.ts';
import { analyseTone, readWav } from '../../infra/rig/tone.ts';
import { addQueueWithIntent } from '../../infra/dev/site-edits.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

const codecs: AudioCodec[] = ['opus', 'G722', 'PCMU', 'PCMA'];
const queueOf = (codec: AudioCodec) => `codec-${codec.toLowerCase()}`;

// The visitor's whole call, on real parts: the widget in Chromium (fake 440 Hz microphone),
// the API issuing the token, the gateway, kamailio, and one baresip agent per codec playing
// 1000 Hz and recording what it hears.
describe.each(['udp', 'tcp'] as const)('a call over a %s trunk', (trunkTransport) => {
  const e2e = useStackAndChromium(`call-${trunkTransport}`, {
    microphone: { hz: 440, seconds: 120 },
    trunkTransport,
    agents: codecs.map((codec) => ({ queue: queueOf(codec), codecs: [codec] })),
    editSites: (sites) => {
      for (const codec of codecs)
        addQueueWithIntent(sites.sites.acme!, queueOf(codec), `Test queue ${codec}`);
    },
  });

  it.each(codecs)(
    'carries audio both ways with %s and ends when the visitor hangs up',
    async (codec) => {
      const page = await e2e.chromium.browser.newPage();
      await openCallPage(page, e2e.stack, { intent: queueOf(codec) });
      await page.waitForSelector('[data-testid="call-screen"][data-phase="talking"]', {
        timeout: 20_000,
      });
      await expect
        .poll(() => page.getByTestId('call-queue').textContent())
        .toContain(`Test queue ${codec}`);

      const heard = await probeTone(page, await remoteAudioStream(page), 1000, 2500);
      expect(heard, 'the agent tone reaches the browser').toMatchObject({ detected: true });

      await page.getByTestId('call-end').click();
      // A call that was answered ends on the rating screen, saying how it ended.
      await page.getByTestId('rating-screen').waitFor();
      expect(await page.getByTestId('call-end-code').textContent()).toBe('visitor_hung_up');

      const agent = e2e.stack.agents.get(queueOf(codec))!;
      await expect.poll(async () => (await agent.listCalls()).length, { timeout: 5000 }).toBe(0);
      const received = (await agent.recordings()).filter(
        (recording) => recording.direction === 'received',
      );
      expect(received.length).toBeGreaterThan(0);
      const audio = await readWav(received[received.length - 1]!.path);
      expect(analyseTone(audio, 440).ratio, 'the browser tone reaches the agent').toBeGreaterThan(
        0.8,
      );
      await page.close();
    },
  );
});
