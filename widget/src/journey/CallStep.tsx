import type { ComponentChildren } from 'preact';
import { CallScreen, type CallOutcome, type CallSetup } from '../call/CallScreen.tsx';
import type { Messages } from '../i18n/en.ts';

export interface CallStepProps {
  messages: Messages;
  /** The visitor's language (the call's own strings, such as its quality warnings, load with it). */
  language?: string;
  queueName: string;
  requestCall(): Promise<CallSetup>;
  speakerId: string;
  onEvent(
    name: 'call_started' | 'call_answered' | 'call_ended',
    detail?: Record<string, string>,
  ): void;
  onEnded(outcome: CallOutcome): void;
  /** Ways forward under a call that failed. */
  children: ComponentChildren;
  /** The number to call instead, under the call throughout. */
  fallback: ComponentChildren;
  /** Shown while it rings (the expected wait). */
  ringingNote?: ComponentChildren;
}

/** The call, dialled at once: the visitor pressed CLICK TO CALL at the end of the sound check. */
export function CallStep(props: CallStepProps) {
  return (
    <CallScreen
      autoStart
      queueName={props.queueName}
      requestCall={props.requestCall}
      messages={props.messages.call}
      language={props.language}
      speakerId={props.speakerId}
      onEvent={props.onEvent}
      onEnded={props.onEnded}
      fallback={props.fallback}
      ringingNote={props.ringingNote}
    >
      {props.children}
    </CallScreen>
  );
}
