// One vocabulary for where a call stands. Each layer keeps states of its own (the widget's
// call screen, the gateway's bridge, its SIP leg toward the PBX, the call record's status)
// and maps them onto these four phases in one typed table beside its own diagram, so a new
// state cannot be added anywhere without saying what the visitor sees. Plain data, no zod.

/**
 * What the visitor sees:
 *
 *   connecting --180/183--> ringing --200--> talking --BYE--> ended
 *        \______________________\____________________________/ (failure, hang-up)
 */
export const callPhases = ['connecting', 'ringing', 'talking', 'ended'] as const;
export type CallPhase = (typeof callPhases)[number];

/**
 * The call record's status, moved by the gateway's call events (protocol/api/call-event.ts),
 * in the order a call moves through them (an event never moves a record back), one for each
 * phase: created is `connecting`, ringing `ringing`, answered `talking`, ended `ended`.
 */
export const callStatuses = ['created', 'ringing', 'answered', 'ended'] as const;
export type CallStatus = (typeof callStatuses)[number];

/** Where a status stands in the order; a record takes an event's status only if it ranks higher. */
export function callStatusRank(status: CallStatus): number {
  return callStatuses.indexOf(status);
}
