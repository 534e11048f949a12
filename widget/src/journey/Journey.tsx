import { useEffect, useRef, useState } from 'preact/hooks';
import type { CallbackSlot } from '../../../protocol/api/callback-slots.ts';
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';
import type { Session } from '../../../protocol/api/session.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import type { WidgetEventName } from '../../../protocol/widget-event-names.ts';
import { ErrorScreen, ThanksScreen } from '../after-call/OutcomeScreens.tsx';
import { RatingScreen } from '../after-call/RatingScreen.tsx';
import type { VisitorApi } from '../api/visitor-api.ts';
import { CaptchaScreen } from '../captcha/CaptchaScreen.tsx';
import { CallNotPlaced } from '../call/call-failure.ts';
import { messagesFor } from '../i18n/messages-for.ts';
import { FallbackNumbers } from '../start/FallbackNumbers.tsx';
import { currentNoticeAfter } from '../start/outdated-notice.ts';
import { StartScreen } from '../start/StartScreen.tsx';
import { useConsentNotice } from '../start/useConsentNotice.ts';
import {
  lowRating,
  offeredCallback,
  retryStepFor,
  stepAfterCall,
  type JourneyStep,
} from './journey-step.ts';
import {
  CallbackStep,
  CallStep,
  ConnectionStep,
  ExpectedWaitNote,
  SoundStep,
} from './lazy-steps.ts';

export interface JourneyProps {
  api: VisitorApi;
  site: PublicSiteConfig;
  initialChoices: RoutingData;
  /**
   * Overrides the gateway the API chose (development): a token the API bound to a gateway
   * node works only at that node.
   */
  gatewayUrl?: string;
  notify(name: WidgetEventName, detail?: Record<string, string | number | boolean>): void;
  /** The visitor is done: the embedding page may close the widget. */
  onClose(): void;
  /**
   * The loader opened the widget in its frame and focused it: the Start screen takes the
   * focus from the first render too (opened from a direct link, the page keeps it).
   */
  focusFirstScreen?: boolean;
}

/** How often the ringing screen asks the API for its call's expected wait again. */
const expectedWaitPollSeconds = 10;

/** A fresh key per form, so a retried request is recognised as the same one by the API. */
const newKey = () => crypto.randomUUID();

/** The visitor's whole journey, from Start to Thanks, with a way forward from every dead end. */
export function Journey(props: JourneyProps) {
  const { api, site, initialChoices, gatewayUrl, notify, onClose } = props;
  const [step, setStep] = useState<JourneyStep>({ name: 'start' });
  const [choices, setChoices] = useState(initialChoices);
  const [queueName, setQueueName] = useState('');
  /** The queue the API routed the visitor's choices to (its id), once it said. */
  const queue = useRef<string | undefined>(undefined);
  const session = useRef<Session | undefined>(undefined);
  const connectionTest = useRef<ConnectionTest | undefined>(undefined);
  /** The gateway node the connection test ran on: the call asks to be placed there too. */
  const testedNode = useRef<string | undefined>(undefined);
  const microphoneId = useRef('');
  const speakerId = useRef('');
  const callId = useRef<string | undefined>(undefined);
  /** The visitor left the ringing call for "call me back instead": its end leads nowhere. */
  const leftCallForCallback = useRef(false);
  /** The call being placed now, for its expected wait while it rings (a render, unlike the ref). */
  const [placedCallId, setPlacedCallId] = useState<string | undefined>(undefined);
  const formKey = useRef(newKey());
  const firstScreen = useRef(true);
  useEffect(() => {
    firstScreen.current = step.name === 'start' && firstScreen.current;
    formKey.current = newKey();
  }, [step]);

  const messages = messagesFor(choices.language);
  const consent = useConsentNotice(site.consentNotice, choices.language);
  useEffect(() => {
    // Screen readers pick their voice from it.
    document.documentElement.lang = choices.language;
  }, [choices.language]);

  const token = () => session.current?.sessionToken ?? '';
  const sessionValid = () =>
    !!session.current && Date.parse(session.current.expiresAt) - Date.now() > 60_000;

  /**
   * Tells the embedding page's analytics what happened, with what the call is about (the
   * intent) and the queue it went to once known: never anything personal.
   */
  const report: JourneyProps['notify'] = (name, detail) =>
    notify(name, {
      ...detail,
      intent: choices.intent,
      ...(queue.current ? { queue: queue.current } : {}),
    });

  const afterSession = async (next: 'call' | 'callback') => {
    if (next === 'callback') return setStep({ name: 'callback', why: 'asked' });
    try {
      const availability = await api.checkAvailability(token(), choices);
      queue.current = availability.queue;
      if (availability.kind === 'callback') {
        report('callback_offered', { reason: availability.reason });
        return setStep(offeredCallback(availability));
      }
      setQueueName(availability.queueDisplayName);
      setStep({ name: 'connection' });
    } catch {
      setStep({ name: 'error', kind: 'unavailable' });
    }
  };
  const startCallJourney = () => {
    // The visitor's choices may have changed since the last call: its queue is unknown again.
    queue.current = undefined;
    report('call_clicked');
    if (typeof RTCPeerConnection === 'undefined')
      return setStep({ name: 'error', kind: 'no_webrtc' });
    if (sessionValid()) return void afterSession('call');
    setStep({ name: 'captcha', next: 'call' });
  };
  const askCallback = () =>
    sessionValid()
      ? setStep({ name: 'callback', why: 'asked' })
      : setStep({ name: 'captcha', next: 'callback' });

  const requestCall = async () => {
    // A new call: until its grant, there is none to link a callback to (hung up early).
    callId.current = undefined;
    leftCallForCallback.current = false;
    const grant = await api
      .createCall(token(), choices, connectionTest.current, testedNode.current, consent.acceptance)
      .catch(async (error: unknown) => {
        // The site changed its notice since it was accepted: the new one, on Start, to accept.
        consent.renew((await currentNoticeAfter(error, api, site.siteId)).notice);
        setStep({ name: 'start' });
        throw new CallNotPlaced();
      });
    queue.current = grant.queue;
    if (grant.kind === 'callback') {
      // Closed since the availability check (hours just ended): offer the callback instead.
      report('callback_offered', { reason: grant.reason });
      setStep(offeredCallback(grant));
      throw new CallNotPlaced();
    }
    callId.current = grant.callId;
    setPlacedCallId(grant.callId);
    setQueueName(grant.queueDisplayName);
    return {
      // The gateway node the API placed the call on: the only one its token is good for.
      gatewayUrl: gatewayUrl ?? grant.gatewayUrl,
      callToken: grant.callToken,
      // Minted with this grant: the TURN credential in it is fresh for the call.
      iceServers: grant.iceServers,
      ...(microphoneId.current ? { microphoneId: microphoneId.current } : {}),
    };
  };

  const ways = {
    messages,
    phones: site.fallbackPhones,
    country: choices.country,
    language: choices.language,
  };
  const loading = messages.common.loading;
  /**
   * The expected wait needs a session: before the captcha the API tells nobody how busy a
   * queue is (no scraping of a contact center's load), so a first visit's Start shows none.
   */
  const askExpectedWait = (ringingCallId?: string) => async () => {
    const answer = await api.checkAvailability(token(), choices, ringingCallId);
    return answer.kind === 'open' ? answer : undefined;
  };
  /**
   * "Call me back instead" under a long wait, on Start or while ringing: the callback form
   * with the offered slot chosen. Leaving the ringing call hangs it up (CallScreen), and its
   * end must then not take the visitor elsewhere.
   */
  const callbackInstead = (ringingCallId?: string) => (slot: CallbackSlot) => {
    leftCallForCallback.current = !!ringingCallId;
    setStep({
      name: 'callback',
      why: 'long_wait',
      slot,
      ...(ringingCallId ? { callId: ringingCallId } : {}),
    });
  };
  const waitNote = (ringingCallId?: string) =>
    sessionValid() ? (
      <ExpectedWaitNote
        // Asked again when the choices (so perhaps the queue) or the call change.
        key={`${choices.intent} ${choices.language} ${choices.country} ${ringingCallId ?? ''}`}
        // A hint: nothing in its place while its code loads.
        loading=""
        ask={askExpectedWait(ringingCallId)}
        {...(ringingCallId ? { everySeconds: expectedWaitPollSeconds } : {})}
        messages={messages.wait}
        language={choices.language}
        onCallbackInstead={callbackInstead(ringingCallId)}
        onOffered={() => report('callback_offered', { reason: 'long_wait' })}
      />
    ) : undefined;
  // Under every step, as in the seeds: the visitor may give up on the browser at any point.
  const fallback = (
    <FallbackNumbers
      phones={site.fallbackPhones}
      country={choices.country}
      language={choices.language}
      lead={messages.start.orCallFrom}
      internationalNumbers={messages.start.internationalNumbers}
    />
  );
  switch (step.name) {
    case 'start':
      return (
        <StartScreen
          site={site}
          choices={choices}
          onChoices={setChoices}
          onCall={startCallJourney}
          messages={messages}
          focus={!!props.focusFirstScreen || !firstScreen.current}
          consent={consent}
          note={waitNote()}
        />
      );
    case 'captcha':
      return (
        <CaptchaScreen
          siteKey={site.captchaSiteKey}
          scriptUrl={site.captchaScriptUrl}
          language={choices.language}
          messages={messages.captcha}
          retry={messages.common.retry}
          fallback={fallback}
          verify={async (response) => {
            session.current = await api.createSession(site.siteId, response);
            report('captcha_passed');
            await afterSession(step.next);
          }}
        />
      );
    case 'connection':
      return (
        <ConnectionStep
          loading={loading}
          api={api}
          sessionToken={token()}
          language={choices.language}
          onPlaced={(node) => (testedNode.current = node)}
          fallback={fallback}
          onDone={(result) => {
            report('connection_tested', { verdict: result.verdict });
            if (result.verdict === 'failed')
              return setStep({ name: 'error', kind: 'network_blocked' });
            connectionTest.current = result;
            setStep({ name: 'sound' });
          }}
        />
      );
    case 'sound':
      return (
        <SoundStep
          loading={loading}
          language={choices.language}
          fallback={fallback}
          onDone={(choice) => {
            microphoneId.current = choice.microphoneId;
            speakerId.current = choice.speakerId;
            setStep({ name: 'call' });
          }}
          onMicrophoneError={(kind) =>
            setStep({ name: 'error', kind: kind === 'denied' ? 'mic_denied' : 'mic_missing' })
          }
        />
      );
    case 'call':
      return (
        <CallStep
          loading={loading}
          messages={messages}
          language={choices.language}
          queueName={queueName}
          requestCall={requestCall}
          speakerId={speakerId.current}
          onEvent={report}
          fallback={fallback}
          ringingNote={placedCallId && waitNote(placedCallId)}
          onEnded={(outcome) => {
            if (leftCallForCallback.current) return;
            // The rating after a talk; hung up while it rang, right then the offer to be
            // called back (the call's worklist entry then carries the number).
            const next = stepAfterCall(outcome, callId.current);
            if (next?.name === 'callback') report('callback_offered', { reason: next.why });
            if (next) setStep(next);
          }}
        >
          <div class="ctc-actions">
            <button type="button" onClick={askCallback} data-testid="call-request-callback">
              {messages.common.requestCallback}
            </button>
          </div>
        </CallStep>
      );
    case 'rating':
      return (
        <RatingScreen
          messages={messages.rating}
          callEnded={{ text: messages.call.ended[step.endCode], code: step.endCode }}
          send={async (stars, comment) => {
            await api.rateCall(token(), step.callId, { stars, comment }, formKey.current);
          }}
          onSent={(stars) => {
            report('rating_sent', { stars });
            if (!lowRating(stars)) return setStep({ name: 'thanks' });
            // The seed's flow: a low rating earns the offer of a callback to make up for it.
            report('callback_offered', { reason: 'low_rating' });
            setStep({ name: 'callback', why: 'low_rating', callId: step.callId });
          }}
          onSkip={() => setStep({ name: 'thanks' })}
        />
      );
    case 'callback':
      return (
        <CallbackStep
          loading={loading}
          step={step}
          site={site}
          choices={choices}
          messages={messages}
          listSlots={() => api.listCallbackSlots(token(), choices)}
          requestCallback={async (body) =>
            (await api.requestCallback(token(), body, formKey.current)).phoneForPeople
          }
          onSent={(phone) => {
            report('callback_requested', { why: step.why });
            setStep({ name: 'thanks', phone });
          }}
          onDecline={() =>
            setStep(step.why === 'low_rating' ? { name: 'thanks' } : { name: 'start' })
          }
        />
      );
    case 'thanks':
      return (
        <ThanksScreen
          messages={messages}
          {...(step.phone ? { phone: step.phone } : {})}
          onClose={() => {
            // The journey is over: reopened, the widget starts afresh (the session stays).
            setStep({ name: 'start' });
            onClose();
          }}
          onStartOver={() => setStep({ name: 'start' })}
        />
      );
    case 'error': {
      const retry = retryStepFor(step.kind);
      return (
        <ErrorScreen
          {...ways}
          kind={step.kind}
          {...(retry ? { onRetry: () => setStep(retry) } : {})}
          onCallback={askCallback}
        />
      );
    }
  }
}
