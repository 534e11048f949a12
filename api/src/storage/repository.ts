import type { RoutingData } from '../../../protocol/call-token.ts';
import type { CallEvent, CallStatus, QualityFigures } from '../../../protocol/api/call-event.ts';
import type { CallbackOrigin, CallbackStatus } from '../../../protocol/api/callback-request.ts';
import type { AcceptedConsent } from '../../../protocol/api/consent-notice.ts';
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { InferredEndCause } from '../../../protocol/call-end-reason.ts';
import type { LimitStore } from '../abuse/limit-store.ts';
import type { AuditStore } from '../audit/audit-log.ts';
import type { QueueWaitHistory } from '../calls/expected-wait.ts';
import type { GatewayNodeStore, GoneGateway } from '../gateways/gateway-node.ts';
import type { WebhookStore } from '../webhooks/webhook-store.ts';

/** What the API stores, independent of the database behind it. */
export interface NewCall {
  id: string;
  siteId: string;
  /** The session token's id, so ratings can be tied to the visitor who made the call. */
  sessionId: string;
  queue: string;
  queueDisplayName: string;
  routing: RoutingData;
  createdAt: Date;
  tokenExpiresAt: Date;
  connectionTest?: ConnectionTest;
  /** The gateway node the call token was bound to (its `node` claim); absent: unbound. */
  gatewayNode?: string;
  /** The boot id of the gateway process that reported the call; absent from older ones. */
  gatewayBootId?: string;
  /** The site's notice the visitor accepted before calling; absent when the site had none. */
  consent?: AcceptedConsent;
}

export interface CallRecord extends NewCall {
  status: CallStatus;
  ringingAt?: Date;
  answeredAt?: Date;
  endedAt?: Date;
  endReason?: string;
  durationS?: number;
  codec?: string;
  agentName?: string;
  sipStatus?: number;
  /** What media measured during the call, summary and per direction (its `ended` event's). */
  quality?: QualityFigures;
  /**
   * Set when the API ended the call itself, its gateway process being gone (the reason is
   * then `connection_lost`, `endedAt` when the API learned it, no duration): why it inferred
   * the end. Media's own `ended`, if it comes after all, replaces the guess and clears this.
   */
  endInferred?: InferredEndCause;
}

/**
 * A callback request naming a call whose record did not exist yet: the link is made when the
 * call's `created` lands, if the call turns out to be the same visitor's.
 */
export interface HeldCallbackLink {
  callbackId: string;
  callId: string;
  siteId: string;
  sessionId: string;
  heldAt: Date;
}

/**
 * `linked`: the call's record had landed meanwhile, and is the visitor's. `held`: it will be
 * linked when it lands. `not_linked`: the record is another visitor's, or the session holds
 * as many links as it may have calls; the request stays, without a link.
 */
export type CallbackLinkOutcome = 'linked' | 'held' | 'not_linked';

/** `held`: the call has no record yet (its `created` has not arrived); applied when it does. */
export type EventOutcome = 'applied' | 'duplicate' | 'held';

export interface CallStore {
  getCall(id: string): Promise<CallRecord | undefined>;
  /**
   * Stores the event and moves the call forward (never backwards). A `created` event makes
   * the call's record from its claims; an event for a call without one waits for it. Events
   * may come in any order, to any API instance: the record comes out the same.
   */
  recordEvent(event: CallEvent, receivedAt: Date): Promise<EventOutcome>;
  /** Forgets events still waiting for a call that never came. */
  forgetEarlyEvents(receivedBefore: Date): Promise<void>;
  countCalls(): Promise<number>;
  /** Every call not ended yet, oldest first (the supervisors' live view). */
  listOpenCalls(): Promise<CallRecord[]>;
  /**
   * Links a stored callback request to a call whose record may not exist yet: now if it does
   * (and is the visitor's), else when its `created` lands. A session holds at most
   * `maxPerSession` links waiting (made-up call ids fill no table).
   */
  linkCallbackToCall(link: HeldCallbackLink, maxPerSession: number): Promise<CallbackLinkOutcome>;
  /** Forgets links still waiting for a call that never came. */
  forgetHeldCallbackLinks(heldBefore: Date): Promise<void>;
  /** Up to `limit` open calls whose gateway process is `gone`, oldest first. */
  findCallsOfGoneGateway(gone: GoneGateway, limit: number): Promise<string[]>;
  /**
   * Ends the call as the API's inference, `at` (when the API learned it), if it is still open
   * and its gateway still `gone`; false when it is not (ended meanwhile, or heard from).
   * Its held rating is decided as by media's `ended`. Safe from several API instances at once.
   */
  endCallOfGoneGateway(callId: string, gone: GoneGateway, at: Date): Promise<boolean>;
}

/** An idempotent insert's outcome: first time, a retry of it, or a conflicting reuse. */
export type IdempotentOutcome<T> =
  { kind: 'created'; value: T } | { kind: 'replayed'; value: T } | { kind: 'key_conflict' };

export interface NewRating {
  id: string;
  siteId: string;
  callId: string;
  stars: number;
  comment: string;
  idempotencyKey: string;
  requestHash: string;
  createdAt: Date;
}
export interface StoredRating extends Omit<NewRating, 'idempotencyKey' | 'requestHash' | 'siteId'> {
  /** When the comment was erased, past retention (then ''); the stars stay. */
  personalDataErasedAt?: Date;
}

export interface RatingFilter {
  siteId?: string;
  /** Only these sites' ratings (a supervisor's scope); undefined: every site, empty: none. */
  siteIds?: readonly string[];
  from?: Date;
  to?: Date;
  queue?: string;
  intent?: string;
  language?: string;
  stars?: number[];
  limit?: number;
}
export interface RatingRow extends StoredRating {
  siteId: string;
  queue: string;
  intent: string;
  language: string;
  country: string;
  /** The visitor's connection test before the call, to tell a bad line from bad service. */
  connectionTest?: ConnectionTest;
}

/** A rating held until its call's record decides it: kept with the visitor's session. */
export interface NewHeldRating extends NewRating {
  sessionId: string;
}

/**
 * Holding a rating: `held` the first time, `replayed` for a retry still held, `call_settled`
 * when the call's record already decides it (answered, ended, or another visitor's),
 * `already_rated` when the session holds another for the call, `too_many` when it holds as
 * many as it may have calls.
 */
export type HoldOutcome =
  | { kind: 'held' | 'replayed'; value: StoredRating }
  | { kind: 'key_conflict' | 'already_rated' | 'too_many' | 'call_settled' };

export interface RatingStore {
  /** `already_rated` when the call has a rating under another key. */
  insertRating(
    rating: NewRating,
  ): Promise<IdempotentOutcome<StoredRating> | { kind: 'already_rated' }>;
  /**
   * Holds a rating for a call whose record does not yet say it was answered (media's reports
   * are late): stored when the record says answered and the session's, dropped otherwise.
   */
  holdRating(rating: NewHeldRating, maxPerSession: number): Promise<HoldOutcome>;
  /** Forgets held ratings whose call was never reported. */
  forgetHeldRatings(heldBefore: Date): Promise<void>;
  listRatings(filter: RatingFilter): Promise<RatingRow[]>;
  countRatings(): Promise<number>;
  countHeldRatings(): Promise<number>;
}

export interface NewCallbackRequest {
  id: string;
  siteId: string;
  idempotencyKey: string;
  requestHash: string;
  phone: string;
  queue: string | null;
  routing: RoutingData;
  windowFrom?: Date;
  windowTo?: Date;
  consentAt: Date;
  callId?: string;
  /** Where the visitor asked, when the rest cannot tell (protocol/api/callback-request.ts). */
  origin?: CallbackOrigin;
  createdAt: Date;
}
export interface CallbackRequestRow extends Omit<
  NewCallbackRequest,
  'idempotencyKey' | 'requestHash' | 'phone'
> {
  /** E.164; absent once erased. */
  phone?: string;
  status: CallbackStatus;
  /** The supervisor who last set the status; erased with the number. */
  statusBy?: string;
  statusAt?: Date;
  /**
   * When the number, the preferred window and `statusBy` were erased, past retention; the
   * status is then kept as it was and no longer changes.
   */
  personalDataErasedAt?: Date;
}
export interface CallbackFilter {
  siteId?: string;
  status?: CallbackStatus;
  limit?: number;
}

export interface CallbackStore {
  insertCallbackRequest(
    request: NewCallbackRequest,
  ): Promise<IdempotentOutcome<CallbackRequestRow>>;
  listCallbackRequests(filter: CallbackFilter): Promise<CallbackRequestRow[]>;
  /** Returns false when there is no such request, or its personal data was erased. */
  setCallbackStatus(id: string, status: CallbackStatus, by: string, at: Date): Promise<boolean>;
  countCallbackRequests(): Promise<number>;
  /** The site of a callback request (who may act on it: supervisor-access.ts); undefined: none. */
  callbackSite(id: string): Promise<string | undefined>;
}

export interface QueueSummaryRow {
  siteId: string;
  queue: string;
  calls: number;
  answered: number;
  /** Calls that ended without being answered. */
  abandoned: number;
  averageStars: number | null;
  averageHandleTimeS: number | null;
}

/** What one retention sweep erased: rows per table, and callbacks erased while not done. */
export interface ErasedPersonalData {
  calls: number;
  ratings: number;
  callbacks: number;
  openCallbacks: number;
}

export interface SupervisorUser {
  username: string;
  passwordHash: string;
  /** Base32 TOTP secret (RFC 6238) when enrolled: sign-in then needs its current code. */
  totpSecret?: string;
}

export interface Repository
  extends
    CallStore,
    RatingStore,
    CallbackStore,
    GatewayNodeStore,
    LimitStore,
    WebhookStore,
    AuditStore {
  /** Per site and queue; `siteIds` as in RatingFilter. */
  queueSummary(filter: {
    siteId?: string;
    siteIds?: readonly string[];
    from?: Date;
    to?: Date;
  }): Promise<QueueSummaryRow[]>;
  /** The queue's calls created since `since`, answered or ringing now (the expected wait). */
  queueWaitHistory(siteId: string, queue: string, since: Date): Promise<QueueWaitHistory>;
  getUser(username: string): Promise<SupervisorUser | undefined>;
  upsertUser(user: SupervisorUser): Promise<void>;
  /**
   * Marks a TOTP time step used by the user: false when it, or a later one, already was
   * (RFC 6238 5.2: a code is accepted once).
   */
  claimTotpStep(username: string, step: number): Promise<boolean>;
  /**
   * Erases the personal fields of calls, ratings and callback requests created before
   * `createdBefore` (personal-data-retention.ts), stamping them `at`. Safe to run from every
   * API instance at once; a sweep does a bounded amount, the next one goes on.
   */
  erasePersonalData(createdBefore: Date, at: Date): Promise<ErasedPersonalData>;
  /** Resolves when the database answers (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
