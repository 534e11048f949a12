import { useCallback, useEffect, useState } from 'preact/hooks';

export interface AudioDevices {
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
  /** Lists the devices again: after the microphone is allowed they come with their names. */
  refresh(): void;
}

/**
 * The visitor's microphones and speakers, kept current when a device is plugged in or out.
 * Before the microphone is allowed, browsers list devices without ids or names: then only
 * the "Default" choice is offered. Chromium's own "default" entry is that same choice.
 */
export function useAudioDevices(): AudioDevices {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const refresh = useCallback(() => {
    navigator.mediaDevices?.enumerateDevices().then(setDevices, () => setDevices([]));
  }, []);
  useEffect(() => {
    refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh);
  }, [refresh]);
  const choosable = (kind: MediaDeviceKind) =>
    devices.filter(
      (device) => device.kind === kind && device.deviceId !== '' && device.deviceId !== 'default',
    );
  return { microphones: choosable('audioinput'), speakers: choosable('audiooutput'), refresh };
}

/** Whether this browser lets a page choose where audio plays (Chromium does, Safari not yet). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}
