import * as client from 'openid-client';
import { SignInRefused } from './sign-in-refused.ts';

const refusals = {
  wrong_issuer:
    'The sign-in came back from an identity provider this service does not trust; start again',
  code_rejected:
    'The provider refused this sign-in code: it was already used or has expired; sign in again',
  id_token_expired: 'The sign-in had expired by the time it came back; sign in again',
  nonce_mismatch: 'The sign-in did not match the one this browser started; sign in again',
  state_mismatch: 'The sign-in did not match the one this browser started; sign in again',
  wrong_audience: 'The provider issued this sign-in for another application',
  provider_refused: 'The provider did not sign you in',
  sign_in_failed: 'The sign-in could not be checked; sign in again',
} as const;
type RefusalCode = keyof typeof refusals;

/** openid-client wraps the check that failed (oauth4webapi's) as its cause. */
interface CheckFailure {
  code?: string;
  message?: string;
  cause?: { claim?: string };
}

function classify(error: unknown): RefusalCode {
  if (error instanceof client.ResponseBodyError) {
    return error.error === 'invalid_grant' ? 'code_rejected' : 'sign_in_failed';
  }
  if (error instanceof client.AuthorizationResponseError) return 'provider_refused';
  const check = ((error as { cause?: CheckFailure }).cause ?? error) as CheckFailure;
  const message = check.message ?? '';
  const claim = check.cause?.claim;
  if (check.code === 'OAUTH_INVALID_RESPONSE') {
    if (message.includes('"iss"')) return 'wrong_issuer';
    if (message.includes('"state"')) return 'state_mismatch';
  }
  if (check.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' && claim === 'exp')
    return 'id_token_expired';
  if (check.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED') {
    if (claim === 'iss') return 'wrong_issuer';
    if (claim === 'nonce' || message.includes('"nonce"')) return 'nonce_mismatch';
    if (claim === 'aud') return 'wrong_audience';
  }
  return 'sign_in_failed';
}

/** What openid-client's refusal means to the supervisor, as a SignInRefused. */
export function refusalOf(error: unknown): SignInRefused {
  if (error instanceof SignInRefused) return error;
  const code = classify(error);
  return new SignInRefused(code, refusals[code], { cause: error });
}
