import { describe, expect, it } from 'vitest';
import type { CallTokenClaims } from '../../../protocol/call-token.ts';
import { connectionTestHeaderValue } from './connection-test-header.ts';
import { trunkCallRequest } from './trunk-call-request.ts';

const names = {
  intent: 'X-CTC-Intent',
  language: 'X-CTC-Language',
  country: 'X-CTC-Country',
  callId: 'X-CTC-Call-Id',
  connection: 'X-Web-Quality',
};

const claims = {
  sub: 'acme',
  callId: '6f1f8c1e-8a36-4a43-9d43-6a1b2c3d4e5f',
  queue: { name: 'support', uri: 'sip:support@pbx', displayName: 'Support' },
  routing: { intent: 'support', language: 'en', country: 'GB' },
  headers: {},
} as unknown as CallTokenClaims;

const call = { target: 'sip:support@pbx', sdpOffer: 'v=0', sipCallId: 'c1', queueHeaders: true };

describe('the connection test header', () => {
  it('carries the verdict and the rounded figures as key=value pairs', () => {
    expect(
      connectionTestHeaderValue({
        verdict: 'acceptable',
        rttMs: 41.6,
        lossPct: 0.46,
        jitterMs: 7.5,
      }),
    ).toBe('verdict=acceptable;rtt=42;loss=0.5;jitter=8');
    expect(
      connectionTestHeaderValue({
        verdict: 'poor',
        rttMs: 310,
        lossPct: 12,
        jitterMs: 40.2,
        transport: 'tcp',
      }),
    ).toBe('verdict=poor;rtt=310;loss=12;jitter=40;transport=tcp');
  });

  it('goes to the PBX under the configured name, beside the routing data', () => {
    const tested = {
      ...claims,
      connectionTest: { verdict: 'good', rttMs: 2, lossPct: 0, jitterMs: 0.3, transport: 'udp' },
    } as CallTokenClaims;
    const { headers } = trunkCallRequest(tested, names, call);
    expect(headers['X-Web-Quality']).toBe('verdict=good;rtt=2;loss=0;jitter=0;transport=udp');
    expect(headers['X-CTC-Intent']).toBe('support');
  });

  it('is absent when the visitor skipped the test', () => {
    const { headers } = trunkCallRequest(claims, names, call);
    expect(Object.keys(headers)).not.toContain('X-Web-Quality');
    expect(Object.keys(headers)).toHaveLength(4);
  });
});
