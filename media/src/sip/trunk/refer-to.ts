import { Grammar } from 'sip.js/lib/core/index.js';
import type { HeaderSource } from './agent-name.ts';

/** Why a REFER's Refer-To names no target we could dial. */
export type ReferToProblem =
  /** No Refer-To, or more than one value (RFC 3515 2.4.2: 400). */
  | 'refer_to_missing'
  | 'refer_to_several'
  /** Not a name-addr or addr-spec, or a sip: URI the grammar refuses (400). */
  | 'refer_to_malformed'
  /** A tel:, http: or other scheme: only SIP URIs are dialled (403). */
  | 'refer_to_not_sip'
  /**
   * Headers in the URI (`?Replaces=...` for an attended transfer, or anything else that
   * would travel into our INVITE): refused, never copied (403).
   */
  | 'refer_to_headers';

/**
 * A REFER's Refer-To, read: the URI exactly as written (the allow-list compares strings, as it
 * does for call tokens), or the problem with the SIP status that refuses it. `uri` on a
 * problem is the raw text, for the alert to name its host: never logged whole (personal data).
 */
export type ReferTo =
  | { ok: true; uri: string }
  | { ok: false; problem: ReferToProblem; status: 400 | 403; uri?: string };

/** name-addr: an optional display name (quoted or tokens), then the URI in angle brackets. */
const nameAddr = /^\s*(?:"(?:[^"\\]|\\.)*"|[^<"]*)\s*<([^<>]*)>\s*(?:;.*)?$/s;
/** addr-spec: the URI up to the header parameters (RFC 3261 20: no ',', ';' or '?' then). */
const addrSpec = /^\s*([^\s;<>"]+)\s*(?:;.*)?$/s;

/** Splits a header value on the commas between values, not those quoted or in brackets. */
function headerValues(value: string): string[] {
  const values: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    if (c === '\\' && quoted) i += 1;
    else if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') depth += 1;
    else if (!quoted && c === '>') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && c === ',') {
      values.push(value.slice(start, i));
      start = i + 1;
    }
  }
  values.push(value.slice(start));
  return values.filter((v) => v.trim() !== '');
}

/** Reads the Refer-To of a REFER (full or compact name) into a target or a refusal. */
export function parseReferTo(message: HeaderSource & { getHeaders(name: string): string[] }) {
  const raw = [...message.getHeaders('refer-to'), ...message.getHeaders('r')];
  return referToOf(raw.flatMap(headerValues));
}

export function referToOf(values: readonly string[]): ReferTo {
  if (values.length === 0) return { ok: false, problem: 'refer_to_missing', status: 400 };
  if (values.length > 1) return { ok: false, problem: 'refer_to_several', status: 400 };
  const value = values[0]!;
  const uri = (nameAddr.exec(value) ?? addrSpec.exec(value))?.[1]?.trim();
  if (!uri) return { ok: false, problem: 'refer_to_malformed', status: 400 };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1]?.toLowerCase();
  if (!scheme) return { ok: false, problem: 'refer_to_malformed', status: 400, uri };
  if (scheme !== 'sip' && scheme !== 'sips')
    return { ok: false, problem: 'refer_to_not_sip', status: 403, uri };
  if (uri.includes('?')) return { ok: false, problem: 'refer_to_headers', status: 403, uri };
  let parsed: unknown;
  try {
    parsed = Grammar.URIParse(uri);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed === -1)
    return { ok: false, problem: 'refer_to_malformed', status: 400, uri };
  return { ok: true, uri };
}

/** Longer than this, a Referred-By is not passed on (a URI, not a payload). */
const maxReferredByLength = 256;

/**
 * A REFER's Referred-By (RFC 3892), for the transferee's new INVITE to carry (RFC 3515 2.4.6
 * lets it; the transfer's target learns who sent the call): the referrer's SIP URI alone, read
 * and checked as a Refer-To is, as `<uri>`; undefined when absent or not a plain SIP URI. Its
 * display name and parameters stay behind (a `cid` names a signed body we do not carry).
 */
export function parseReferredBy(
  message: HeaderSource & { getHeaders(name: string): string[] },
): string | undefined {
  const raw = [...message.getHeaders('referred-by'), ...message.getHeaders('b')];
  const read = referToOf(raw.flatMap(headerValues));
  return read.ok && read.uri.length <= maxReferredByLength ? `<${read.uri}>` : undefined;
}
