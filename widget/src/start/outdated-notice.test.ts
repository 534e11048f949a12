import { describe, expect, it } from 'vitest';
import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';
import { VisitorApiError } from '../api/visitor-api.ts';
import { currentNoticeAfter } from './outdated-notice.ts';

const notice = {
  version: '4',
  texts: { en: { text: 'Calls are recorded and kept for 30 days.', sha256: 'ab'.repeat(32) } },
};

/** The API's config as it is now; records how the widget asked for it. */
function fakeApi(consentNotice?: typeof notice) {
  const asked: [string, { fresh?: boolean } | undefined][] = [];
  return {
    asked,
    siteConfig: async (siteId: string, options?: { fresh?: boolean }) => {
      asked.push([siteId, options]);
      return { siteId, ...(consentNotice ? { consentNotice } : {}) } as PublicSiteConfig;
    },
  };
}
const outdated = new VisitorApiError(409, 'consent_outdated', 'load the widget again');

describe('a call refused for a notice the site has changed since', () => {
  it("brings the site's notice as it is now, asked for past the browser's cached config", async () => {
    const api = fakeApi(notice);
    expect(await currentNoticeAfter(outdated, api, 'acme')).toEqual({ notice });
    expect(api.asked).toEqual([['acme', { fresh: true }]]);
  });

  it('brings no notice when the site dropped it', async () => {
    expect(await currentNoticeAfter(outdated, fakeApi(), 'acme')).toEqual({});
  });

  it('leaves every other refusal to the call screen, asking for nothing', async () => {
    const api = fakeApi(notice);
    for (const error of [
      new VisitorApiError(409, 'idempotency_key_reused', ''),
      new VisitorApiError(422, 'consent_required', ''),
      new VisitorApiError(429, 'rate_limited', ''),
      new TypeError('Failed to fetch'),
    ])
      await expect(currentNoticeAfter(error, api, 'acme')).rejects.toBe(error);
    expect(api.asked).toEqual([]);
  });
});
