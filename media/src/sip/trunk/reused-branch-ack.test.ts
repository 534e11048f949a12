import { InviteServerTransaction, TransactionState } from 'sip.js/lib/core/index.js';
import type { IncomingRequestMessage, UserAgentCore } from 'sip.js/lib/core/index.js';
import { describe, expect, it } from 'vitest';
import { deliverReusedBranchAck } from './reused-branch-ack.ts';

/** The core's view of one re-INVITE we answered, in `state`, and of its dialog. */
function coreWith(state: TransactionState) {
  const transaction = Object.create(InviteServerTransaction.prototype, {
    state: { value: state },
  }) as InviteServerTransaction;
  const delivered: IncomingRequestMessage[] = [];
  const dialog = { receiveRequest: (message: IncomingRequestMessage) => delivered.push(message) };
  const core = {
    userAgentServers: new Map([['z9hG4bK-reinvite', { transaction }]]),
    dialogs: new Map([['call-1ourspbx', dialog]]),
  } as unknown as UserAgentCore;
  return { core, delivered };
}

const ack = (viaBranch: string, method = 'ACK') =>
  ({
    method,
    viaBranch,
    callId: 'call-1',
    toTag: 'ours',
    fromTag: 'pbx',
  }) as IncomingRequestMessage;

describe("an ACK on its re-INVITE's branch (RFC 6026 7.1)", () => {
  it('goes to the dialog while the re-INVITE is Accepted (our 2xx sent)', () => {
    const { core, delivered } = coreWith(TransactionState.Accepted);
    const message = ack('z9hG4bK-reinvite');
    expect(deliverReusedBranchAck(core, message)).toBe(true);
    expect(delivered).toEqual([message]);
  });

  it('stays with the transaction when it acknowledges a non-2xx (Completed)', () => {
    const { core, delivered } = coreWith(TransactionState.Completed);
    expect(deliverReusedBranchAck(core, ack('z9hG4bK-reinvite'))).toBe(false);
    expect(delivered).toEqual([]);
  });

  it('leaves an ACK on a branch of its own, or any other request, to the core', () => {
    const { core, delivered } = coreWith(TransactionState.Accepted);
    expect(deliverReusedBranchAck(core, ack('z9hG4bK-own'))).toBe(false);
    expect(deliverReusedBranchAck(core, ack('z9hG4bK-reinvite', 'BYE'))).toBe(false);
    expect(delivered).toEqual([]);
  });
});
