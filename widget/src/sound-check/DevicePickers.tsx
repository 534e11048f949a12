import type { SoundCheckMessages } from './sound-check-messages.ts';
import { canChooseSpeaker, type AudioDevices } from './useAudioDevices.ts';

export interface DevicePickersProps {
  devices: AudioDevices;
  /** '' is the browser's default device. */
  microphoneId: string;
  speakerId: string;
  onMicrophone(deviceId: string): void;
  onSpeaker(deviceId: string): void;
  /** While recording, the microphone cannot change. */
  disabled: boolean;
  messages: SoundCheckMessages;
}

/** The microphone to use, and the speaker where the browser lets a page choose it. */
export function DevicePickers(props: DevicePickersProps) {
  const { devices, messages } = props;
  return (
    <div class="ctc-sound-devices">
      <label class="ctc-field">
        {messages.microphone}
        <select
          data-testid="sound-check-microphone"
          value={props.microphoneId}
          disabled={props.disabled}
          onChange={(event) => props.onMicrophone(event.currentTarget.value)}
        >
          <option value="">{messages.defaultDevice}</option>
          {devices.microphones.map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || messages.unnamedMicrophone(index + 1)}
            </option>
          ))}
        </select>
      </label>
      {canChooseSpeaker() && (
        <label class="ctc-field">
          {messages.speaker}
          <select
            data-testid="sound-check-speaker"
            value={props.speakerId}
            onChange={(event) => props.onSpeaker(event.currentTarget.value)}
          >
            <option value="">{messages.defaultDevice}</option>
            {devices.speakers.map((device, index) => (
              <option key={device.deviceId} value={device.deviceId}>
                {device.label || messages.unnamedSpeaker(index + 1)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
