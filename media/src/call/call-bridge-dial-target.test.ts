// The toll-fraud guard inside a call: a token's target is checked after the token and before
// anything is opened or dialled; the refusal reads as the contract says.
import { describe, expect, it } from 'vitest';
import { deferred, settle } from '../../../tests/support/media/call-bridge-fakes.ts';
import { bridgeOnFakes } from '../../../tests/support/media/bridge-on-fakes.ts';
import type { DialTargetVerdict } from '../node/dial-target-allow-list.ts';

describe('CallBridge with the toll-fraud guard', () => {
  it('refuses a token naming a target its site does not allow: 403, an alert, nothing opened', async () => {
    const t = bridgeOnFakes({ dialTarget: Promise.resolve('not_allowed') });
    const claims = {
      ...t.claims,
      queue: { ...t.claims.queue, uri: 'sip:+19005550100@toll.example' },
    };
    t.token.resolve(claims);
    await settle();
    expect(t.browser.said.at(-1)).toEqual({
      kind: 'refuse',
      reason: { code: 'unauthorized', sipStatus: 403, cause: 'token_target_not_allowed' },
    });
    expect(t.engine.opened).toHaveLength(0);
    expect(t.trunk.calls).toHaveLength(0);
    // Authentic claims: the call is reported under its id, ended as unauthorized.
    expect(t.steps).toEqual([
      ['created', claims.callId],
      ['ended', claims.callId, 'unauthorized', undefined],
    ]);
    const alert = t.logger.lines.find((line) => line.message?.startsWith('toll-fraud alert:'));
    expect(alert).toMatchObject({
      level: 'error',
      details: { site: 'acme', callId: claims.callId, targetHost: 'toll.example' },
    });
    expect(JSON.stringify(t.logger.lines)).not.toContain('19005550100');
    expect(await t.metrics.getSingleMetricAsString('media_toll_fraud_alerts_total')).toMatch(
      /media_toll_fraud_alerts_total 1$/m,
    );
  });

  it('refuses every call while the allow-list is unknown: 503, our fault, no alert', async () => {
    const t = bridgeOnFakes({ dialTarget: Promise.resolve('unknown') });
    t.token.resolve(t.claims);
    await settle();
    expect(t.browser.said.at(-1)).toEqual({
      kind: 'refuse',
      reason: { code: 'gateway_error', sipStatus: 503, cause: 'token_target_unverified' },
    });
    expect(t.engine.opened).toHaveLength(0);
    expect(t.logger.lines.some((line) => line.message?.startsWith('toll-fraud'))).toBe(false);
  });

  it('takes a CANCEL while the target is checked: nothing opened, nothing dialled', async () => {
    const verdict = deferred<DialTargetVerdict>();
    const t = bridgeOnFakes({ dialTarget: verdict.promise });
    t.token.resolve(t.claims);
    await settle();
    t.bridge.browserCancelled();
    verdict.resolve('allowed');
    await settle();
    expect(t.engine.opened).toHaveLength(0);
    expect(t.trunk.calls).toHaveLength(0);
    expect(t.steps).toEqual([
      ['created', t.claims.callId],
      ['ended', t.claims.callId, 'visitor_hung_up', undefined],
    ]);
  });
});
