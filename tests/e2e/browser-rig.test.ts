import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { inboundAudioStats, probeTone } from '../support/browser/audio-probe.ts';
import { launchChromium, openRigPage } from '../support/browser/chromium.ts';
import type { RigBrowser } from '../support/browser/chromium.ts';
import { startLoopbackCall } from '../support/browser/loopback-call.ts';
import { isGroupAlive } from '../../infra/rig/processes.ts';
import { writeToneWav } from '../../infra/rig/tone.ts';
import { useRig } from '../support/rig/use-rig.ts';
import { waitFor } from '../../infra/rig/wait.ts';

// Self-test of the browser side of the rig: Debian Chromium with a tone as its microphone,
// WebRTC over loopback, and the probes that later tests use to hear what a visitor would hear.

const MIC_HZ = 440;

const rig = useRig('browser-rig');
let chromium: RigBrowser;
let page: Page;

beforeAll(async () => {
  const tone = await writeToneWav(`${rig.dir.workDir('tones')}/mic-${MIC_HZ}.wav`, {
    hz: MIC_HZ,
    seconds: 10,
  });
  chromium = await launchChromium({ fakeAudioCapture: tone });
  page = await openRigPage(chromium.browser);
  // The page's console goes to the run's logs, printed if a test fails.
  const consoleLog = `${rig.dir.logDir}/chromium-console-${chromium.pid}.log`;
  page.on('console', (message) =>
    appendFileSync(consoleLog, `${message.type()}: ${message.text()}\n`),
  );
  page.on('pageerror', (error) => appendFileSync(consoleLog, `pageerror: ${error.message}\n`));
});

afterAll(async () => {
  await chromium?.close();
});

it('hears the fake-microphone tone through a loopback peer connection', async () => {
  const { receiver, remoteStream } = await startLoopbackCall(page);

  const heard = await probeTone(page, remoteStream, MIC_HZ);
  expect(heard, JSON.stringify(heard)).toMatchObject({ detected: true });
  expect(Math.abs(heard.peakHz - MIC_HZ)).toBeLessThan(25);
  // The probe can say no: the same stream has no 1000 Hz tone.
  expect((await probeTone(page, remoteStream, 1000, 500)).detected).toBe(false);

  // audioLevel is only reported while an element plays the track, which probeTone left doing.
  const stats = await waitFor(
    async () => {
      const s = await inboundAudioStats(page, receiver);
      return s && s.packetsReceived > 0 && s.audioLevel > 0 ? s : undefined;
    },
    { timeoutMs: 5_000, what: 'inbound audio with a nonzero audioLevel' },
  );
  expect(stats.mimeType?.toLowerCase()).toBe('audio/opus');
  expect(stats.audioLevel).toBeGreaterThan(0.01);
  expect(stats.totalAudioEnergy).toBeGreaterThan(0);
});

it('leaves no Chromium process behind once closed, even in the middle of a call', async () => {
  // A Chromium of its own, so the file's one stays up for the other test, in whatever order.
  const own = await launchChromium();
  try {
    await startLoopbackCall(await openRigPage(own.browser));
  } finally {
    await own.close();
  }
  expect(isGroupAlive(own.pid)).toBe(false);
});
