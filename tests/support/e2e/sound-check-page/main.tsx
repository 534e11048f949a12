// Test-only host for the widget's Sound check screen: renders it alone, in the language of
// `?language=`, and keeps what it reports to the journey in `window.soundCheckOutcome`.
import { render } from 'preact';
import {
  SoundCheckScreen,
  type SoundCheckChoice,
} from '../../../../widget/src/sound-check/SoundCheckScreen.tsx';
import { soundCheckMessages } from '../../../../widget/src/sound-check/sound-check-messages.ts';
import '../../../../widget/src/widget.css';

export interface SoundCheckOutcome {
  done: SoundCheckChoice[];
  microphoneErrors: string[];
}

const outcome: SoundCheckOutcome = { done: [], microphoneErrors: [] };
(window as unknown as { soundCheckOutcome: SoundCheckOutcome }).soundCheckOutcome = outcome;

const language = new URLSearchParams(location.search).get('language') ?? 'en';
const messages =
  soundCheckMessages[language as keyof typeof soundCheckMessages] ?? soundCheckMessages.en;
document.documentElement.lang = language;

render(
  <SoundCheckScreen
    messages={messages}
    onDone={(choice) => outcome.done.push(choice)}
    onMicrophoneError={(kind) => outcome.microphoneErrors.push(kind)}
  />,
  document.getElementById('click-to-call') as HTMLElement,
);
