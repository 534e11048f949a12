import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import { plausibleClaims } from '../../../tests/support/caller/crafted-tokens.ts';
import { memoryLogger } from '../../../tests/support/media/call-bridge-fakes.ts';
import type { DialTargetVerdict } from '../node/dial-target-allow-list.ts';
import { referToOf } from '../sip/trunk/refer-to.ts';
import { dialTargetGuard, sipUriHost } from './dial-target-guard.ts';

describe('the host a toll-fraud alert names', () => {
  it.each([
    ['sip:+19005550100@premium-rate.example', 'premium-rate.example'],
    ['sip:queue-sales@pbx.acme.example:5080;transport=tcp', 'pbx.acme.example'],
    ['sips:agent@10.0.0.7?subject=x', '10.0.0.7'],
    ['sip:user;x=@y@[2001:db8::1]:5060', '[2001:db8::1]'],
    ['sip:pbx.acme.example', 'pbx.acme.example'],
    ['sip:+19005550100@', 'unreadable'],
    ['sip:+19005550100', 'unreadable'],
    ['sip:19005550100;user=phone', 'unreadable'],
    ['SIP:Queue@PBX.Acme.Example', 'pbx.acme.example'],
  ])('%s -> %s, never the user part', (uri, host) => {
    expect(sipUriHost(uri)).toBe(host);
  });
});

describe('the toll-fraud guard on a transfer (REFER from the PBX)', () => {
  const allowed = 'sip:queue-sales-en@127.0.0.1:5060';
  const guardOver = (verdict?: DialTargetVerdict) => {
    const logger = memoryLogger();
    const metrics = new Registry();
    const asked: string[] = [];
    const guard = dialTargetGuard({
      allowList: {
        check: (site, target) => {
          asked.push(`${site} ${target}`);
          return Promise.resolve(verdict ?? (target === allowed ? 'allowed' : 'not_allowed'));
        },
      },
      logger,
      metrics,
    });
    const alerts = async () =>
      Number(
        /media_toll_fraud_alerts_total (\d+)/.exec(
          await metrics.getSingleMetricAsString('media_toll_fraud_alerts_total'),
        )?.[1],
      );
    return { guard, logger, asked, alerts };
  };
  const claims = plausibleClaims() as CallTokenClaims;
  const answered = (value: string) => ({ claims, referTo: referToOf([value]), answered: true });

  it("allows a queue the call's site allows, compared as the token's target is", async () => {
    const t = guardOver();
    expect(await t.guard.checkTransfer(answered(`<${allowed}>`))).toBe(true);
    expect(t.asked).toEqual([`acme ${allowed}`]);
    expect(await t.alerts()).toBe(0);
  });

  it.each([
    [
      'a number the site does not allow',
      answered('<sip:+19005550100@127.0.0.1>'),
      'target_not_allowed',
      '127.0.0.1',
    ],
    [
      'the allowed queue on another port',
      answered('<sip:queue-sales-en@127.0.0.1:5070>'),
      'target_not_allowed',
      '127.0.0.1',
    ],
    ['a tel: URI', answered('<tel:+19005550100>'), 'refer_to_not_sip', undefined],
    [
      'an attended transfer (Replaces)',
      answered(`<${allowed}?Replaces=x>`),
      'refer_to_headers',
      '127.0.0.1',
    ],
    ['a malformed Refer-To', answered('<sip:queue@'), 'refer_to_malformed', undefined],
    [
      'a call not answered',
      { ...answered(`<${allowed}>`), answered: false },
      'not_answered',
      '127.0.0.1',
    ],
    [
      'no call at all',
      { ...answered(`<${allowed}>`), claims: undefined },
      'outside_dialog',
      '127.0.0.1',
    ],
  ])(
    'refuses %s: a toll-fraud alert naming the host only, counted',
    async (_, check, cause, host) => {
      const t = guardOver();
      expect(await t.guard.checkTransfer(check)).toBe(false);
      expect(await t.alerts()).toBe(1);
      const alert = t.logger.lines.find((line) => line.message?.startsWith('toll-fraud alert:'));
      expect(alert).toMatchObject({ level: 'error', details: { alert: 'toll_fraud', cause } });
      expect((alert?.details as { targetHost?: string }).targetHost).toBe(host);
      expect(JSON.stringify(t.logger.lines)).not.toContain('5550100');
      // Only a well-formed SIP target of an answered call is ever looked up.
      if (cause !== 'target_not_allowed') expect(t.asked).toEqual([]);
    },
  );

  it('refuses while the gateway holds no list from the API, without crying fraud', async () => {
    const t = guardOver('unknown');
    expect(await t.guard.checkTransfer(answered(`<${allowed}>`))).toBe(false);
    expect(await t.alerts()).toBe(0);
    expect(t.logger.lines).toMatchObject([{ level: 'warn' }]);
  });
});
