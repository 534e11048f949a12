import { describe, expect, it } from 'vitest';
import { sipUriHost } from './dial-target-guard.ts';

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
