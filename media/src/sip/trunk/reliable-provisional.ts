import type { HeaderSource } from './agent-name.ts';

/**
 * The RSeq of a reliable provisional response (RFC 3262 4: `Require: 100rel` and an RSeq, on
 * anything but a 100), which the UAC acknowledges with a PRACK; undefined for any other.
 */
export function reliableSequence(
  message: HeaderSource & { statusCode?: number | undefined },
): number | undefined {
  const status = message.statusCode ?? 0;
  if (status <= 100 || status >= 200) return undefined;
  const required = (message.getHeader('require') ?? '').split(',');
  if (!required.some((tag) => tag.trim().toLowerCase() === '100rel')) return undefined;
  // RFC 3262 7.1: 1 to 2**31 - 1.
  const rseq = /^\s*(\d{1,10})\s*$/.exec(message.getHeader('rseq') ?? '')?.[1];
  const value = Number(rseq);
  return rseq !== undefined && value >= 1 && value < 2 ** 31 ? value : undefined;
}

/** The RAck of the PRACK for a reliable provisional (RFC 3262 7.2): RSeq, CSeq, method. */
export function rackHeader(rseq: number, inviteCseq: number): string {
  return `RAck: ${rseq} ${inviteCseq} INVITE`;
}
