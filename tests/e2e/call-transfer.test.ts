import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueUri } from '../../api/src/sites/route-call.ts';
import { SitesFileSchema } from '../../protocol/api/site-config.ts';
import { writeToneWav } from '../../infra/rig/tone.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { launchChromium, type RigBrowser } from '../support/browser/chromium.ts';
import { callEndedSelector, openCallPage, remoteAudioStream } from '../support/e2e/call-page.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { startSippCallRig, type SippCallRig } from '../support/sipp/sipp-call-rig.ts';

// The widget through a blind transfer by the PBX's REFER (SIPp as the PBX, its agents' phones
// RTP echoes): talking to Alice, ringing again while the sales queue's phone rings, then
// talking to Bob, hearing its own microphone's tone come back from his phone.
describe('a call transferred by the PBX, in the widget', () => {
  const rig = useRig('call-transfer');
  const toneHz = 440;
  let calls: SippCallRig;
  let chromium: RigBrowser;

  beforeAll(async () => {
    const microphone = await writeToneWav(join(rig.dir.workDir('browser'), 'mic.wav'), {
      hz: toneHz,
      seconds: 120,
    });
    [calls, chromium] = await Promise.all([
      startSippCallRig(rig, { rebuildWidget: true }),
      launchChromium({ fakeAudioCapture: microphone }),
    ]);
  });
  afterAll(async () => {
    await chromium?.close();
    await calls?.close();
  });

  const phase = (page: Page, value: string) =>
    page.waitForSelector(`[data-testid="call-screen"][data-phase="${value}"]`, { timeout: 15_000 });
  const status = (page: Page) => page.getByTestId('call-status').textContent();
  /** The visitor hears its own tone, echoed by the agent's phone: audio both ways. */
  const hearsItself = async (page: Page) =>
    expect(await probeTone(page, await remoteAudioStream(page), toneHz, 1000, 5000)).toMatchObject({
      detected: true,
    });
  /**
   * The same once the audio came from a new phone: the browser's jitter buffer takes the
   * change of source in its stride, but on a loaded machine the first second may still be
   * settling (seen in CI), so the tone is listened for again until it is heard, within 15 s.
   */
  const comesToHearItself = (page: Page) =>
    expect
      .poll(
        async () =>
          (await probeTone(page, await remoteAudioStream(page), toneHz, 1000, 5000)).detected,
        { timeout: 15_000, interval: 0 },
      )
      .toBe(true);

  it('rings again while transferred, then names the new agent, with audio both ways', async () => {
    const sites = SitesFileSchema.parse(JSON.parse(readFileSync(calls.stack.sitesFile, 'utf8')));
    const { pbx } = await calls.play('blind-transfer-to-queue', {
      calls: 2,
      keys: { transfer_target: queueUri(sites.sites.acme!, 'sales-en') },
    });
    const page = await chromium.browser.newPage();
    await openCallPage(page, calls.stack, { intent: 'support' });
    await phase(page, 'talking');
    await expect.poll(() => status(page)).toBe('Talking to Alice Agent');
    await hearsItself(page);

    pbx.cue(); // Alice transfers the call to the sales queue; its phone rings
    await phase(page, 'ringing');
    expect(await status(page)).toBe('Ringing…');

    // The widget rings once the REFER is taken, before Bob's phone does: Bob's call is
    // there to cue once his 180 passed (CI once cued it before).
    await pbx.passed("Bob's phone ringing", (e) => e.from === 'pbx' && e.message.status === 180);
    pbx.cue(1); // Bob answers
    await phase(page, 'talking');
    await expect.poll(() => status(page)).toBe('Talking to Bob Agent');
    await comesToHearItself(page);

    await page.getByTestId('call-end').click();
    await page.waitForSelector(callEndedSelector, { timeout: 15_000 });
    const outcome = await pbx.finished();
    expect(outcome, outcome.errors).toMatchObject({ code: 0 });
    await page.close();
  });
});
