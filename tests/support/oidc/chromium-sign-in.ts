// Single sign-on as a supervisor does it in Chromium: the sign-in page's SSO link, then the
// test provider's login page (test-identity-provider.ts) filled in and sent.
import type { Page } from 'playwright-core';

/**
 * Signs `user` in at the provider from the API at `apiUrl`, ticking the one-time code box
 * when `secondFactor`. The provider then sends the browser back: the review page signed in,
 * or the sign-in page saying why not.
 */
export async function signInThroughProvider(
  page: Page,
  apiUrl: string,
  user: string,
  secondFactor: boolean,
): Promise<void> {
  await page.goto(`${apiUrl}/supervisor`);
  await page.getByTestId('login-sso').click();
  await page.getByTestId('idp-user').fill(user);
  if (secondFactor) await page.getByTestId('idp-mfa').check();
  await page.getByTestId('idp-submit').click();
}
