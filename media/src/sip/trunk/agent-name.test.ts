import { describe, expect, it } from 'vitest';
import { agentNameOf, displayNameOf } from './agent-name.ts';

const headers = (h: Record<string, string>) => ({
  getHeader: (name: string) => h[name.toLowerCase()],
});

describe('agent name', () => {
  it('prefers P-Asserted-Identity, then Remote-Party-ID, then the To display name', () => {
    const all = {
      'p-asserted-identity': '"Alice Agent" <sip:alice@pbx>',
      'remote-party-id': '"Bob" <sip:bob@pbx>;party=called;screen=yes',
      to: '"Carol" <sip:queue@pbx>;tag=1',
    };
    expect(agentNameOf(headers(all))).toBe('Alice Agent');
    expect(agentNameOf(headers({ ...all, 'p-asserted-identity': '<sip:x@pbx>' }))).toBe('Bob');
    expect(agentNameOf(headers({ to: '"Carol" <sip:queue@pbx>;tag=1' }))).toBe('Carol');
  });

  it("reads the agent's side of the dialog: From in the PBX's own requests, where To is us", () => {
    const reInvite = headers({
      from: '"Gloria Mcgee" <sip:agent@pbx>;tag=1',
      to: '"Web caller" <sip:gw@x>;tag=2',
    });
    expect(agentNameOf(reInvite, 'request')).toBe('Gloria Mcgee');
    expect(
      agentNameOf(headers({ to: '"Web caller" <sip:gw@x>;tag=2' }), 'request'),
    ).toBeUndefined();
  });

  it('reads unquoted names, escapes and the first of several identities', () => {
    expect(displayNameOf('Dave Smith <sip:dave@pbx>')).toBe('Dave Smith');
    expect(displayNameOf('"Eve \\"E\\" Doe" <sip:eve@pbx>')).toBe('Eve "E" Doe');
    expect(displayNameOf('"Frank" <sip:f@pbx>, <tel:+123>')).toBe('Frank');
  });

  it('gives nothing for no display name, and cleans what it gives', () => {
    expect(agentNameOf(headers({ to: '<sip:queue-sales@127.0.0.1>;tag=abc' }))).toBeUndefined();
    expect(displayNameOf(undefined)).toBeUndefined();
    expect(displayNameOf('garbage without brackets')).toBeUndefined();
    expect(displayNameOf(`"${'x'.repeat(300)}" <sip:a@b>`)).toHaveLength(64);
    expect(displayNameOf('"a\u0007b" <sip:a@b>')).toBe('ab');
  });
});
