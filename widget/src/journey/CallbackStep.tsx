import type {
  CallbackRequestBody,
  PhoneForPeople,
} from '../../../protocol/api/callback-request.ts';
import type { CallbackSlotRefusal, CallbackSlots } from '../../../protocol/api/callback-slots.ts';
import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import { CallbackScreen } from '../after-call/OutcomeScreens.tsx';
import { useCallbackForm } from '../after-call/useCallbackForm.tsx';
import { VisitorApiError } from '../api/visitor-api.ts';
import { callbackSlotMessages } from '../callback-slots/callback-slot-messages.ts';
import { useCallbackSlots } from '../callback-slots/useCallbackSlots.ts';
import type { Messages } from '../i18n/en.ts';
import { messagesIn } from '../i18n/messages-for.ts';
import { phoneAsShown } from '../start/phone-as-shown.ts';
import { callbackRequestBody } from './callback-request-body.ts';
import type { JourneyStep } from './journey-step.ts';

export interface CallbackStepProps {
  step: Extract<JourneyStep, { name: 'callback' }>;
  site: PublicSiteConfig;
  choices: RoutingData;
  messages: Messages;
  /** Stores the request; resolves to the number as the API normalized and formatted it. */
  requestCallback(body: CallbackRequestBody): Promise<PhoneForPeople>;
  /** The times the API offers for the visitor's choices (POST /v1/callback-slots). */
  listSlots(): Promise<CallbackSlots>;
  /** With the number as this visitor reads it ("(713) 555-0199"). */
  onSent(phone: string): void;
  /** The way back without a callback (see `declineLabel`). */
  onDecline(): void;
}

/**
 * A callback request: after a low rating, outside business hours, with no route, after
 * hanging up while it rang, instead of a long wait, or asked.
 */
export function CallbackStep({ step, site, choices, messages, ...props }: CallbackStepProps) {
  const slotMessages = messagesIn(callbackSlotMessages, choices.language);
  const offered = useCallbackSlots(props.listSlots);
  const form = useCallbackForm({
    messages: messages.callback,
    countries: site.countries,
    callingCodes: site.callingCodes,
    language: choices.language,
    initialCountry: choices.country,
    slots: offered.slots,
    initialSlot: step.slot,
    slotMessages,
    onSlotRefused: offered.refresh,
    send: (details) =>
      props
        .requestCallback(callbackRequestBody(step, choices, details))
        .then((stored) => phoneAsShown(stored, choices.country)),
    refusalOf: (error) => {
      if (!(error instanceof VisitorApiError)) return 'failed';
      if (error.code === 'invalid_phone_number') return 'invalid_phone';
      // The catalog has a message for each refusal (typed against the contract's list): no
      // value from protocol/ here, which would bring zod into the widget.
      return Object.hasOwn(slotMessages.refused, error.code)
        ? (error.code as CallbackSlotRefusal)
        : 'failed';
    },
    onSent: props.onSent,
    decline: { label: declineLabel(step.why, messages), onDecline: props.onDecline },
  });
  return (
    <CallbackScreen
      messages={messages}
      phones={site.fallbackPhones}
      country={choices.country}
      language={choices.language}
      why={step.why}
      {...(step.why === 'long_wait' ? { lead: slotMessages.longWait } : {})}
      openingHours={step.openingHours}
      dock={form.actions}
    >
      {form.fields}
    </CallbackScreen>
  );
}

/**
 * No dead end: a low rating's offer can be declined ("No, thanks", on to Thanks), as can the
 * callback offered instead of a long wait or after hanging up while it rang (back to Start,
 * to call after all); a closed
 * or unrouted team leaves the visitor free to choose another one; a callback they asked for,
 * to start over.
 */
function declineLabel(why: CallbackStepProps['step']['why'], messages: Messages): string {
  switch (why) {
    case 'low_rating':
    case 'abandoned':
    case 'long_wait':
      return messages.callback.noThanks;
    case 'closed':
    case 'no_route':
      return messages.closed.chooseAnother;
    case 'asked':
      return messages.common.startOver;
  }
}
