import type { Frame, JSHandle, Page } from 'playwright-core';
import { decodeWav, type PcmAudio } from '../../../infra/rig/wav.ts';
import type { PageDriver } from './page-driver.ts';
import { playwrightPageDriver } from './playwright-page-driver.ts';
import type { SoundCheckOutcome } from './sound-check-page.ts';

type ProbedWindow = Window & {
  soundCheckOutcome: SoundCheckOutcome;
  levelPeak?: number;
  openedMicrophones?: string[];
};

/** What the screen reported to the journey (onDone, onMicrophoneError). */
export function soundCheckOutcome(page: Page): Promise<SoundCheckOutcome> {
  return page.evaluate(() => (window as unknown as ProbedWindow).soundCheckOutcome);
}

/**
 * Starts sampling the level meter's value every 20 ms; the returned function reads the
 * highest value seen since.
 */
export async function watchLevelMeter(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const probed = window as unknown as ProbedWindow;
    probed.levelPeak = 0;
    const meter = document.querySelector('[data-testid="sound-check-level"]') as HTMLMeterElement;
    setInterval(() => {
      probed.levelPeak = Math.max(probed.levelPeak ?? 0, meter.value);
    }, 20);
  });
  return () => page.evaluate(() => (window as unknown as ProbedWindow).levelPeak ?? 0);
}

/**
 * Before any page script runs: notes the deviceId of every microphone track the page opens,
 * as the browser reports it (what was really opened, not what was asked for).
 */
export async function noteOpenedMicrophones(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const probed = window as unknown as ProbedWindow;
    probed.openedMicrophones = [];
    const devices = navigator.mediaDevices;
    const getUserMedia = devices.getUserMedia.bind(devices);
    devices.getUserMedia = async (constraints) => {
      const stream = await getUserMedia(constraints);
      for (const track of stream.getAudioTracks())
        probed.openedMicrophones?.push(track.getSettings().deviceId ?? '');
      return stream;
    };
  });
  return () => page.evaluate(() => (window as unknown as ProbedWindow).openedMicrophones ?? []);
}

/** The recorded clip, read back from the playback element's object URL and decoded. */
export async function recordedClip(target: Page | Frame | PageDriver): Promise<PcmAudio> {
  const page = 'engine' in target ? target : playwrightPageDriver(target);
  const base64 = await page.evaluate(async () => {
    const audio = document.querySelector('[data-testid="sound-check-audio"]') as HTMLAudioElement;
    const blob = await (await fetch(audio.src)).blob();
    const dataUrl = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsDataURL(blob);
    });
    return dataUrl.slice(dataUrl.indexOf(',') + 1);
  });
  return decodeWav(Buffer.from(base64, 'base64'));
}

/** What the playback element is playing, as a stream (captureStream): what the visitor hears. */
export async function playedAudio(page: Page | Frame): Promise<JSHandle<MediaStream>> {
  return (await page.evaluateHandle(() =>
    (
      document.querySelector('[data-testid="sound-check-audio"]') as HTMLAudioElement & {
        captureStream(): MediaStream;
      }
    ).captureStream(),
  )) as JSHandle<MediaStream>;
}

export interface PageRequest {
  url: string;
  method: string;
  /** Bytes the request carried, 0 for none. */
  bodyBytes: number;
}

/** Every request the page makes from now on (fetch, XHR, beacons, media), and WebSockets. */
export function logPageRequests(page: Page): PageRequest[] {
  const log: PageRequest[] = [];
  page.on('request', (request) =>
    log.push({
      url: request.url(),
      method: request.method(),
      bodyBytes: request.postDataBuffer()?.length ?? 0,
    }),
  );
  page.on('websocket', (socket) =>
    log.push({ url: socket.url(), method: 'WEBSOCKET', bodyBytes: 0 }),
  );
  return log;
}
