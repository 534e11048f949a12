import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { z } from 'zod';

export type MediaTokenErrorCode =
  | 'token_missing'
  | 'token_invalid'
  | 'token_expired'
  | 'token_replayed'
  | 'token_wrong_audience'
  /** A valid token of another kind (a call token offered as a probe token): authentic, but not for this. */
  | 'token_wrong_type'
  /**
   * A valid token bound to another gateway node, or an unbound one at a node that takes only
   * tokens placed on it: authentic, but not for this node (call-token.ts, `node`).
   */
  | 'token_wrong_node'
  /**
   * A valid call token naming a SIP target its site does not allow (the API's dial targets,
   * protocol/api/dial-targets.ts): the toll-fraud guard of media/ refuses it and raises an alert.
   */
  | 'token_target_not_allowed'
  /**
   * A valid call token whose target the gateway could not check: it holds no dial targets
   * from the API yet (never fetched them), so it dials nothing (fail closed).
   */
  | 'token_target_unverified';

/** A token the gateway refuses; `code` says why, the token itself is never included. */
export class MediaTokenError extends Error {
  readonly code: MediaTokenErrorCode;

  constructor(code: MediaTokenErrorCode, message: string) {
    super(message);
    this.name = 'MediaTokenError';
    this.code = code;
  }

  /** Authentic, but not for this use, this node or this target: HTTP 403 rather than 401. */
  get forbidden(): boolean {
    return (
      this.code === 'token_wrong_type' ||
      this.code === 'token_wrong_node' ||
      this.code === 'token_target_not_allowed'
    );
  }
}

/** One kind of token the API signs for the media gateway (call, probe). */
/** What every media token carries that the verifier itself checks. */
interface MediaTokenClaims {
  jti: string;
  exp: number;
  iat: number;
  /** The gateway node the token is bound to (call-token.ts, `GatewayNodeClaimSchema`). */
  node?: string | undefined;
}

export interface MediaTokenKind<T extends MediaTokenClaims> {
  /** "call token", "probe token": how messages name it. */
  label: string;
  schema: z.ZodType<T>;
  issuer: string;
  audience: string;
  maxLifetimeS: number;
  /** The JWT `typ` header this kind must carry, when it has one of its own. */
  typ?: string;
  /** What claims that fail the schema mean: malformed, or a token of another kind. */
  malformed: 'token_invalid' | 'token_wrong_type';
}

/** The gateway node that verifies: which bound tokens are its own, and whether unbound ones are. */
export interface VerifyingNode {
  /** MEDIA_NODE_ID: a token whose `node` claim names another node is refused. */
  id: string;
  /**
   * Whether a token without a `node` claim is accepted: only at a gateway that does not
   * announce itself (a site pins it, or it stands alone). A node of a pool refuses them: the
   * API binds every token it sends there, and an unbound one would start a call once on each
   * node, whose memories of used token ids are their own.
   */
  acceptsUnbound: boolean;
}

export interface MediaTokenVerifierOptions {
  /** The API's public keys: jose's createRemoteJWKSet (media) or createLocalJWKSet (tests). */
  keys: JWTVerifyGetKey;
  now?: () => Date;
  /** Unset: a gateway outside any pool, which accepts unbound tokens and no bound one. */
  node?: VerifyingNode;
}

/**
 * Verifies a media token the way the gateway must (protocol/call-token-verification.md):
 * EdDSA signature by a key of the API's JWKS, issuer, audience, `typ` when the kind has one,
 * the kind's maximum life, its claims' schema, the node it is bound to, and single use by
 * `jti` (remembered until the token would have expired anyway).
 */
export function createMediaTokenVerifier<T extends MediaTokenClaims>(
  kind: MediaTokenKind<T>,
  { keys, now = () => new Date(), node }: MediaTokenVerifierOptions,
) {
  const { label } = kind;
  const used = new Map<string, number>();
  return async function verifyMediaToken(token: string | undefined): Promise<T> {
    if (!token) throw new MediaTokenError('token_missing', `no ${label}`);
    const currentDate = now();
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['EdDSA'],
        issuer: kind.issuer,
        audience: kind.audience,
        ...(kind.typ ? { typ: kind.typ } : {}),
        currentDate,
        maxTokenAge: kind.maxLifetimeS,
        requiredClaims: ['jti', 'exp', 'iat', 'sub'],
      }));
    } catch (error) {
      throw classify(error, label);
    }
    const parsed = kind.schema.safeParse(payload);
    if (!parsed.success)
      throw new MediaTokenError(kind.malformed, `${label} claims do not fit its kind`);
    const claims = parsed.data;
    if (claims.exp - claims.iat > kind.maxLifetimeS) {
      throw new MediaTokenError('token_invalid', `${label} lives longer than allowed`);
    }
    // Before the id is remembered: a token shown to the wrong node stays usable at its own.
    checkNode(claims.node, node, label);
    const nowS = currentDate.getTime() / 1000;
    for (const [jti, exp] of used) if (exp < nowS) used.delete(jti);
    if (used.has(claims.jti)) throw new MediaTokenError('token_replayed', `${label} already used`);
    used.set(claims.jti, claims.exp);
    return claims;
  };
}

function checkNode(bound: string | undefined, node: VerifyingNode | undefined, label: string) {
  if (bound === undefined) {
    if (node && !node.acceptsUnbound)
      throw new MediaTokenError(
        'token_wrong_node',
        `${label} names no gateway node; node ${node.id} takes only tokens placed on it`,
      );
  } else if (bound !== node?.id) {
    throw new MediaTokenError(
      'token_wrong_node',
      `${label} is for gateway node ${bound}, not ${node ? `node ${node.id}` : 'this gateway'}`,
    );
  }
}

function classify(error: unknown, label: string): MediaTokenError {
  if (error instanceof errors.JWTExpired)
    return new MediaTokenError('token_expired', `${label} expired`);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return new MediaTokenError('token_wrong_audience', `${label} is not meant for media`);
    if (error.claim === 'iat') return new MediaTokenError('token_expired', `${label} is too old`);
    // jose checks `typ` only once the signature holds: a genuine token of another kind.
    if (error.claim === 'typ')
      return new MediaTokenError('token_wrong_type', `the token is not a ${label}`);
  }
  return new MediaTokenError('token_invalid', `${label} signature or claims are invalid`);
}
