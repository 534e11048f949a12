// The expected wait as a visitor meets it: a queue whose last calls were answered after about
// two minutes says "about 2 minutes" while the visitor's own call rings (asked again as it
// rings), and on the Start screen once the visitor has a session; a first visit's Start, with
// no session yet, says nothing. Both screens stay clean for axe-core.
import { describe, expect, it } from 'vitest';
import { openRepository } from '../../api/src/storage/open-repository.ts';
import { addQueueWithIntent, allowCallsFromOneAddress } from '../../infra/dev/site-edits.ts';
import { recordAnsweredCalls } from '../support/api/answered-history.ts';
import { axeViolations } from '../support/e2e/accessibility.ts';
import { walkToCall } from '../support/e2e/call-page.ts';
import { screenSaver } from '../support/e2e/screens.ts';
import { useStackAndChromium } from '../support/e2e/use-stack-and-chromium.ts';

describe('the expected wait', () => {
  const save = screenSaver('expected-wait');
  const e2e = useStackAndChromium('expected-wait', {
    microphone: { hz: 440, seconds: 120 },
    // Seeded straight into the API's database: PostgreSQL, which the test can open too.
    database: 'postgres',
    // Nobody answers: the visitor's call rings until they hang up.
    agents: [{ queue: 'waiting-line', answerMode: 'manual' }],
    editSites: (sites) => {
      const acme = sites.sites.acme!;
      allowCallsFromOneAddress(acme, 100);
      addQueueWithIntent(acme, 'waiting-line', 'Waiting line');
    },
  });

  it('shows the queue’s expected wait while ringing and on Start, in words, never as a figure to the second', async () => {
    const repo = await openRepository({ databaseUrl: e2e.databaseUrl! });
    try {
      // The queue's last three calls were answered after 1:40, 2:00 and 2:30 of ringing.
      await recordAnsweredCalls(repo, {
        siteId: 'acme',
        queue: 'waiting-line',
        queueDisplayName: 'Waiting line',
        routing: { intent: 'waiting-line', language: 'en', country: 'US' },
        waitsS: [100, 120, 150],
      });
    } finally {
      await repo.close();
    }

    const page = await e2e.chromium.browser.newPage();
    try {
      await page.goto(e2e.stack.demoUrl);
      await page.getByTestId('ctc-launcher').click();
      const frame = page.getByTestId('ctc-frame');
      const widget = (await (await frame.elementHandle())!.contentFrame())!;
      await widget.getByTestId('start-screen').waitFor();
      await widget.getByTestId('start-intent').selectOption('waiting-line');
      // A first visit: no session to ask with yet, so no estimate.
      expect(await widget.getByTestId('expected-wait').count()).toBe(0);

      await walkToCall(widget);
      const ringing = widget.locator('[data-testid="call-screen"][data-phase="ringing"]');
      await ringing.waitFor({ timeout: 20_000 });
      const wait = widget.getByTestId('expected-wait');
      await wait.waitFor();
      expect(await wait.textContent()).toBe(
        'Expected wait: about 2 minutes. No other web callers are ahead of you.',
      );
      expect(await axeViolations(widget), 'axe on the ringing screen').toEqual([]);
      await save(frame, 'ringing');

      // Asked again as it rings: the API counts from the call's own place in line.
      const asked = await page.waitForResponse(
        (res) =>
          res.url().endsWith('/v1/availability') && res.request().postData()!.includes('callId'),
        { timeout: 15_000 },
      );
      expect(await asked.json()).toMatchObject({
        kind: 'open',
        expectedWait: { minutes: 2, moreThan: false, position: 1 },
      });

      // Hung up, back to Start by way of the callback offer's "No, thanks": the visitor now
      // has a session, and Start tells them the wait before they call again.
      await widget.getByTestId('call-end').click();
      await widget.getByTestId('abandoned-offer').waitFor();
      // The offer comes at once; the call's end reaches the API's records a moment later,
      // and until then the visitor's own call would count as one ahead of them.
      const records = await openRepository({ databaseUrl: e2e.databaseUrl! });
      try {
        await expect.poll(async () => (await records.listOpenCalls()).length).toBe(0);
      } finally {
        await records.close();
      }
      await widget.getByTestId('callback-decline').click();
      await widget.getByTestId('start-screen').waitFor();
      expect(await widget.getByTestId('start-intent').inputValue()).toBe('waiting-line');
      expect(await widget.getByTestId('expected-wait-minutes').textContent()).toBe(
        'Expected wait: about 2 minutes.',
      );
      expect(await axeViolations(widget), 'axe on the Start screen').toEqual([]);
      await save(frame, 'start');

      // In the visitor's language, when they pick another.
      await widget.getByTestId('start-language').selectOption('de');
      await expect
        .poll(() => widget.getByTestId('expected-wait-minutes').textContent())
        .toBe('Voraussichtliche Wartezeit: etwa 2 Minuten.');
    } finally {
      await page.close();
    }
  });
});
