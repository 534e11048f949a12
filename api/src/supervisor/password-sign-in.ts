import type { Repository } from '../storage/repository.ts';
import { decoyHash, verifyPassword } from './password-hash.ts';
import type { SignInMethod } from './supervisor-access.ts';
import { SignInRefused } from './sso/sign-in-refused.ts';
import { totpStepOf } from './totp.ts';

/**
 * A local user's sign-in: the password, then the authenticator's code when they enrolled one
 * (`npm run add-supervisor -- NAME --totp`). Local users run a small installation: they are
 * its administrators, of every site. Throws SignInRefused.
 */
export async function checkPasswordSignIn(
  repo: Pick<Repository, 'getUser' | 'claimTotpStep'>,
  form: { username: string; password: string; code?: string },
  now: Date,
): Promise<{ username: string; method: SignInMethod }> {
  const user = await repo.getUser(form.username);
  // Checked against a real hash even for an unknown name: no user enumeration by timing.
  const ok = await verifyPassword(form.password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !ok) throw new SignInRefused('wrong_password', 'Wrong user name or password');
  if (user.totpSecret === undefined) return { username: user.username, method: 'password' };
  const code = form.code?.replace(/\s/g, '') ?? '';
  const step = totpStepOf(user.totpSecret, user.username, code, now);
  if (step === undefined) {
    throw new SignInRefused(
      code ? 'wrong_totp' : 'totp_required',
      code
        ? 'Wrong code: enter the 6 digits your authenticator app shows now'
        : 'Enter the 6-digit code from your authenticator app',
    );
  }
  if (!(await repo.claimTotpStep(user.username, step))) {
    throw new SignInRefused(
      'totp_reused',
      'This code was already used: wait for the next one your authenticator app shows',
    );
  }
  return { username: user.username, method: 'password+totp' };
}
