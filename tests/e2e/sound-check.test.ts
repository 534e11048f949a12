import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseTone, writeToneWav } from '../../infra/rig/tone.ts';
import { probeTone } from '../support/browser/audio-probe.ts';
import { launchChromium, type RigBrowser } from '../support/browser/chromium.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { serveSoundCheckPage, type SoundCheckPage } from '../support/e2e/sound-check-page.ts';
import {
  logPageRequests,
  noteOpenedMicrophones,
  playedAudio,
  recordedClip,
  soundCheckOutcome,
  watchLevelMeter,
} from '../support/e2e/sound-check-probes.ts';
import { useRig } from '../support/rig/use-rig.ts';

const TONE_HZ = 440;
// The lazily loaded recording code: opus-recorder's chunk and its WAV worker.
const recorderFiles = /\/assets\/(record-clip-[^/]+|waveWorker\.min-[^/]+)\.js$/;

// The widget's Sound check screen, built by vite and hosted alone on a loopback origin, in
// Chromium whose fake microphone plays a file: a 440 Hz tone, or silence as the control.
// The microphone is granted per browser context, so a context without it is a visitor who
// said no.
function soundCheckRig(label: string, micAmplitude: number) {
  const rig = useRig(label);
  const state = {} as { site: SoundCheckPage; chromium: RigBrowser };
  beforeAll(async () => {
    const mic = await writeToneWav(join(rig.dir.workDir('browser'), 'mic.wav'), {
      hz: TONE_HZ,
      seconds: 120,
      amplitude: micAmplitude,
    });
    [state.site, state.chromium] = await Promise.all([
      serveSoundCheckPage(rig.dir.workDir('page')),
      launchChromium({ fakeAudioCapture: mic, microphoneAllowed: 'per-context' }),
    ]);
  });
  afterAll(async () => {
    await state.chromium?.close();
    await state.site?.close();
  });
  return state;
}

async function openSoundCheck(
  context: BrowserContext,
  site: SoundCheckPage,
  language = 'en',
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${site.url}?language=${language}`);
  await page.getByTestId('sound-check').waitFor();
  return page;
}

/** Presses Tab until `testId` has the focus, as a keyboard user would; fails if it never does. */
async function tabTo(page: Page, testId: string): Promise<void> {
  const focused = () => page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid);
  for (let presses = 0; presses < 6 && (await focused()) !== testId; presses += 1)
    await page.keyboard.press('Tab');
  expect(await focused(), `Tab reaches ${testId}`).toBe(testId);
}

const phase = (page: Page) => page.getByTestId('sound-check').getAttribute('data-phase');
const progressText = (page: Page) => page.getByTestId('sound-check-progress-text').textContent();

describe('the sound check, with a microphone playing a 440 Hz tone', () => {
  const rig = soundCheckRig('sound-check', 0.5);

  it('records 3 s in the browser, meters it, and plays the tone back with its progress', async () => {
    const context = await rig.chromium.browser.newContext({ permissions: ['microphone'] });
    const page = await openSoundCheck(context, rig.site);
    const requests = logPageRequests(page);
    const levelPeak = await watchLevelMeter(page);
    const servedBeforeRecord = rig.site.served.length;

    // Keyboard only, from the step's title (focused on arrival) through the device lists.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Sound check');
    await tabTo(page, 'sound-check-record');
    await page.keyboard.press('Enter');
    await expect.poll(() => phase(page)).toBe('recording');
    expect(await page.getByTestId('sound-check-status').textContent()).toBe(
      'Recording: say a few words.',
    );
    expect(await page.getByTestId('sound-check-countdown').textContent()).toMatch(/^[1-3] s left$/);
    await expect.poll(() => phase(page), { timeout: 10_000 }).toBe('ready');
    expect(await page.getByTestId('sound-check-status').textContent()).toBe(
      'Recording done. Play it to hear yourself.',
    );

    expect(await levelPeak(), 'the meter rose with the tone').toBeGreaterThan(0.3);
    expect(
      await page.getByTestId('sound-check-level').evaluate((m: HTMLMeterElement) => m.value),
    ).toBe(0);
    await tabTo(page, 'sound-check-play');
    await page.keyboard.press('Space');
    await expect.poll(() => phase(page)).toBe('playing');
    const heard = await probeTone(page, await playedAudio(page), TONE_HZ, 2000);
    expect(heard, 'the playback carries the microphone tone').toMatchObject({ detected: true });
    await expect
      .poll(() => progressText(page), { interval: 100, timeout: 5000 })
      .toBe('0:03 / 0:03');
    await expect.poll(() => phase(page)).toBe('ready');
    expect(await page.getByTestId('sound-check-status').textContent()).toBe(
      'Did you hear yourself clearly? Then you are ready to call.',
    );
    const progress = page.getByTestId('sound-check-progress');
    expect(await progress.evaluate((p: HTMLProgressElement) => p.value / p.max)).toBe(1);

    // The clip never left the browser: from Record on, the server was asked only for
    // opus-recorder's chunk and its WAV worker (loaded then, not with the page), and the page
    // sent no bytes and opened no socket.
    const servedSinceRecord = rig.site.served.slice(servedBeforeRecord);
    expect(servedSinceRecord.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      expect.stringMatching(/^GET \/assets\/record-clip-.+\.js$/),
      expect.stringMatching(/^GET \/assets\/waveWorker\.min-.+\.js$/),
    ]);
    const leftThePage = requests.filter((r) => !r.url.startsWith('blob:'));
    expect(leftThePage.filter((r) => !recorderFiles.test(new URL(r.url).pathname))).toEqual([]);
    expect(requests.filter((r) => r.method !== 'GET' || r.bodyBytes > 0)).toEqual([]);

    const clip = await recordedClip(page);
    const seconds = clip.samples.length / clip.sampleRate;
    expect(seconds).toBeGreaterThan(2.9);
    expect(seconds).toBeLessThan(3.2);
    expect(analyseTone(clip, TONE_HZ).ratio, 'the clip is the microphone tone').toBeGreaterThan(
      0.8,
    );

    await page.getByTestId('sound-check-call').click();
    expect(await soundCheckOutcome(page)).toEqual({
      done: [{ microphoneId: '', speakerId: '', skipped: false }],
      microphoneErrors: [],
    });
    await context.close();
  });

  it('shows "0:01 / 0:03" a second into the playback', async () => {
    const context = await rig.chromium.browser.newContext({ permissions: ['microphone'] });
    const page = await openSoundCheck(context, rig.site);
    await page.getByTestId('sound-check-record').click();
    await expect.poll(() => phase(page), { timeout: 10_000 }).toBe('ready');
    await expect.poll(() => progressText(page)).toBe('0:00 / 0:03');
    // Every text the progress shows, noted in the page with where playback was then: polling
    // from here can miss a label that is on screen for one second when the machine is busy.
    await page.evaluate(() => {
      const text = document.querySelector('[data-testid="sound-check-progress-text"]')!;
      const audio = document.querySelector<HTMLAudioElement>('[data-testid="sound-check-audio"]')!;
      const shown: { text: string; at: number }[] = [];
      (window as unknown as { progressShown: typeof shown }).progressShown = shown;
      new MutationObserver(() =>
        shown.push({ text: text.textContent ?? '', at: audio.currentTime }),
      ).observe(text, { childList: true, characterData: true, subtree: true });
    });
    await page.getByTestId('sound-check-play').click();
    await expect.poll(() => phase(page)).toBe('playing');
    await expect.poll(() => phase(page)).toBe('ready');
    const shown = await page.evaluate(
      () => (window as unknown as { progressShown: { text: string; at: number }[] }).progressShown,
    );
    const texts = shown.map((s) => s.text).filter((text, i, all) => text !== all[i - 1]);
    expect(texts).toEqual(['0:01 / 0:03', '0:02 / 0:03', '0:03 / 0:03']);
    const oneSecond = shown.find((s) => s.text === '0:01 / 0:03')!;
    expect(oneSecond.at).toBeGreaterThanOrEqual(1);
    expect(oneSecond.at).toBeLessThan(2);
    await context.close();
  });

  it('lists the microphones and speakers once allowed, and records from the one chosen', async () => {
    const context = await rig.chromium.browser.newContext({ permissions: ['microphone'] });
    const page = await context.newPage();
    const openedMicrophones = await noteOpenedMicrophones(page);
    await page.goto(rig.site.url);
    const microphones = page.getByTestId('sound-check-microphone');
    await page.getByTestId('sound-check-record').click();
    await expect.poll(() => phase(page), { timeout: 10_000 }).toBe('ready');
    await expect
      .poll(() => microphones.locator('option').allTextContents())
      .toEqual(['Default', 'Fake Audio Input 1', 'Fake Audio Input 2']);

    await microphones.selectOption({ label: 'Fake Audio Input 2' });
    const chosen = await microphones.inputValue();
    expect(chosen).not.toBe('');
    await page.getByTestId('sound-check-record').click();
    await expect.poll(() => phase(page)).toBe('recording');
    await expect.poll(() => phase(page), { timeout: 10_000 }).toBe('ready');
    expect((await openedMicrophones()).at(-1), 'the chosen microphone was opened').toBe(chosen);
    expect(analyseTone(await recordedClip(page), TONE_HZ).ratio).toBeGreaterThan(0.8);

    // Chromium lets a page choose the output (setSinkId), so the speaker list is offered.
    const speakers = page.getByTestId('sound-check-speaker');
    await speakers.selectOption({ label: 'Fake Audio Output 1' });
    const speaker = await speakers.inputValue();
    await expect
      .poll(() => page.getByTestId('sound-check-audio').evaluate((a: HTMLAudioElement) => a.sinkId))
      .toBe(speaker);

    await page.getByTestId('sound-check-call').click();
    expect((await soundCheckOutcome(page)).done).toEqual([
      { microphoneId: chosen, speakerId: speaker, skipped: false },
    ]);
    await context.close();
  });

  it('tells the journey when the microphone is denied', async () => {
    const context = await rig.chromium.browser.newContext();
    const page = await openSoundCheck(context, rig.site);
    await page.getByTestId('sound-check-record').click();
    await expect
      .poll(async () => (await soundCheckOutcome(page)).microphoneErrors)
      .toEqual(['denied']);
    expect(await phase(page)).toBe('idle');
    expect(await page.getByTestId('sound-check-status').textContent()).toBe(
      'Your browser blocked the microphone.',
    );
    expect((await soundCheckOutcome(page)).done).toEqual([]);
    await context.close();
  });

  it('lets the visitor skip it, in their language, without loading the recorder', async () => {
    const context = await rig.chromium.browser.newContext({ permissions: ['microphone'] });
    const servedBefore = rig.site.served.length;
    const page = await openSoundCheck(context, rig.site, 'fr');
    expect(await page.getByTestId('sound-check-record').textContent()).toBe(
      'Enregistrer un extrait',
    );
    await page.getByRole('button', { name: 'Passer le test du son' }).click();
    expect((await soundCheckOutcome(page)).done).toEqual([
      { microphoneId: '', speakerId: '', skipped: true },
    ]);
    expect(rig.site.served.slice(servedBefore).filter((r) => recorderFiles.test(r.path))).toEqual(
      [],
    );
    await context.close();
  });

  it('meets WCAG 2.2 AA (axe-core) with a clip ready to play', async () => {
    const context = await rig.chromium.browser.newContext({ permissions: ['microphone'] });
    const page = await openSoundCheck(context, rig.site);
    await page.getByTestId('sound-check-record').click();
    await expect.poll(() => phase(page), { timeout: 10_000 }).toBe('ready');
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
    await context.close();
  });
});

describe('the sound check, with a silent microphone (control)', () => {
  const rig = soundCheckRig('sound-check-silent', 0);

  it('shows no level, and neither the clip nor its playback holds the tone', async () => {
    const context = await rig.chromium.browser.newContext({ permissions: ['microphone'] });
    const page = await openSoundCheck(context, rig.site);
    const levelPeak = await watchLevelMeter(page);
    await page.getByTestId('sound-check-record').click();
    await expect.poll(() => phase(page), { timeout: 10_000 }).toBe('ready');
    expect(await levelPeak()).toBeLessThan(0.1);
    expect(analyseTone(await recordedClip(page), TONE_HZ).ratio).toBeLessThan(0.5);

    await page.getByTestId('sound-check-play').click();
    await expect.poll(() => phase(page)).toBe('playing');
    const heard = await probeTone(page, await playedAudio(page), TONE_HZ, 2000);
    expect(heard).toMatchObject({ detected: false });
    await expect
      .poll(() => progressText(page), { interval: 100, timeout: 5000 })
      .toBe('0:03 / 0:03');
    await context.close();
  });
});
