import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../../infra/dev/stack.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { launchChromium, type RigBrowser } from '../support/browser/chromium.ts';
import { openCallPage, remoteAudioStream } from '../support/e2e/call-page.ts';
import type { AudioCodec } from '../../infra/rig/baresip-config.ts';
import { analyseTone, readWav, writeToneWav } from '../../infra/rig/tone.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { addQueueWithIntent } from '../../infra/dev/site-edits.ts';

const codecs: AudioCodec[] = ['opus', 'G722', 'PCMU', 'PCMA'];
const queueOf = (codec: AudioCodec) => `codec-${codec.toLowerCase()}`;

// The visitor's whole call, on real parts: the widget in Chromium (fake 440 Hz microphone),
// the API issuing the token, the gateway, kamailio, and one baresip agent per codec playing
// 1000 Hz and recording what it hears.
describe.each(['udp', 'tcp'] as const)('a call over a %s trunk', (trunkTransport) => {
  const rig = useRig(`call-${trunkTransport}`);
  let stack: Stack;
  let chromium: RigBrowser;

  beforeAll(async () => {
    const mic = await writeToneWav(join(rig.dir.workDir('browser'), 'mic-440.wav'), {
      hz: 440,
      seconds: 120,
    });
    [stack, chromium] = await Promise.all([
      startStack({
        processes: rig.processes,
        workDir: rig.dir.workDir('stack'),
        trunkTransport,
        agents: codecs.map((codec) => ({ queue: queueOf(codec), codecs: [codec] })),
        editSites: (sites) => {
          for (const codec of codecs)
            addQueueWithIntent(sites.sites.acme!, queueOf(codec), `Test queue ${codec}`);
        },
      }),
      launchChromium({ fakeAudioCapture: mic }),
    ]);
  });
  afterAll(async () => {
    await chromium?.close();
    await stack?.stop();
  });

  it.each(codecs)(
    'carries audio both ways with %s and ends when the visitor hangs up',
    async (codec) => {
      const page = await chromium.browser.newPage();
      await openCallPage(page, stack, { intent: queueOf(codec) });
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

      const agent = stack.agents.get(queueOf(codec))!;
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
