import { InviteServerTransaction, TransactionState } from 'sip.js/lib/core/index.js';
import type { IncomingRequestMessage, UserAgentCore } from 'sip.js/lib/core/index.js';

/**
 * Hands the dialog an ACK that reuses the Via branch of the re-INVITE it acknowledges; true
 * when it did.
 *
 * The ACK of a 2xx is a transaction of its own with a new branch (RFC 3261 17.1.1.3), but many
 * PBXs copy the INVITE's. sip.js's core then matches it to the re-INVITE's server transaction,
 * still in RFC 6026's Accepted state, and drops it, where RFC 6026 7.1 says an ACK arriving in
 * that state goes to the transaction user. Dropped, the dialog never learns the ACK came: it
 * resends its 2xx until Timer L, and an answer in the ACK (to the offer of a 2xx to a
 * re-INVITE without SDP) is lost. An ACK to a non-2xx shares the branch by rule, and meets its
 * transaction in the Completed state: that one stays with the transaction.
 */
export function deliverReusedBranchAck(
  core: UserAgentCore,
  message: IncomingRequestMessage,
): boolean {
  if (message.method !== 'ACK' || !message.toTag) return false;
  const transaction = core.userAgentServers.get(message.viaBranch)?.transaction;
  if (!(transaction instanceof InviteServerTransaction)) return false;
  if (transaction.state !== TransactionState.Accepted) return false;
  const dialog = core.dialogs.get(message.callId + message.toTag + message.fromTag);
  if (!dialog) return false;
  dialog.receiveRequest(message);
  return true;
}
