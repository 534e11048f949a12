import { randomBytes } from 'node:crypto';
import { DigestAuthentication } from 'sip.js/lib/core/index.js';
import type { LoggerFactory, OutgoingRequestMessage } from 'sip.js/lib/core/index.js';
import type { TrunkCredential } from '../../../../protocol/config/trunk-credentials.ts';
import { digestResponse, parseDigestAlgorithm } from './digest-response.ts';

/** A 401/407 challenge as sip.js's grammar parses WWW-Authenticate and Proxy-Authenticate. */
export interface ParsedChallenge {
  realm?: string;
  nonce?: string;
  opaque?: string;
  stale?: boolean;
  algorithm?: string;
  qop?: string[];
}

/**
 * RFC 7616 3.4.5's nonce count: how many requests we have sent with a nonce, shared by every
 * request of the trunk client, so a PBX that challenges a BYE with the INVITE's nonce sees
 * the count go on. The oldest nonces are forgotten past a bound.
 */
export class NonceCounts {
  readonly #counts = new Map<string, number>();

  next(realm: string, nonce: string): string {
    const key = `${realm}\n${nonce}`;
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.delete(key);
    this.#counts.set(key, count);
    if (this.#counts.size > 1_000) this.#counts.delete(this.#counts.keys().next().value as string);
    return count.toString(16).padStart(8, '0');
  }
}

export interface TrunkDigestOptions {
  /** The credentials the request's call answers with (by its Call-ID's site), if any. */
  credentialsFor(request: OutgoingRequestMessage): TrunkCredential | undefined;
  nonceCounts: NonceCounts;
}

const quoted = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

/**
 * What sip.js's core asks its `authenticationFactory` for, one per challenged request: its own
 * DigestAuthentication (MD5 only, no -sess, no per-call credentials) with the computation
 * replaced by RFC 7616's (MD5, SHA-256, SHA-512/256, each also -sess; qop auth, auth-int or
 * none). The core does the rest of RFC 3261 22.2: it resends with a new CSeq and branch, the
 * same Call-ID and From tag, retries once on stale=true, and passes a second challenge on
 * as the final response.
 */
export class TrunkDigestAuthenticator extends DigestAuthentication {
  readonly #options: TrunkDigestOptions;
  #header = '';

  constructor(loggerFactory: LoggerFactory, options: TrunkDigestOptions) {
    super(loggerFactory, undefined, undefined, undefined);
    this.#options = options;
  }

  /** False (the challenge goes to the call as the final answer) when we cannot answer it. */
  override authenticate(request: OutgoingRequestMessage, challenge: ParsedChallenge): boolean {
    const credential = this.#options.credentialsFor(request);
    const { realm, nonce } = challenge;
    if (!credential || realm === undefined || !nonce) return false;
    if (credential.realm !== undefined && credential.realm !== realm) return false;
    const algorithm = parseDigestAlgorithm(challenge.algorithm);
    if (!algorithm) return false;
    const offered = challenge.qop;
    const qop = !offered
      ? undefined
      : offered.includes('auth')
        ? 'auth'
        : offered.includes('auth-int')
          ? 'auth-int'
          : null;
    if (qop === null) return false;
    const uri = request.ruri.toString();
    const cnonce = randomBytes(16).toString('hex');
    const nc = this.#options.nonceCounts.next(realm, nonce);
    const response = digestResponse({
      ...algorithm,
      username: credential.username,
      password: credential.password.reveal(),
      realm,
      nonce,
      method: request.method,
      uri,
      qop,
      nc,
      cnonce,
      body: request.body?.body,
    });
    const name = `${algorithm.algorithm}${algorithm.session ? '-sess' : ''}`;
    const parts = [
      `username=${quoted(credential.username)}`,
      `realm=${quoted(realm)}`,
      `nonce=${quoted(nonce)}`,
      `uri=${quoted(uri)}`,
      `response=${quoted(response)}`,
      `algorithm=${name}`,
    ];
    if (qop || algorithm.session) parts.push(`cnonce=${quoted(cnonce)}`);
    if (qop) parts.push(`qop=${qop}`, `nc=${nc}`);
    if (challenge.opaque !== undefined) parts.push(`opaque=${quoted(challenge.opaque)}`);
    this.#header = `Digest ${parts.join(', ')}`;
    this.stale = challenge.stale;
    return true;
  }

  /** The Authorization or Proxy-Authorization value, as the core asks for it. */
  override toString(): string {
    return this.#header;
  }
}
