// The expected wait as the visitor meets it, and what they are offered when it is long, on the
// real stack (kamailio, baresip agents that answer when the test says, the gateway, the API on
// PostgreSQL, Chromium):
// - three calls answered after a known wait, then a fourth visitor is told a wait within 20 %
//   of what their own call then waits;
// - with the queue's one agent talking and the wait long, the ringing visitor is offered "call
//   me back instead" with a slot; taking it hangs up, and the request reaches the supervisor
//   with its slot, in the supervisor's zone, named, and read as made instead of a long wait;
// - a slot that has begun, falls on the queue's holiday or lies past the offered days is
//   refused by the API and the widget says why, in each of its languages.
import { randomUUID } from 'node:crypto';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRepository } from '../../api/src/storage/open-repository.ts';
import type { Repository } from '../../api/src/storage/repository.ts';
import { localTime, zonedInstant } from '../../api/src/sites/business-hours.ts';
import { hashPassword } from '../../api/src/supervisor/password-hash.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import type { BaresipAgent } from '../../infra/rig/baresip-agent.ts';
import type { CallbackSlot, CallbackSlots } from '../../protocol/api/callback-slots.ts';
import { callbackSlotMessages } from '../../widget/src/callback-slots/callback-slot-messages.ts';
import { recordAnsweredCalls } from '../support/api/answered-history.ts';
import { createdEvent } from '../support/api/created-event.ts';
import { requestCallGrant } from '../support/caller/api-call-grant.ts';
import { holdWebCall } from '../support/caller/held-web-call.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { walkToCall, widgetUrl } from '../support/e2e/call-page.ts';
import { screenSaver } from '../support/e2e/screens.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

const busyLine = { intent: 'busy-line', language: 'en', country: 'US' };
const timedLine = { intent: 'timed-line', language: 'en', country: 'US' };
/** The busy line's zone, and a holiday of it three days from now. */
const madrid = 'Europe/Madrid';
const holiday = localTime(new Date(Date.now() + 3 * 86_400_000), madrid).date;
const supervisorAccount = { username: 'slots-supervisor', password: 'a long test password' };

describe('callback slots and "call me back instead"', () => {
  const save = screenSaver('callback-slots');
  const e2e = useStackAndChromium('callback-slots', {
    microphone: { hz: 440, seconds: 300 },
    database: 'postgres',
    // Nobody answers until the test says so.
    agents: [
      // Three phones on the line, hunted in turn: the three calls of the history ring side by
      // side rather than one after another.
      { queue: 'timed-line', answerMode: 'manual', phones: 3 },
      { queue: 'busy-line', answerMode: 'manual' },
    ],
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      allowCallsFromOneAddress(acme, 100);
      addQueueWithIntent(acme, 'timed-line', 'Timed line');
      addQueueWithIntent(acme, 'busy-line', 'Busy line');
      // Open round the clock but on its holiday, so the test holds at any hour.
      const allDay = [{ open: '00:00', close: '24:00' }];
      acme.queues['busy-line']!.hours = {
        timeZone: madrid,
        weekly: {
          mon: allDay,
          tue: allDay,
          wed: allDay,
          thu: allDay,
          fri: allDay,
          sat: allDay,
          sun: allDay,
        },
        holidays: [holiday],
      };
      acme.callbacks = { ...acme.callbacks, offerAfterWaitMinutes: 5, slotMinutes: 30, days: 7 };
    },
  });

  let repo: Repository;
  beforeAll(async () => {
    repo = await openRepository({ databaseUrl: e2e.databaseUrl! });
    await repo.upsertUser({
      username: supervisorAccount.username,
      passwordHash: await hashPassword(supervisorAccount.password),
    });
  });
  afterAll(() => repo?.close());

  const agent = (queue: string) => e2e.stack.agents.get(queue)!;
  /** The agent answers the next call `waitMs` after it starts ringing there. */
  async function answerAfter(phone: BaresipAgent, waitMs: number) {
    const { id } = await phone.ctrl.waitForEvent(
      (event) => event.type === 'CALL_INCOMING',
      60_000,
      phone.events.length,
    );
    // The rig's answering delay, the known wait: not a sleep any assertion waits on.
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    await phone.ctrl.command('accept');
    return { phone, callId: id! };
  }

  /**
   * The phones each answer the call that rings on them `waitMs` after it started ringing
   * (kamailio hunts a line's phones: each takes one call, the next goes to the next phone).
   */
  const answerEachAfter = (phones: BaresipAgent[], waitMs: number) =>
    Promise.all(phones.map((phone) => answerAfter(phone, waitMs)));

  it('tells the fourth visitor a wait within 20 % of what their call then waits', async () => {
    const waitMs = 55_000;
    // The timed line's calls are this test's alone; a record's time is the token's, in seconds.
    const since = new Date(Date.now() - 60_000);
    // Three visitors call at once, one per phone of the line; each phone answers 55 s after
    // its call rang.
    const answering = answerEachAfter(e2e.stack.agentPhones.get('timed-line')!, waitMs);
    const calls = await Promise.all(
      [1, 2, 3].map(async () => {
        const grant = await requestCallGrant({ apiUrl: e2e.stack.apiUrl, routing: timedLine });
        return holdWebCall({ gatewayUrl: grant.gatewayUrl, token: grant.callToken });
      }),
    );
    const answered = await answering;
    for (const call of calls) {
      await call.hangUp();
      await call.close();
    }
    // Every phone free again, so that the fourth call rings on the first.
    await Promise.all(
      answered.map(({ phone, callId }) => phone.waitForCallEvent(callId, 'CALL_CLOSED', 15_000)),
    );
    await expect
      .poll(
        async () => (await repo.queueWaitHistory('acme', 'timed-line', since)).answered.length,
        { timeout: 15_000 },
      )
      .toBe(3);

    const page = await e2e.chromium.browser.newPage();
    try {
      const fourth = answerAfter(agent('timed-line'), waitMs);
      await page.goto(widgetUrl(e2e.stack, { intent: 'timed-line' }));
      // The first estimate the ringing screen gets for the visitor's own call.
      const told = page.waitForResponse(
        async (res) =>
          res.url().endsWith('/v1/availability') &&
          !!res.request().postData()?.includes('callId') &&
          !!((await res.json()) as { expectedWait?: unknown }).expectedWait,
        { timeout: 60_000 },
      );
      await walkToCall(page);
      const firstEstimate = (await (await told).json()) as { expectedWait: { minutes: number } };
      expect(firstEstimate.expectedWait).toMatchObject({ minutes: 1, moreThan: false });
      await expect
        .poll(() => page.getByTestId('expected-wait-minutes').textContent())
        .toBe('Expected wait: about a minute.');
      await fourth;
      await page.locator('[data-testid="call-screen"][data-phase="talking"]').waitFor();
      await page.getByTestId('call-end').click();
    } finally {
      await page.close();
    }
    const { answered: waits } = await repo.queueWaitHistory('acme', 'timed-line', since);
    expect(waits).toHaveLength(4);
    const waited = waits.at(-1)!.waitS;
    expect(Math.abs(60 - waited)).toBeLessThanOrEqual(0.2 * waited);
  }, 420_000);

  it('offers a slot instead of a long wait with every agent busy; the supervisor sees it', async () => {
    await seedBusyLine(repo);
    const page = await e2e.chromium.browser.newPage();
    try {
      await page.goto(widgetUrl(e2e.stack, { intent: 'busy-line' }));
      const ringsAt = agent('busy-line').events.length;
      await walkToCall(page);
      await page.locator('[data-testid="call-screen"][data-phase="ringing"]').waitFor({
        timeout: 20_000,
      });
      const offer = page.getByTestId('callback-instead');
      await offer.waitFor({ timeout: 15_000 });
      const slotFrom = (await offer.getAttribute('data-slot-from'))!;
      // On the visitor's clock, named as theirs.
      expect(await offer.textContent()).toMatch(
        /^Rather not wait\? We can call you back on .+ \(your time\)\.Call me back instead$/,
      );
      expect(await axeViolations(page), 'axe on the ringing screen with the offer').toEqual([]);
      await save(page, 'ringing-offer');

      await page.getByTestId('callback-instead-accept').click();
      await page.getByTestId('callback-screen').waitFor();
      // Taking it hangs the ringing call up.
      await agent('busy-line').ctrl.waitForEvent((e) => e.type === 'CALL_CLOSED', 15_000, ringsAt);
      expect(await page.getByTestId('callback-window').inputValue()).toBe(slotFrom);
      expect(await axeViolations(page), 'axe on the callback form').toEqual([]);
      await save(page, 'callback-form');
      await page.getByTestId('callback-phone').fill('(713) 929-3715');
      await page.getByTestId('callback-consent').check();
      await page.getByTestId('callback-send').click();
      await page.getByTestId('thanks-screen').waitFor();

      // The supervisor: the request, its slot in the page's zone (the first business-hours
      // zone of the sites file, America/Chicago), the zone named in the cell.
      const reviewer = await e2e.chromium.browser.newContext();
      const review = await reviewer.newPage();
      await review.goto(`${e2e.stack.apiUrl}/supervisor/login`);
      await review.getByTestId('login-username').fill(supervisorAccount.username);
      await review.getByTestId('login-password').fill(supervisorAccount.password);
      await review.getByTestId('login-submit').click();
      await review.waitForURL((url) => url.pathname === '/supervisor');
      const row = review.getByTestId('callback-row').filter({ hasText: '929-3715' });
      // The request said where it came from: the ringing call it left is no abandoned call.
      expect(await row.getByTestId('callback-reason').innerText()).toMatch(
        /^Instead of a long wait \(slot chosen\)/,
      );
      const slot = row.getByTestId('callback-slot');
      expect(await slot.getAttribute('data-from')).toBe(slotFrom);
      const chicago = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'America/Chicago',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(slotFrom));
      expect(await slot.innerText()).toContain(chicago);
      expect(await row.getByTestId('callback-slot-zone').innerText()).toMatch(
        /^America\/Chicago \(GMT-[56]\)$/,
      );
      await reviewer.close();
    } finally {
      await page.close();
    }
  }, 120_000);

  it('refuses a slot begun, on a holiday or too far ahead, with a clear message in every language', async () => {
    await seedBusyLine(repo);
    const page = await e2e.chromium.browser.newPage();
    try {
      // The form's list as it could have gone stale, or been tampered with: each refused.
      const now = Date.now();
      const halfHour = 30 * 60_000;
      const stale: Record<string, CallbackSlot> = {
        callback_slot_in_past: slotAt(Math.floor(now / halfHour) * halfHour - 2 * halfHour),
        callback_slot_closed: slotAt(zonedInstant(holiday, '10:00', madrid).getTime()),
        callback_slot_too_far: slotAt(Math.floor(now / halfHour) * halfHour + 20 * 86_400_000),
      };
      await page.route('**/v1/callback-slots', async (route: Route) => {
        const real = (await (await route.fetch()).json()) as CallbackSlots;
        await route.fulfill({
          json: { ...real, slots: [...Object.values(stale), ...real.slots] },
        });
      });
      await page.goto(widgetUrl(e2e.stack, { intent: 'busy-line' }));
      // A session first, by way of a call hung up while it rang.
      await walkToCall(page);
      await page.locator('[data-testid="call-screen"][data-phase="ringing"]').waitFor({
        timeout: 20_000,
      });
      await page.getByTestId('call-end').click();
      await page.getByTestId('callback-decline').click();

      for (const language of ['en', 'de', 'fr', 'es'] as const) {
        await page.getByTestId('start-screen').waitFor();
        await page.getByTestId('start-language').selectOption(language);
        await page.getByTestId('callback-instead-accept').click();
        await page.getByTestId('callback-form').waitFor();
        await page.getByTestId('callback-phone').fill('(713) 929-3716');
        await page.getByTestId('callback-consent').check();
        for (const [code, slot] of Object.entries(stale)) {
          await page.getByTestId('callback-window').selectOption(slot.from);
          const answer = page.waitForResponse((res) => res.url().endsWith('/v1/callbacks'));
          await page.getByTestId('callback-send').click();
          const refused = await answer;
          expect(refused.status()).toBe(422);
          expect(((await refused.json()) as { code: string }).code).toBe(code);
          const refusal = code as keyof typeof callbackSlotMessages.en.refused;
          await expect
            .poll(() => page.getByTestId('callback-problem').textContent(), {
              message: `${language} ${code}`,
            })
            .toBe(callbackSlotMessages[language].refused[refusal]);
        }
        expect(await axeViolations(page), `axe on the refusal in ${language}`).toEqual([]);
        await save(page, `refused-${language}`);
        await page.getByTestId('callback-decline').click();
      }
    } finally {
      await page.close();
    }
  }, 120_000);
});

const slotAt = (fromMs: number): CallbackSlot => ({
  from: new Date(fromMs).toISOString(),
  to: new Date(fromMs + 30 * 60_000).toISOString(),
});

/**
 * The busy line's last hour: three calls answered after 7 to 8 minutes of ringing, and a
 * fourth its one agent is still talking on. Seeded again by each test: the window moves on.
 */
async function seedBusyLine(repo: Repository) {
  const queue = {
    siteId: 'acme',
    queue: 'busy-line',
    queueDisplayName: 'Busy line',
    routing: busyLine,
  };
  await recordAnsweredCalls(repo, { ...queue, waitsS: [420, 480, 450] });
  const callId = randomUUID();
  const answeredAt = Date.now() - 20_000;
  const ringingAt = answeredAt - 430_000;
  const at = (ms: number) => new Date(ms).toISOString();
  for (const event of [
    createdEvent(
      {
        id: callId,
        siteId: queue.siteId,
        sessionId: randomUUID(),
        queue: queue.queue,
        queueDisplayName: queue.queueDisplayName,
        routing: queue.routing,
        createdAt: new Date(ringingAt - 1000),
        tokenExpiresAt: new Date(ringingAt + 60_000),
      },
      new Date(ringingAt - 1000),
    ),
    { eventId: randomUUID(), callId, at: at(ringingAt), type: 'ringing' as const },
    { eventId: randomUUID(), callId, at: at(answeredAt), type: 'answered' as const, codec: 'opus' },
  ]) {
    const outcome = await repo.recordEvent(event, new Date());
    if (outcome !== 'applied') throw new Error(`seeding ${event.type}: ${outcome}`);
  }
}
