// The connection test's time budget, shared by the widget (which runs it) and the gateway
// (which bounds what a test may hold). No zod here: the widget imports these values.

/** Negotiated data-channel id the browser sends its probes on. */
export const connectionTestProbeChannelId = 0;
/** ICE, DTLS and SCTP must be up within this time, or the test fails (network blocked). */
export const connectionTestConnectMs = 4000;
/** Probing, from the channel opening to the verdict (the last probes' grace included). */
export const connectionTestProbeMs = 5000;
/**
 * The gateway closes a test's transport after this long, whatever the browser does:
 * enough for the connect and probe budgets above, and a bound on what a token can hold.
 */
export const connectionTestMaxLifetimeMs = 10_000;
