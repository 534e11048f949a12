import { Grammar } from 'sip.js/lib/core/index.js';
import { withoutControlChars } from './display-text.ts';

/** What a name may look like once shown to a visitor: printable, short. */
const maxAgentNameLength = 64;

/** The header reader this needs: sip.js incoming messages provide it. */
export interface HeaderSource {
  getHeader(name: string): string | undefined;
}

/** The display name of a name-addr header (`"Alice" <sip:...>`), cleaned for display. */
export function displayNameOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  // Several identities may be listed (PAI with a sip and a tel URI): the first one names.
  const first = value.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[0] ?? '';
  let name: string | undefined;
  try {
    name = Grammar.nameAddrHeaderParse(first.trim())?.displayName;
  } catch {
    name = undefined;
  }
  if (name === undefined) {
    // The grammar rejects a few real-world forms (e.g. Remote-Party-ID params it does not
    // know); fall back to a quoted or bare display name before the '<'.
    const match = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*</.exec(first);
    name = match?.[1] ?? match?.[2];
  }
  return cleanName(name);
}

function cleanName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const cleaned = withoutControlChars(name)
    .replace(/\\(.)/g, '$1')
    .trim()
    .slice(0, maxAgentNameLength);
  return cleaned === '' ? undefined : cleaned;
}

/**
 * The answering agent's name, as PBXs tell it: P-Asserted-Identity (RFC 3325) first, then the
 * older Remote-Party-ID, then the display name of the agent's own side of the dialog: To in a
 * response (some PBXs rewrite it on answer), From in a request the PBX sends (re-INVITE,
 * UPDATE), where To is us.
 */
export function agentNameOf(
  message: HeaderSource,
  kind: 'response' | 'request' = 'response',
): string | undefined {
  for (const header of [
    'p-asserted-identity',
    'remote-party-id',
    kind === 'response' ? 'to' : 'from',
  ]) {
    const name = displayNameOf(message.getHeader(header));
    if (name) return name;
  }
  return undefined;
}
