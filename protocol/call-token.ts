import { z } from 'zod';
import { AcceptedConsentSchema } from './api/consent-notice.ts';
import { ConnectionTestSchema } from './api/connection-test.ts';
import { GatewayNodeIdSchema } from './api/gateway-announcement.ts';

/** The audience every call token is issued for: the media gateway and nothing else. */
export const callTokenAudience = 'media';
/** The issuer media/ accepts call tokens from. */
export const callTokenIssuer = 'click-to-call-api';
/** A call token lives at most this long: it only has to reach the gateway with the INVITE. */
export const callTokenMaxLifetimeS = 120;

// SIP header values travel verbatim into the PBX leg: no CR/LF or other control characters
// (header injection), and bounded so a header never bloats the INVITE.
export const SipHeaderValueSchema = z
  .string()
  .max(256)
  .regex(/^\P{Cc}*$/u, 'must not contain control characters (CR, LF, ...)');
export const SipHeaderNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9!%'*+.^_`|~-]+$/, 'must be a SIP header token');
export const SipUriSchema = z
  .string()
  .max(256)
  .regex(/^sips?:[^\s<>"]+$/, 'must be a sip: or sips: URI without spaces or brackets');

/** What the visitor chose on the Start screen, passed to the PBX as routing data. */
export const RoutingDataSchema = z.strictObject({
  intent: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9-]+$/),
  /** BCP 47 language tag, e.g. `en` or `es-MX`. */
  language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/),
  /** ISO 3166-1 alpha-2 country code. */
  country: z.string().regex(/^[A-Z]{2}$/),
});
export type RoutingData = z.infer<typeof RoutingDataSchema>;

/**
 * The gateway node a call or probe token is bound to: every other node refuses it
 * (`token_wrong_node`), so a token cannot start a call once on each node of a pool, whose
 * memories of used token ids are their own. Absent when the API sends the visitor to a URL no
 * announcing node claims (a site that pins its gateway, or no node announced): such a token is
 * accepted only by a gateway that does not announce itself (protocol/call-token-verification.md).
 */
export const GatewayNodeClaimSchema = GatewayNodeIdSchema.optional();

/**
 * The claims of a call token (Ed25519-signed JWT). The gateway takes the queue target, the
 * display name and the routing data from here only, never from what the browser asks for.
 * The API keeps no call record when it issues one: the record is made from these claims when
 * media reports the call `created` (protocol/api/call-event.ts), so a token that is never
 * used leaves no record; only its place under the concurrency limits, until it expires.
 */
export const CallTokenClaimsSchema = z.object({
  iss: z.literal(callTokenIssuer),
  aud: z.union([
    z.literal(callTokenAudience),
    z.array(z.string()).refine((a) => a.includes(callTokenAudience)),
  ]),
  /** The site the call belongs to. */
  sub: z.string().min(1).max(64),
  /** Token id: the gateway accepts each id once. */
  jti: z.string().min(8).max(128),
  iat: z.number().int(),
  exp: z.number().int(),
  /** The call's id; media reports call events under it. */
  callId: z.uuid(),
  /** The visitor's session (its token's id): ratings and callbacks are tied to it. */
  sid: z.string().min(8).max(64),
  queue: z.strictObject({
    /** The queue's name in the site's config: what supervisors filter and sum by. */
    name: z.string().min(1).max(64),
    uri: SipUriSchema,
    /** Shown to the visitor, e.g. "English Technical Support". */
    displayName: z.string().min(1).max(80),
  }),
  routing: RoutingDataSchema,
  /** Extra SIP headers the routing rule adds to the INVITE toward the PBX. */
  headers: z.record(SipHeaderNameSchema, SipHeaderValueSchema).default({}),
  /** The widget's connection test before the call, for the call record. */
  connectionTest: ConnectionTestSchema.optional(),
  /** The gateway node the API placed the call on (see `GatewayNodeClaimSchema`). */
  node: GatewayNodeClaimSchema,
  /** The site's notice the visitor accepted before calling, for the call record. */
  consent: AcceptedConsentSchema.optional(),
});
export type CallTokenClaims = z.infer<typeof CallTokenClaimsSchema>;
