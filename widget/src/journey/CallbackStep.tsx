import type {
  CallbackRequestBody,
  PhoneForPeople,
} from '../../../protocol/api/callback-request.ts';
import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import { CallbackScreen } from '../after-call/OutcomeScreens.tsx';
import { preferredWindow } from '../after-call/preferred-window.ts';
import { useCallbackForm } from '../after-call/useCallbackForm.tsx';
import { VisitorApiError } from '../api/visitor-api.ts';
import type { Messages } from '../i18n/en.ts';
import { phoneAsShown } from '../start/phone-as-shown.ts';
import type { JourneyStep } from './journey-step.ts';

export interface CallbackStepProps {
  step: Extract<JourneyStep, { name: 'callback' }>;
  site: PublicSiteConfig;
  choices: RoutingData;
  messages: Messages;
  /** Stores the request; resolves to the number as the API normalized and formatted it. */
  requestCallback(body: CallbackRequestBody): Promise<PhoneForPeople>;
  /** With the number as this visitor reads it ("(713) 555-0199"). */
  onSent(phone: string): void;
  /** The way back without a callback (see `declineLabel`). */
  onDecline(): void;
}

/** A callback request: after a low rating, outside business hours, with no route, or asked. */
export function CallbackStep({ step, site, choices, messages, ...props }: CallbackStepProps) {
  const form = useCallbackForm({
    messages: messages.callback,
    countries: site.countries,
    callingCodes: site.callingCodes,
    language: choices.language,
    initialCountry: choices.country,
    send: ({ phone, country, window }) => {
      const when = preferredWindow(window, new Date());
      return props
        .requestCallback({
          phone,
          routing: { ...choices, country },
          consent: true,
          ...(when ? { preferredWindow: when } : {}),
          ...(step.callId ? { callId: step.callId } : {}),
        })
        .then((stored) => phoneAsShown(stored, choices.country));
    },
    refusalOf: (error) =>
      error instanceof VisitorApiError && error.code === 'invalid_phone_number'
        ? 'invalid_phone'
        : 'failed',
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
      openingHours={step.openingHours}
      dock={form.actions}
    >
      {form.fields}
    </CallbackScreen>
  );
}

/**
 * No dead end: a low rating's offer can be declined ("No, thanks", on to Thanks); a closed
 * or unrouted team leaves the visitor free to choose another one; a callback they asked for,
 * to start over.
 */
function declineLabel(why: CallbackStepProps['step']['why'], messages: Messages): string {
  switch (why) {
    case 'low_rating':
      return messages.callback.noThanks;
    case 'closed':
    case 'no_route':
      return messages.closed.chooseAnother;
    case 'asked':
      return messages.common.startOver;
  }
}
