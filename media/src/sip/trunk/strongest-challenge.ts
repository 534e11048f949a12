import { Grammar } from 'sip.js/lib/core/index.js';
import { digestAlgorithms, parseDigestAlgorithm } from './digest-response.ts';

/** How strong a challenge is: its algorithm's rank, -1 when we cannot answer it. */
function strength(challenge: string): number {
  if (!/^digest\s/i.test(challenge)) return -1;
  // -1 when it does not parse; undefined when it parsed to nothing we read (no realm...).
  const parsed = Grammar.parse(challenge, 'challenge') as { algorithm?: string } | -1 | undefined;
  if (typeof parsed !== 'object') return -1;
  const algorithm = parseDigestAlgorithm(parsed.algorithm)?.algorithm;
  return algorithm ? digestAlgorithms.indexOf(algorithm) : -1;
}

const challengeHeader = /^(www-authenticate|proxy-authenticate)[ \t]*:[ \t]*(.*)$/i;

/**
 * A PBX may offer several challenges in one 401/407, one per algorithm (RFC 7616 3.7, RFC 8760
 * 2.4: SHA-256 for current clients, MD5 for older ones). sip.js's parser keeps only the last
 * WWW-Authenticate (or Proxy-Authenticate) header, whichever it is, so the raw response is
 * cut down to the strongest challenge we can answer before the core reads it (the PBX's
 * first among equals, its preference). Any other message is returned as it came.
 */
export function strongestChallengeOnly(text: string): string {
  if (!/^SIP\/2\.0 40[17] /.test(text)) return text;
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return text;
  const lines = text.slice(0, end).split('\r\n');
  const challenges: { name: string; challenge: string }[] = [];
  const kept = lines.filter((line) => {
    const match = challengeHeader.exec(line);
    if (!match) return true;
    // One header may also list several challenges, comma-separated (RFC 7235 4.1).
    for (const challenge of match[2]!.split(/,\s*(?=digest\s)/i))
      challenges.push({ name: match[1]!, challenge: challenge.trim() });
    return false;
  });
  if (challenges.length < 2) return text;
  let best = challenges[0]!;
  for (const candidate of challenges)
    if (strength(candidate.challenge) > strength(best.challenge)) best = candidate;
  kept.push(`${best.name}: ${best.challenge}`);
  return kept.join('\r\n') + text.slice(end);
}
