import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import { metricsCallObserver } from './metrics-call-observer.ts';

describe('metricsCallObserver', () => {
  it('counts calls in progress and ended calls by reason', async () => {
    const registry = new Registry();
    const observer = metricsCallObserver(registry);
    const claims = (callId: string) => ({ callId }) as CallTokenClaims;
    observer.created(claims('a'));
    observer.created(claims('b'));
    observer.answered('a', 'opus');
    observer.ended('a', { code: 'agent_hung_up' }, 'opus');
    observer.ended(undefined, { code: 'unauthorized' }, undefined);

    const text = await registry.metrics();
    expect(text).toContain('media_calls_active 1');
    expect(text).toContain('media_calls_answered_total{codec="opus"} 1');
    expect(text).toContain('media_calls_ended_total{reason="agent_hung_up"} 1');
    expect(text).toContain('media_calls_ended_total{reason="unauthorized"} 1');
  });
});
