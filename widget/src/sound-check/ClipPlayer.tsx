import { useEffect, useRef, useState } from 'preact/hooks';
import { playbackText } from './playback-clock.ts';
import type { SoundCheckMessages } from './sound-check-messages.ts';
import { canChooseSpeaker } from './useAudioDevices.ts';

export interface ClipPlayerProps {
  /** The recorded clip's object URL. */
  clipUrl: string;
  /** The chosen speaker's deviceId, '' for the default. */
  speakerId: string;
  playing: boolean;
  onPlay(): void;
  /** Playback ended or was stopped. */
  onPlayed(): void;
  /** The browser refused the chosen speaker: the clip plays on the default one. */
  onSpeakerRefused(): void;
  messages: SoundCheckMessages;
}

/** Plays the clip back: Play/Stop, a progress bar and "0:01 / 0:03". */
export function ClipPlayer(props: ClipPlayerProps) {
  const { speakerId, onSpeakerRefused, messages } = props;
  const audio = useRef<HTMLAudioElement>(null);
  const [position, setPosition] = useState(0);
  const [duration, setDuration] = useState(0);
  const length = Number.isFinite(duration) && duration > 0 ? duration : 0;

  useEffect(() => {
    const element = audio.current;
    if (!element || !canChooseSpeaker()) return;
    element.setSinkId(speakerId).catch(onSpeakerRefused);
  }, [speakerId, onSpeakerRefused]);

  const toggle = () => {
    const element = audio.current;
    if (!element) return;
    if (props.playing) {
      element.pause();
      return;
    }
    element.currentTime = 0;
    setPosition(0);
    props.onPlay();
    // Pressed Play is a user gesture, so autoplay rules do not stop it.
    element.play().catch(props.onPlayed);
  };

  return (
    <div class="ctc-sound-player">
      <audio
        ref={audio}
        src={props.clipUrl}
        preload="auto"
        data-testid="sound-check-audio"
        onLoadedMetadata={(event) => setDuration(event.currentTarget.duration)}
        onTimeUpdate={(event) => setPosition(event.currentTarget.currentTime)}
        onPause={props.onPlayed}
      />
      <button type="button" data-testid="sound-check-play" onClick={toggle}>
        {props.playing ? messages.stop : messages.play}
      </button>
      <progress
        aria-label={messages.position}
        max={length || 1}
        value={Math.min(position, length)}
        data-testid="sound-check-progress"
      />
      <span class="ctc-sound-clock" data-testid="sound-check-progress-text">
        {playbackText(position, length)}
      </span>
    </div>
  );
}
