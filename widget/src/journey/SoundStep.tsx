import type { ComponentChildren } from 'preact';
import { messagesIn } from '../i18n/messages-for.ts';
import { SoundCheckScreen, type SoundCheckChoice } from '../sound-check/SoundCheckScreen.tsx';
import { soundCheckMessages } from '../sound-check/sound-check-messages.ts';
import type { MicrophoneProblem } from '../sound-check/microphone-error.ts';

export interface SoundStepProps {
  language: string;
  onDone(choice: SoundCheckChoice): void;
  onMicrophoneError(kind: MicrophoneProblem): void;
  /** The number to call instead, under the step. */
  fallback: ComponentChildren;
}

/** The sound check in the visitor's language (its code and catalog load with this step). */
export function SoundStep({ language, onDone, onMicrophoneError, fallback }: SoundStepProps) {
  return (
    <SoundCheckScreen
      messages={messagesIn(soundCheckMessages, language)}
      onDone={onDone}
      onMicrophoneError={onMicrophoneError}
      fallback={fallback}
    />
  );
}
