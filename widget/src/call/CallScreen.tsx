import type { ComponentChildren } from 'preact';
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { VisitorCallEndCode } from '../../../protocol/call-end-reason.ts';
import type { Messages } from '../i18n/en.ts';
import { messagesIn } from '../i18n/messages-for.ts';
import { Screen } from '../journey/Screen.tsx';
import { stepIcons } from '../journey/step-icons.ts';
import type { CallClient } from './call-client.ts';
import { callFailureCode } from './call-failure.ts';
import { formatDuration, nextCallState } from './call-state.ts';
import { callTitle } from './call-title.ts';
import { Keypad } from './Keypad.tsx';
import { MuteButton } from './MuteButton.tsx';
import { qualityMessages } from './quality-messages.ts';
import { QualityWarnings } from './QualityWarnings.tsx';
import { useCallQuality } from './useCallQuality.ts';
import { useCallTimer } from './useCallTimer.ts';

export interface CallSetup {
  gatewayUrl: string;
  callToken: string;
  iceServers: RTCIceServer[];
  microphoneId?: string;
}

/** How a call ended, for what the journey shows next (rating after a talk). */
export interface CallOutcome {
  code: VisitorCallEndCode;
  answered: boolean;
}

export interface CallScreenProps {
  /** Shown under the agent's name, e.g. "English Technical Support". */
  queueName: string;
  /**
   * Asks the API for a call token; rejecting with CallNotPlaced means the journey has moved on
   * (e.g. to the Closed screen) and the call screen should stay quiet.
   */
  requestCall(): Promise<CallSetup>;
  messages: Messages['call'];
  /** The visitor's language, for the in-call quality warnings (their strings load with the call). */
  language?: string;
  /** Dials as soon as it is shown (the visitor pressed CLICK TO CALL on the step before). */
  autoStart?: boolean;
  /** The speaker picked in the sound check, where the browser lets pages choose. */
  speakerId?: string;
  /** Reports call steps to the embedding page's analytics. */
  onEvent?: (
    name: 'call_started' | 'call_answered' | 'call_ended',
    detail?: Record<string, string>,
  ) => void;
  onEnded?(outcome: CallOutcome): void;
  /** Ways forward shown under a failed call (the callback offer). */
  children?: ComponentChildren;
  /** The number to call instead, under every phase of the call (as on every step). */
  fallback?: ComponentChildren;
  /** Shown while it rings (the expected wait). */
  ringingNote?: ComponentChildren;
}

/** Calling, ringing, talking (agent, queue, timer, mute, keypad, end) and how it ended. */
export function CallScreen(props: CallScreenProps) {
  const { queueName, requestCall, messages, onEvent } = props;
  const [state, dispatch] = useReducer(nextCallState, { phase: 'idle' });
  const [muted, setMuted] = useState(false);
  const [keypadOpen, setKeypadOpen] = useState(false);
  const client = useRef<CallClient | undefined>(undefined);
  const audio = useRef<HTMLAudioElement>(null);
  const answered = useRef(false);
  const elapsed = useCallTimer(state.phase === 'talking' ? state.answeredAt : undefined);
  const quality = useCallQuality(client, state.phase === 'talking', muted);

  const finish = (code: VisitorCallEndCode) => {
    dispatch({ type: 'ended', code });
    onEvent?.('call_ended', { reason: code });
    props.onEnded?.({ code, answered: answered.current });
  };
  // End pressed before the call exists (token or sip.js still loading): honoured once it does.
  const hungUpEarly = useRef(false);
  const hangUp = () => {
    if (client.current) return client.current.hangUp();
    hungUpEarly.current = true;
    finish('visitor_hung_up');
  };

  const call = async () => {
    dispatch({ type: 'dial' });
    onEvent?.('call_started');
    setMuted(false);
    hungUpEarly.current = false;
    answered.current = false;
    client.current = undefined;
    try {
      const setup = await requestCall();
      // sip.js loads only when the visitor calls: the Start screen stays small.
      const { startCall } = await import('./call-client.ts');
      if (hungUpEarly.current) return;
      client.current = await startCall({
        ...setup,
        audio: audio.current as HTMLAudioElement,
        onRinging: () => dispatch({ type: 'ringing' }),
        onAnswered: () => {
          answered.current = true;
          dispatch({ type: 'answered', at: Date.now() });
          onEvent?.('call_answered');
        },
        onAgentName: (name) => dispatch({ type: 'agent', name }),
        onHold: (held) => dispatch({ type: 'hold', held }),
        onTransfer: (transferring) => dispatch({ type: 'transfer', transferring, at: Date.now() }),
        onEnded: finish,
      });
      if (hungUpEarly.current) client.current.hangUp();
    } catch (error) {
      const code = callFailureCode(error);
      if (code && !hungUpEarly.current) finish(code);
    }
  };
  useEffect(() => {
    const element = audio.current as
      (HTMLAudioElement & { setSinkId?(id: string): Promise<void> }) | null;
    if (props.speakerId && element?.setSinkId)
      void element.setSinkId(props.speakerId).catch(() => undefined);
    if (props.autoStart) void call();
    // Leaving the screen (the widget closes) must not leave a call running.
    return () => client.current?.hangUp();
  }, []);
  const toggleMute = () => {
    client.current?.setMuted(!muted);
    setMuted(!muted);
  };

  const active =
    state.phase === 'connecting' || state.phase === 'ringing' || state.phase === 'talking';
  const status =
    state.phase === 'talking'
      ? state.held
        ? messages.onHold
        : state.agentName
          ? messages.talkingTo(state.agentName)
          : messages.connected
      : state.phase === 'ringing'
        ? messages.ringing
        : state.phase === 'connecting'
          ? messages.calling
          : state.phase === 'ended'
            ? messages.ended[state.code]
            : '';

  const title = callTitle(state, queueName, messages);
  return (
    <Screen
      title={title}
      testId="call-step"
      icon={stepIcons.phone}
      tone="call"
      dock={
        active ? (
          // Two rows in any language (widget.css): mute across the top, then the keypad and
          // End, last in reading and tab order as on a phone's call screen.
          <div class="ctc-call-controls">
            <MuteButton muted={muted} label={messages.mute} onToggle={toggleMute} />
            <button
              type="button"
              aria-expanded={keypadOpen}
              data-testid="call-keypad-toggle"
              onClick={() => setKeypadOpen(!keypadOpen)}
            >
              {messages.keypad}
            </button>
            <button type="button" class="ctc-danger" data-testid="call-end" onClick={hangUp}>
              {messages.end}
            </button>
          </div>
        ) : (
          <button type="button" class="ctc-primary" data-testid="call-start" onClick={call}>
            {state.phase === 'ended' ? messages.callAgain : messages.call}
          </button>
        )
      }
    >
      <div class="ctc-call" data-testid="call-screen" data-phase={state.phase}>
        <audio ref={audio} autoplay data-testid="call-audio" />
        <p
          // Said to screen readers as it changes; not shown twice when the title says it.
          class={status === title ? 'ctc-call-status ctc-visually-hidden' : 'ctc-call-status'}
          role="status"
          aria-live="polite"
          data-testid="call-status"
        >
          {status}
        </p>
        {state.phase === 'ended' && (
          <span hidden data-testid="call-end-code">
            {state.code}
          </span>
        )}
        {active && (
          <p class="ctc-call-queue" data-testid="call-queue">
            {queueName}
          </p>
        )}
        {state.phase === 'ringing' && props.ringingNote}
        {state.phase === 'talking' && (
          // Large, in even-width digits that do not jitter as they tick.
          <p class="ctc-call-timer" data-testid="call-timer">
            {formatDuration(elapsed)}
          </p>
        )}
        {state.phase === 'talking' && (
          <QualityWarnings
            quality={quality}
            messages={messagesIn(qualityMessages, props.language)}
          />
        )}
        {active && keypadOpen && (
          <Keypad label={messages.keypad} onDigit={(digit) => client.current?.sendDigits(digit)} />
        )}
        {state.phase === 'ended' && props.children}
        {props.fallback}
      </div>
    </Screen>
  );
}
