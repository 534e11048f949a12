import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignInMethod, StaffRole } from './supervisor-access.ts';

/** A signed-in supervisor, as carried in the session cookie. */
export interface SupervisorSession {
  username: string;
  /** What they may do (supervisor-access.ts); set at sign-in from the provider or the user. */
  roles: StaffRole[];
  /** The sites whose data they see; absent: every site. */
  sites?: string[];
  /** How they signed in, for the audit log. */
  method: SignInMethod;
  /** Random per login; the CSRF token is derived from it. */
  nonce: string;
  expiresAt: number;
}

export const sessionCookieName = 'ctc_supervisor';
export const loginCsrfCookieName = 'ctc_login_csrf';
// An 8-hour shift, as the deployment notes suggest for authenticated sessions.
export const supervisorSessionS = 8 * 3600;

const mac = (secret: Uint8Array, text: string) =>
  createHmac('sha256', secret).update(text).digest('base64url');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function newSession(
  who: Pick<SupervisorSession, 'username' | 'roles' | 'sites' | 'method'>,
  nowMs: number,
): SupervisorSession {
  return {
    ...who,
    nonce: randomBytes(16).toString('base64url'),
    expiresAt: Math.floor(nowMs / 1000) + supervisorSessionS,
  };
}

/** `base64url(json).mac`: tamper-evident, HttpOnly, never readable by page scripts. */
export function encodeSession(secret: Uint8Array, session: SupervisorSession): string {
  const body = Buffer.from(JSON.stringify(session)).toString('base64url');
  return `${body}.${mac(secret, `session:${body}`)}`;
}

export function decodeSession(
  secret: Uint8Array,
  cookie: string | undefined,
  nowMs: number,
): SupervisorSession | undefined {
  const [body, signature] = cookie?.split('.') ?? [];
  if (!body || !signature || !sameText(signature, mac(secret, `session:${body}`))) return undefined;
  try {
    const session = JSON.parse(Buffer.from(body, 'base64url').toString()) as SupervisorSession;
    // A cookie from before roles were kept: a supervisor of every site, as it was then.
    return session.expiresAt * 1000 > nowMs && typeof session.username === 'string'
      ? { ...session, roles: Array.isArray(session.roles) ? session.roles : ['supervisor'] }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The CSRF token of a session: every form carries it, every POST must present it. */
export const csrfToken = (secret: Uint8Array, session: SupervisorSession) =>
  mac(secret, `csrf:${session.nonce}`);

export const validCsrf = (secret: Uint8Array, session: SupervisorSession, presented: unknown) =>
  typeof presented === 'string' && sameText(presented, csrfToken(secret, session));

export { sameText };
