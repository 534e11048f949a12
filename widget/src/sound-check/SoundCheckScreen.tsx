import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { Screen } from '../journey/Screen.tsx';
import { ClipPlayer } from './ClipPlayer.tsx';
import { DevicePickers } from './DevicePickers.tsx';
import { MicrophoneError, type MicrophoneProblem } from './microphone-error.ts';
import type { SoundCheckMessages } from './sound-check-messages.ts';
import { clipOf, nextSoundCheckState, type SoundCheckState } from './sound-check-state.ts';
import { useAudioDevices } from './useAudioDevices.ts';
import { useCountdown } from './useCountdown.ts';
import './sound-check.css';

/** About 3 s: long enough to say a few words, short enough not to hold the visitor up. */
const CLIP_MS = 3000;
/** The header's icon (a path, as Screen.tsx takes): here, out of the Start screen's download. */
const microphoneIcon =
  'M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9z';

export interface SoundCheckChoice {
  /** The microphone for the call, '' for the browser's default. */
  microphoneId: string;
  /** The speaker for the call, '' for the default (or where the browser cannot choose). */
  speakerId: string;
  /** The visitor skipped the check. */
  skipped: boolean;
}

export interface SoundCheckScreenProps {
  messages: SoundCheckMessages;
  /** Click to call (or Skip): the journey moves on with the devices chosen here. */
  onDone(choice: SoundCheckChoice): void;
  /** The microphone is blocked or absent: the journey shows its own screen for it. */
  onMicrophoneError(kind: MicrophoneProblem): void;
  /** The number to call instead, under the step (as under every step). */
  fallback?: ComponentChildren;
}

/**
 * Sound check: record about 3 s with opus-recorder (loaded on the first Record), watch the
 * input level, play the clip back, choose microphone and speaker, then call. The clip is
 * an object URL in this page: it is never uploaded.
 */
export function SoundCheckScreen({
  messages,
  onDone,
  onMicrophoneError,
  fallback,
}: SoundCheckScreenProps) {
  const [state, dispatch] = useReducer(nextSoundCheckState, { phase: 'idle' });
  const [level, setLevel] = useState(0);
  const [microphoneId, setMicrophoneId] = useState('');
  const [speakerId, setSpeakerId] = useState('');
  const devices = useAudioDevices();
  const recording = useRef<AbortController | undefined>(undefined);
  const clipUrl = clipOf(state);
  const secondsLeft = useCountdown(
    state.phase === 'recording' ? state.startedAt : undefined,
    CLIP_MS,
  );

  useEffect(() => (clipUrl ? () => URL.revokeObjectURL(clipUrl) : undefined), [clipUrl]);
  useEffect(() => () => recording.current?.abort(), []);

  const record = async () => {
    // A ref, not the state: a double press must not open the microphone twice.
    if (recording.current) return;
    dispatch({ type: 'record' });
    const controller = new AbortController();
    recording.current = controller;
    try {
      // Made in the click itself: Safari starts audio only from a user gesture, and loading
      // the recorder and the microphone prompt come in between. recordClip closes it.
      const context = new AudioContext();
      const { recordClip } = await import('./record-clip.ts').catch((error: unknown) => {
        void context.close();
        throw error;
      });
      const clip = await recordClip({
        context,
        microphoneId,
        durationMs: CLIP_MS,
        signal: controller.signal,
        onLevel: setLevel,
        onRecording: () => {
          dispatch({ type: 'recording', at: Date.now() });
          devices.refresh();
        },
      });
      dispatch({ type: 'recorded', clipUrl: clip.url });
    } catch (error) {
      if (controller.signal.aborted) return;
      const problem = error instanceof MicrophoneError ? error.kind : 'failed';
      dispatch({ type: 'failed', problem });
      if (error instanceof MicrophoneError) onMicrophoneError(error.kind);
    } finally {
      if (recording.current === controller) recording.current = undefined;
    }
  };
  const finish = (skipped: boolean) => {
    recording.current?.abort();
    onDone({ microphoneId, speakerId, skipped });
  };
  const onSpeakerRefused = useCallback(() => setSpeakerId(''), []);
  const busy = state.phase === 'starting' || state.phase === 'recording';

  return (
    <Screen
      title={messages.title}
      testId="sound-check"
      icon={microphoneIcon}
      tone="check"
      class="ctc-sound-check"
      phase={state.phase}
      dock={
        clipUrl ? (
          <button
            type="button"
            class="ctc-primary"
            data-testid="sound-check-call"
            onClick={() => finish(false)}
          >
            {messages.call}
          </button>
        ) : (
          <button type="button" data-testid="sound-check-skip" onClick={() => finish(true)}>
            {messages.skip}
          </button>
        )
      }
    >
      <p>{messages.intro}</p>
      <DevicePickers
        devices={devices}
        microphoneId={microphoneId}
        speakerId={speakerId}
        onMicrophone={setMicrophoneId}
        onSpeaker={setSpeakerId}
        disabled={busy}
        messages={messages}
      />
      <label class="ctc-sound-level">
        {messages.level}
        <meter
          min={0}
          max={1}
          low={0.2}
          high={0.9}
          optimum={0.6}
          value={level}
          data-testid="sound-check-level"
        />
      </label>
      {/* aria-disabled, not disabled: the button keeps the keyboard focus while it records. */}
      <button
        type="button"
        class={clipUrl ? undefined : 'ctc-primary'}
        aria-disabled={busy}
        data-testid="sound-check-record"
        onClick={record}
      >
        {clipUrl ? messages.recordAgain : messages.record}
      </button>
      {state.phase === 'recording' && (
        <p role="timer" data-testid="sound-check-countdown">
          {messages.secondsLeft(secondsLeft)}
        </p>
      )}
      {clipUrl && (
        <ClipPlayer
          clipUrl={clipUrl}
          speakerId={speakerId}
          playing={state.phase === 'playing'}
          onPlay={() => dispatch({ type: 'play' })}
          onPlayed={() => dispatch({ type: 'played' })}
          onSpeakerRefused={onSpeakerRefused}
          messages={messages}
        />
      )}
      <p role="status" aria-live="polite" data-testid="sound-check-status">
        {statusText(state, messages)}
      </p>
      <p class="ctc-sound-privacy">{messages.privacy}</p>
      {fallback}
    </Screen>
  );
}

/** What the live region reads out for each step. */
function statusText(state: SoundCheckState, messages: SoundCheckMessages): string {
  switch (state.phase) {
    case 'idle':
      return state.problem ? messages.problem[state.problem] : '';
    case 'starting':
      return messages.status.starting;
    case 'recording':
      return messages.status.recording;
    case 'ready':
      return state.played ? messages.status.played : messages.status.ready;
    case 'playing':
      return messages.status.playing;
  }
}
