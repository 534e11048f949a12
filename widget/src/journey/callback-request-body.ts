import type { CallbackRequestBody } from '../../../protocol/api/callback-request.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import type { CallbackDetails } from '../after-call/useCallbackForm.tsx';
import type { JourneyStep } from './journey-step.ts';

/**
 * The request the callback form sends: the visitor's number, choices, slot and the call it
 * follows, and where they asked when the API could not tell otherwise (the long-wait offer:
 * the supervisors read it as the reason).
 */
export function callbackRequestBody(
  step: Extract<JourneyStep, { name: 'callback' }>,
  choices: RoutingData,
  { phone, country, slot }: CallbackDetails,
): CallbackRequestBody {
  return {
    phone,
    routing: { ...choices, country },
    consent: true,
    ...(slot ? { preferredWindow: slot } : {}),
    ...(step.callId ? { callId: step.callId } : {}),
    ...(step.why === 'long_wait' ? { origin: 'long_wait' } : {}),
  };
}
