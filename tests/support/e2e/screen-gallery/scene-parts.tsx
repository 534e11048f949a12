// The widget's screens with the props the journey (widget/src/journey/Journey.tsx) would give
// them, canned: what the API, the gateway or the visitor would have said is in canned.ts.
import type { ConnectionTest } from '../../../../protocol/api/connection-test.ts';
import type { CallbackSlotRefusal } from '../../../../protocol/api/callback-slots.ts';
import { ErrorScreen, ThanksScreen } from '../../../../widget/src/after-call/OutcomeScreens.tsx';
import { RatingScreen } from '../../../../widget/src/after-call/RatingScreen.tsx';
import { VisitorApiError } from '../../../../widget/src/api/visitor-api.ts';
import { CallScreen } from '../../../../widget/src/call/CallScreen.tsx';
import { CaptchaScreen } from '../../../../widget/src/captcha/CaptchaScreen.tsx';
import { connectionTestMessages } from '../../../../widget/src/connection-test/connection-test-messages.ts';
import { ConnectionTestScreen } from '../../../../widget/src/connection-test/ConnectionTestScreen.tsx';
import type { TestPhase } from '../../../../widget/src/connection-test/test-progress.ts';
import type { JourneyErrorKind, Messages } from '../../../../widget/src/i18n/en.ts';
import { messagesIn } from '../../../../widget/src/i18n/messages-for.ts';
import { CallbackStep } from '../../../../widget/src/journey/CallbackStep.tsx';
import { retryStepFor, type CallbackWhy } from '../../../../widget/src/journey/journey-step.ts';
import { soundCheckMessages } from '../../../../widget/src/sound-check/sound-check-messages.ts';
import { SoundCheckScreen } from '../../../../widget/src/sound-check/SoundCheckScreen.tsx';
import { FallbackNumbers } from '../../../../widget/src/start/FallbackNumbers.tsx';
import { StartScreen } from '../../../../widget/src/start/StartScreen.tsx';
import { useConsentNotice } from '../../../../widget/src/start/useConsentNotice.ts';
import { ExpectedWaitNote } from '../../../../widget/src/wait/ExpectedWaitNote.tsx';
import type { WaitAnswer } from '../../../../widget/src/wait/useExpectedWait.ts';
import type { CannedCall } from './call-client-stand-in.ts';
import {
  choicesIn,
  closedHours,
  longWait,
  queueNameIn,
  shortWait,
  site,
  slots,
  type Language,
} from './canned.ts';

export interface SceneProps {
  language: Language;
  messages: Messages;
}

const noop = () => undefined;
/** An answer that never comes: the screen stays as the visitor left it. */
const never = () => new Promise<never>(() => undefined);

/** The numbers to call instead, under every step before the call ends (as Journey does). */
function Fallback({ language, messages }: SceneProps) {
  return (
    <FallbackNumbers
      phones={site(false).fallbackPhones}
      country={choicesIn(language).country}
      language={language}
      lead={messages.start.orCallFrom}
      internationalNumbers={messages.start.internationalNumbers}
    />
  );
}

function WaitNote({ language, messages, answer }: SceneProps & { answer: WaitAnswer }) {
  return (
    <ExpectedWaitNote
      ask={() => Promise.resolve(answer)}
      messages={messages.wait}
      language={language}
      onCallbackInstead={noop}
    />
  );
}

export function StartScene(props: SceneProps & { withNotice?: boolean; longWait?: boolean }) {
  const shown = site(!!props.withNotice);
  const consent = useConsentNotice(shown.consentNotice, props.language);
  return (
    <StartScreen
      site={shown}
      choices={choicesIn(props.language)}
      onChoices={noop}
      onCall={noop}
      messages={props.messages}
      focus={false}
      consent={consent}
      note={props.longWait && <WaitNote {...props} answer={longWait} />}
    />
  );
}

export const CaptchaScene = (props: SceneProps) => (
  <CaptchaScreen
    siteKey={site(false).captchaSiteKey}
    scriptUrl={site(false).captchaScriptUrl}
    language={props.language}
    messages={props.messages.captcha}
    retry={props.messages.common.retry}
    verify={never}
    fallback={<Fallback {...props} />}
  />
);

export interface ConnectionSceneProps extends SceneProps {
  run(onPhase: (phase: TestPhase) => void): Promise<ConnectionTest>;
}

export const ConnectionScene = (props: ConnectionSceneProps) => (
  <ConnectionTestScreen
    messages={messagesIn(connectionTestMessages, props.language)}
    run={props.run}
    onDone={noop}
    fallback={<Fallback {...props} />}
  />
);

export const SoundScene = (props: SceneProps) => (
  <SoundCheckScreen
    messages={messagesIn(soundCheckMessages, props.language)}
    onDone={noop}
    onMicrophoneError={noop}
    fallback={<Fallback {...props} />}
  />
);

/** The call, dialled at once; the stand-in call client plays what `call` names. */
export const CallScene = (props: SceneProps & { call: CannedCall }) => (
  <CallScreen
    autoStart
    queueName={queueNameIn(props.language)}
    requestCall={() =>
      Promise.resolve({
        gatewayUrl: 'wss://gateway.invalid/sip',
        callToken: props.call,
        iceServers: [],
      })
    }
    messages={props.messages.call}
    language={props.language}
    fallback={<Fallback {...props} />}
    ringingNote={<WaitNote {...props} answer={shortWait} />}
  >
    <div class="ctc-actions">
      <button type="button" data-testid="call-request-callback">
        {props.messages.common.requestCallback}
      </button>
    </div>
  </CallScreen>
);

export const RatingScene = ({ messages }: SceneProps) => (
  <RatingScreen
    messages={messages.rating}
    callEnded={{ text: messages.call.ended.agent_hung_up, code: 'agent_hung_up' }}
    send={never}
    onSent={noop}
    onSkip={noop}
  />
);

export interface CallbackSceneProps extends SceneProps {
  why: CallbackWhy;
  /** The API refuses the time chosen, for this reason. */
  refuse?: CallbackSlotRefusal;
}

export function CallbackScene({ language, messages, why, refuse }: CallbackSceneProps) {
  const step = {
    name: 'callback' as const,
    why,
    ...(why === 'closed' ? { openingHours: closedHours } : {}),
    ...(why === 'long_wait' ? { slot: longWait.callbackInstead! } : {}),
  };
  return (
    <CallbackStep
      step={step}
      site={site(false)}
      choices={choicesIn(language)}
      messages={messages}
      listSlots={() => Promise.resolve({ timeZone: closedHours.timeZone, slots })}
      requestCallback={
        refuse ? () => Promise.reject(new VisitorApiError(422, refuse, 'refused')) : never
      }
      onSent={noop}
      onDecline={noop}
    />
  );
}

export const ThanksScene = ({ messages, phone }: SceneProps & { phone?: string }) => (
  <ThanksScreen
    messages={messages}
    {...(phone ? { phone } : {})}
    onClose={noop}
    onStartOver={noop}
  />
);

export const ErrorScene = ({
  language,
  messages,
  kind,
}: SceneProps & { kind: JourneyErrorKind }) => (
  <ErrorScreen
    messages={messages}
    phones={site(false).fallbackPhones}
    country={choicesIn(language).country}
    language={language}
    kind={kind}
    {...(retryStepFor(kind) ? { onRetry: noop } : {})}
    onCallback={noop}
  />
);
