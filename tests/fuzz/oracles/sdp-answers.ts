/**
 * What an SDP answer must be, read line by line on its own (not with the product's parser, so
 * that a parser's mistake is not copied into the check).
 */

/** One m= section: its m-line's fields and what the checks read from its attributes. */
export interface SdpSection {
  type: string;
  port: number;
  protocol: string;
  formats: string[];
  mid: string | undefined;
  /** `a=rtpmap` by payload type: `encoding/clock` as written. */
  rtpmaps: Map<string, string>;
  attributes: string[];
}

export interface ReadSdp {
  /** Session-level attributes (before the first m-line). */
  session: string[];
  /** Every m-line in order; `undefined` where the m-line does not follow RFC 4566's grammar. */
  sections: (SdpSection | undefined)[];
}

// m=<media> <port>[/<number of ports>] <proto> <fmt> ... (RFC 8866 5.14): a media token, a
// port, a transport and at least one format; extra spaces between formats are let pass.
const mLine = /^m=([A-Za-z0-9!#$%&'*+.^_`{|}~-]+) (\d+)(?:\/\d+)? ([A-Za-z0-9/._-]+) +(\S.*)$/;

export function readSdp(text: string): ReadSdp {
  const session: string[] = [];
  const sections: (SdpSection | undefined)[] = [];
  let current: SdpSection | undefined;
  let inMedia = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.startsWith('m=')) {
      inMedia = true;
      const match = mLine.exec(line);
      current = match
        ? {
            type: match[1]!,
            port: Number(match[2]),
            protocol: match[3]!,
            formats: match[4]!.trim().split(/ +/),
            mid: undefined,
            rtpmaps: new Map(),
            attributes: [],
          }
        : undefined;
      sections.push(current);
      continue;
    }
    if (!line.startsWith('a=')) continue;
    const attribute = line.slice(2);
    if (!inMedia) session.push(attribute);
    if (!current) continue;
    current.attributes.push(attribute);
    // A mid is a token (RFC 5888): what follows it on the line is not part of it.
    if (attribute.startsWith('mid:')) current.mid = /^mid:(\S*)/.exec(attribute)![1];
    // <encoding name>/<clock rate>[/<channels>] (RFC 8866 6.6); what trails it is not read.
    const rtpmap = /^rtpmap:(\d+) ([^/\s]+\/\d+(?:\/\d+)?)/.exec(attribute);
    if (rtpmap && !current.rtpmaps.has(rtpmap[1]!)) current.rtpmaps.set(rtpmap[1]!, rtpmap[2]!);
  }
  return { session, sections };
}

// RFC 3551 static payload types, which need no rtpmap.
const staticPayloadTypes: Readonly<Record<string, string>> = {
  '0': 'PCMU/8000',
  '8': 'PCMA/8000',
  '9': 'G722/8000',
};

/** An encoding as compared: names are case-insensitive, and audio is one channel by default. */
/**
 * An encoding as compared: one channel is the default (RFC 4566), and opus is always written
 * opus/48000/2 (RFC 7587 section 7), so an offer that left its channels out is answered so.
 */
const sameEncoding = (encoding: string | undefined) =>
  encoding
    ?.toLowerCase()
    .replace(/\/1$/, '')
    .replace(/^opus\/48000$/, 'opus/48000/2');

export interface AnswerRules {
  /** The one kind of section the gateway takes (RFC 3264 lets it reject every other). */
  takes: 'audio' | 'application';
  /** Encodings the active section may carry (lower case), telephone-event included. */
  encodings?: readonly string[];
  /** ICE and DTLS attributes on the active section (a WebRTC answer, not the PBX's plain RTP). */
  webRtc: boolean;
}

/**
 * RFC 3264 section 6 and RFC 8843: one answer line per offered line, in order, of the same
 * type and transport; a line the offer rejected stays rejected; exactly one line taken, of the
 * kind the gateway takes, with formats from its offered ones; every mid echoed; the BUNDLE
 * group names the taken line. Returns what is wrong, or undefined.
 */
export function answerProblem(
  offer: string,
  answer: string,
  rules: AnswerRules,
): string | undefined {
  const offered = readSdp(offer);
  const answered = readSdp(answer);
  const unparsable = offered.sections.findIndex((section) => section === undefined);
  if (unparsable >= 0) return `answered an offer whose m-line ${unparsable} is not an m-line`;
  if (answered.sections.length !== offered.sections.length) {
    return `${answered.sections.length} m-line(s) answer ${offered.sections.length} offered`;
  }
  const taken: number[] = [];
  for (const [index, section] of answered.sections.entries()) {
    const offeredSection = offered.sections[index]!;
    if (!section) return `answer m-line ${index} is not an m-line`;
    if (section.type !== offeredSection.type || section.protocol !== offeredSection.protocol) {
      return `m-line ${index} answered as ${section.type} ${section.protocol}, offered ${offeredSection.type} ${offeredSection.protocol}`;
    }
    if (offeredSection.mid !== section.mid) {
      return `m-line ${index}: mid ${JSON.stringify(section.mid)} answers ${JSON.stringify(offeredSection.mid)}`;
    }
    if (!section.formats.every((format) => offeredSection.formats.includes(format))) {
      return `m-line ${index} answers formats ${section.formats.join(' ')} of ${offeredSection.formats.join(' ')}`;
    }
    if (section.port !== 0) {
      if (offeredSection.port === 0)
        return `m-line ${index} was rejected in the offer, taken in the answer`;
      taken.push(index);
    }
  }
  if (taken.length !== 1) return `${taken.length} m-lines taken, one expected`;
  const active = answered.sections[taken[0]!]!;
  const offeredActive = offered.sections[taken[0]!]!;
  if (active.type !== rules.takes) return `the taken m-line is ${active.type}, not ${rules.takes}`;
  for (const format of rules.encodings ? active.formats : []) {
    const encoding = active.rtpmaps.get(format);
    if (!encoding) return `the taken m-line has no rtpmap for ${format}`;
    const offeredEncoding = offeredActive.rtpmaps.get(format) ?? staticPayloadTypes[format];
    if (sameEncoding(encoding) !== sameEncoding(offeredEncoding)) {
      return `payload type ${format} answered as ${encoding}, offered as ${offeredEncoding}`;
    }
    const name = encoding.split('/')[0]!.toLowerCase();
    if (!rules.encodings!.includes(name))
      return `the answer carries ${name}, not one of ${rules.encodings!.join(', ')}`;
  }
  if (rules.webRtc) {
    const has = (prefix: string) =>
      active.attributes.some((attribute) => attribute.startsWith(prefix));
    for (const prefix of ['ice-ufrag:', 'ice-pwd:', 'fingerprint:']) {
      if (!has(prefix)) return `the taken m-line has no a=${prefix}`;
    }
    if (!active.attributes.some((attribute) => /^setup:(active|passive)$/.test(attribute))) {
      return 'the taken m-line has no a=setup:active or passive';
    }
    const bundle = answered.session.find((attribute) => attribute.startsWith('group:BUNDLE'));
    if (bundle !== `group:BUNDLE ${active.mid}`) {
      return `the BUNDLE group is ${JSON.stringify(bundle)}, the taken mid ${JSON.stringify(active.mid)}`;
    }
  }
  return undefined;
}
