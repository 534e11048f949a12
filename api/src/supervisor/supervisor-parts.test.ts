import { describe, expect, it } from 'vitest';
import { reviewPage, type ReviewPageData } from './review-page.ts';
import { csvCell, csvLine } from './csv.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import {
  csrfToken,
  decodeSession,
  encodeSession,
  newSession,
  validCsrf,
} from './supervisor-session.ts';

describe('password hashes', () => {
  it('are salted scrypt and verify only the right password', async () => {
    const hash = await hashPassword('s3cret pass');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{86}$/);
    expect(await hashPassword('s3cret pass')).not.toBe(hash);
    expect(await verifyPassword('s3cret pass', hash)).toBe(true);
    expect(await verifyPassword('s3cret pas', hash)).toBe(false);
    expect(await verifyPassword('s3cret pass', 'plain')).toBe(false);
  });
});

describe('supervisor session cookie', () => {
  const secret = new Uint8Array(32).fill(7);
  it('round-trips, and refuses a tampered or expired cookie', () => {
    const session = newSession({ username: 'sam', roles: ['supervisor'], method: 'password' }, 0);
    const cookie = encodeSession(secret, session);
    expect(decodeSession(secret, cookie, 1000)).toEqual(session);
    const forged = encodeSession(new Uint8Array(32).fill(8), { ...session, username: 'admin' });
    expect(decodeSession(secret, forged, 1000)).toBeUndefined();
    const [body, mac] = cookie.split('.');
    const edited = Buffer.from(JSON.stringify({ ...session, username: 'admin' })).toString(
      'base64url',
    );
    expect(decodeSession(secret, `${edited}.${mac}`, 1000)).toBeUndefined();
    expect(body).toBeDefined();
    expect(decodeSession(secret, cookie, session.expiresAt * 1000)).toBeUndefined();
    expect(validCsrf(secret, session, csrfToken(secret, session))).toBe(true);
    expect(
      validCsrf(
        secret,
        newSession({ username: 'sam', roles: ['supervisor'], method: 'password' }, 0),
        csrfToken(secret, session),
      ),
    ).toBe(false);
  });
});

describe('CSV export', () => {
  it('defuses formulas and quotes what needs quoting', () => {
    expect(csvCell('=1+1')).toBe(`"'=1+1"`);
    expect(csvCell('+33 1 23')).toBe(`"'+33 1 23"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\tcmd')).toBe(`"'\tcmd"`);
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell(5)).toBe('5');
    expect(csvLine(['a', null, 'b\nc'])).toBe('a,,"b\nc"\r\n');
  });
});

describe('review page', () => {
  it("shows each rated call's connection test beside the rating", async () => {
    const rating = {
      id: '6f1c1e4e-98c4-4d3b-9a61-3f4f1d3a2b10',
      callId: '0b1c1e4e-98c4-4d3b-9a61-3f4f1d3a2b10',
      siteId: 'acme',
      stars: 2,
      comment: 'choppy',
      createdAt: new Date('2026-11-23T10:00:00Z'),
      queue: 'support-en',
      intent: 'support',
      language: 'en',
      country: 'US',
    };
    const data: ReviewPageData = {
      username: 'sam',
      administrator: false,
      csrf: 'x',
      filter: { stars: [], callbackSort: 'newest', callPage: 1 },
      searchText: '',
      query: '',
      zone: 'UTC',
      zoneOffset: 'GMT',
      zones: ['UTC'],
      choices: { queues: [], intents: [], languages: [] },
      queueName: (_site, queue) => queue,
      ratings: [
        {
          ...rating,
          connectionTest: {
            verdict: 'poor',
            rttMs: 212.4,
            jitterMs: 31.25,
            lossPct: 7.5,
            transport: 'tcp',
          },
        },
        { ...rating, id: '7f1c1e4e-98c4-4d3b-9a61-3f4f1d3a2b10' },
      ],
      summary: [],
      calls: [],
      callsPage: { page: 1, hasNext: false },
      callbacks: [],
      abandoned: [],
    };
    const page = String(await reviewPage(data));
    expect(page).toContain('poor: 212 ms RTT, 31.3 ms jitter, 7.5 % loss, TCP');
    expect(page).toMatch(/data-testid="rating-connection">-</);
    // The webhook deliveries and the audit log are administrators' pages: no link to them.
    expect(page).not.toContain('data-testid="webhooks-link"');
    expect(page).not.toContain('data-testid="audit-link"');
    const administrators = String(await reviewPage({ ...data, administrator: true }));
    expect(administrators).toContain('href="/supervisor/webhooks"');
    expect(administrators).toContain('href="/supervisor/audit"');
  });
});
