import type { ComponentChildren } from 'preact';
import type { OpeningHours as Hours } from '../../../protocol/api/business-hours.ts';
import type { FallbackPhone } from '../../../protocol/api/public-site-config.ts';
import type { JourneyErrorKind, Messages } from '../i18n/en.ts';
import type { CallbackWhy } from '../journey/journey-step.ts';
import { Screen } from '../journey/Screen.tsx';
import { stepIcons } from '../journey/step-icons.ts';
import { FallbackNumbers } from '../start/FallbackNumbers.tsx';
import { OpeningHours } from './OpeningHours.tsx';

export interface WaysForwardProps {
  messages: Messages;
  phones: FallbackPhone[];
  country: string;
  language: string;
}

/** The fallback numbers under a dead end: the visitor can always still reach a person. */
export function WaysForward({ messages, phones, country, language }: WaysForwardProps) {
  return (
    <FallbackNumbers
      phones={phones}
      country={country}
      language={language}
      lead={messages.common.orCallUs}
      internationalNumbers={messages.start.internationalNumbers}
    />
  );
}

export interface ErrorScreenProps extends WaysForwardProps {
  kind: JourneyErrorKind;
  onRetry?: () => void;
  onCallback(): void;
}

/** Microphone blocked or missing, no WebRTC, network blocked, service down: what to do now. */
export function ErrorScreen(props: ErrorScreenProps) {
  const { messages, kind } = props;
  return (
    <Screen
      title={messages.errors[kind].title}
      testId={`error-${kind}`}
      icon={stepIcons.alert}
      dock={
        <>
          {props.onRetry && (
            <button
              type="button"
              class="ctc-primary"
              onClick={props.onRetry}
              data-testid="error-retry"
            >
              {messages.common.retry}
            </button>
          )}
          <button type="button" onClick={props.onCallback} data-testid="error-callback">
            {messages.common.requestCallback}
          </button>
        </>
      }
    >
      <p>{messages.errors[kind].text}</p>
      <WaysForward {...props} />
    </Screen>
  );
}

export interface CallbackScreenProps extends WaysForwardProps {
  why: CallbackWhy;
  /** Closed hours: when the team opens again, and its week. */
  openingHours?: Hours | undefined;
  /** What the screen says first, when its `why` has words of its own (a long wait). */
  lead?: string;
  /** The callback form's fields. */
  children: ComponentChildren;
  /** Its actions, docked under the scrolling content. */
  dock: ComponentChildren;
}

/**
 * A callback request: after a low rating, outside business hours, with no route, asked for,
 * or right after the visitor hung up while it rang (the abandoned call's own offer).
 */
export function CallbackScreen(props: CallbackScreenProps) {
  const { messages, why } = props;
  const closed = why === 'closed' || why === 'no_route';
  const abandoned = why === 'abandoned';
  const title = closed
    ? messages.closed.title
    : abandoned
      ? messages.abandoned.title
      : messages.callback.title;
  const lead =
    props.lead ??
    (why === 'low_rating'
      ? messages.callback.makeUp
      : why === 'closed'
        ? messages.closed.closed
        : why === 'no_route'
          ? messages.closed.noRoute
          : abandoned
            ? messages.abandoned.lead
            : messages.callback.intro);
  const testId = closed ? 'closed-screen' : abandoned ? 'abandoned-offer' : 'callback-screen';
  return (
    <Screen
      title={title}
      testId={testId}
      icon={closed ? stepIcons.clock : stepIcons.phone}
      dock={props.dock}
    >
      <p>{lead}</p>
      {/* How the call ended, hidden as on the rating screen: what the call-ending tests read. */}
      {abandoned && (
        <span hidden data-testid="call-end-code">
          visitor_hung_up
        </span>
      )}
      {props.openingHours && (
        <OpeningHours
          hours={props.openingHours}
          messages={messages.closed}
          language={props.language}
        />
      )}
      {props.children}
      {closed && <WaysForward {...props} />}
    </Screen>
  );
}

export interface ThanksScreenProps {
  messages: Messages;
  phone?: string;
  onClose(): void;
  onStartOver(): void;
}

export function ThanksScreen({ messages, phone, onClose, onStartOver }: ThanksScreenProps) {
  return (
    <Screen
      title={messages.thanks.title}
      testId="thanks-screen"
      icon={stepIcons.done}
      dock={
        <>
          <button type="button" class="ctc-primary" onClick={onClose} data-testid="thanks-close">
            {messages.common.close}
          </button>
          <button type="button" onClick={onStartOver} data-testid="thanks-start-over">
            {messages.common.startOver}
          </button>
        </>
      }
    >
      <p>{phone ? messages.thanks.callbackAt(phone) : messages.thanks.rated}</p>
    </Screen>
  );
}
