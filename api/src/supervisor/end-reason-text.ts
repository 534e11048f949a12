import type { CallEndCode } from '../../../protocol/call-end-reason.ts';

/**
 * Every end a call record can hold: media's codes (protocol/call-end-reason.ts), and
 * `connection_lost` when the API ended the record itself, its gateway process gone.
 */
export type RecordedEndCode = CallEndCode | 'connection_lost';

/**
 * Why a call ended, in a supervisor's words. Keyed by the protocol's table, so a new code
 * does not compile until it has its words here; the order is the filter's.
 */
const words: Record<RecordedEndCode, string> = {
  visitor_hung_up: 'Visitor hung up',
  agent_hung_up: 'Agent hung up',
  agent_lost: "Agent's side lost (no audio or dialog)",
  no_agent: 'No agent staffing the queue',
  busy: 'All agents busy',
  declined: 'Declined by the contact center',
  timeout: 'Not answered in time',
  trunk_unreachable: 'Contact center unreachable',
  trunk_error: 'Contact center error',
  trunk_auth_failed: 'Trunk credentials refused',
  media_failed: 'Audio failed (network)',
  unauthorized: 'Call link refused',
  incompatible: 'No common audio format',
  gateway_error: 'Gateway error',
  media_worker_lost: 'Media process lost',
  gateway_draining: 'Gateway shutting down',
  connection_lost: 'Gateway gone (end inferred)',
};

export const recordedEndCodes = Object.keys(words) as [RecordedEndCode, ...RecordedEndCode[]];

/** The end in words; a code this version does not know (an older record's) reads as itself. */
export function endReasonText(code: string | undefined): string {
  if (code === undefined) return '';
  return Object.hasOwn(words, code) ? words[code as RecordedEndCode] : code.replaceAll('_', ' ');
}
