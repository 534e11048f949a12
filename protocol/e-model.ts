// The E-model of ITU-T G.107 (06/2015): a transmission rating R from a path's delay and loss,
// and the MOS a listener would give it. Every parameter the path does not tell us keeps
// G.107's default (Table 3: a good handset, quiet room, well-controlled echo), so with no
// delay and no loss R is 93.2, as G.107 states. Pure functions: no DOM, no clock. The
// widget rates its connection test with it, the gateway the call it carried: one model.

/** The path as the E-model sees it. */
export interface EModelInput {
  /** Mean one-way (mouth-to-ear) delay Ta in ms; also the echo path delay T, Tr = 2T. */
  oneWayDelayMs: number;
  /** Random packet loss Ppl in percent. */
  lossPct: number;
  /** Equipment impairment factor Ie of the codec (G.113 Appendix I). */
  ie?: number;
  /** Packet-loss robustness factor Bpl of the codec with its concealment. */
  bpl?: number;
  /** Burst ratio: 1 for random loss. */
  burstR?: number;
}

/**
 * The reference codec: G.711 with packet-loss concealment (G.113 Appendix I: Ie = 0,
 * Bpl = 25.1 under random loss). Calls may use Opus, which fares better; planning on the
 * plainest codec every trunk takes keeps the verdict on the safe side.
 */
export const g711WithPlc = { ie: 0, bpl: 25.1 } as const;

// G.107 Table 3 defaults.
const SLR = 8;
const RLR = 2;
const STMR = 15;
const LSTR = 18;
const Ds = 3;
const TELR = 65;
const WEPL = 110;
const qdu = 1;
const Nc = -70;
const Nfor = -64;
const Ps = 35;
const Pr = 35;
const A = 0;
const mT = 100;
const sT = 1;

const lg = Math.log10;
const OLR = SLR + RLR;
const Nfo = Nfor + RLR;
const Pre = Pr + 10 * lg(1 + 10 ** ((10 - LSTR) / 10));
const Nor = RLR - 121 + Pre + 0.008 * (Pre - 35) ** 2;
const Nos = Ps - SLR - Ds - 100 + 0.004 * (Ps - OLR - Ds - 14) ** 2;
const No = 10 * lg(10 ** (Nc / 10) + 10 ** (Nos / 10) + 10 ** (Nor / 10) + 10 ** (Nfo / 10));
/** Basic signal-to-noise ratio (G.107 7.2): 94.77 with the defaults. */
const Ro = 15 - 1.5 * (SLR + No);

/** Impairments simultaneous with the voice (G.107 7.3): about 1.41 with the defaults. */
function simultaneousImpairment(T: number): number {
  const Xolr = OLR + 0.2 * (64 + No - RLR);
  const Iolr = 20 * ((1 + (Xolr / 8) ** 8) ** (1 / 8) - Xolr / 8);
  const STMRo = -10 * lg(10 ** (-STMR / 10) + Math.exp(-T / 4) * 10 ** (-TELR / 10));
  const Ist =
    12 * (1 + ((STMRo - 13) / 6) ** 8) ** (1 / 8) -
    28 * (1 + ((STMRo + 1) / 19.4) ** 35) ** (1 / 35) -
    13 * (1 + ((STMRo - 3) / 33) ** 13) ** (1 / 13) +
    29;
  const Q = 37 - 15 * lg(qdu);
  const G = 1.07 + 0.258 * Q + 0.0602 * Q ** 2;
  const Z = 46 / 30 - G / 40;
  const Y = (Ro - 100) / 15 + 46 / 8.4 - G / 9;
  const Iq = 15 * lg(1 + 10 ** Y + 10 ** Z);
  return Iolr + Ist + Iq;
}

/** Delay impairments (G.107 7.4): talker echo, listener echo, and too long a delay. */
function delayImpairment(T: number, Ta: number): number {
  const Tr = 2 * T;
  const TERV = TELR - 40 * lg((1 + T / 10) / (1 + T / 150)) + 6 * Math.exp(-0.3 * T ** 2);
  const Re = 80 + 2.5 * (TERV - 14);
  const Roe = -1.5 * (No - RLR);
  const Idte = ((Roe - Re) / 2 + Math.sqrt((Roe - Re) ** 2 / 4 + 100) - 1) * (1 - Math.exp(-T));
  const Rle = 10.5 * (WEPL + 7) * (Tr + 1) ** -0.25;
  const Idle = (Ro - Rle) / 2 + Math.sqrt((Ro - Rle) ** 2 / 4 + 169);
  let Idd = 0;
  if (Ta > mT) {
    const X = lg(Ta / mT) / lg(2);
    Idd =
      25 *
      ((1 + X ** (6 * sT)) ** (1 / (6 * sT)) - 3 * (1 + (X / 3) ** (6 * sT)) ** (1 / (6 * sT)) + 2);
  }
  return Idte + Idle + Idd;
}

/** Effective equipment impairment under packet loss (G.107 7.5). */
function lossImpairment(lossPct: number, ie: number, bpl: number, burstR: number): number {
  return ie + ((95 - ie) * lossPct) / (lossPct / burstR + bpl);
}

/** The transmission rating R (0 to about 93 for narrowband). */
export function rFactor({
  oneWayDelayMs,
  lossPct,
  ie = g711WithPlc.ie,
  bpl = g711WithPlc.bpl,
  burstR = 1,
}: EModelInput): number {
  const T = Math.max(0, oneWayDelayMs);
  const Ppl = Math.min(100, Math.max(0, lossPct));
  return (
    Ro -
    simultaneousImpairment(T) -
    delayImpairment(T, T) -
    lossImpairment(Ppl, ie, bpl, burstR) +
    A
  );
}

/** G.107 Annex B: the mean opinion score (1 to 4.5) a rating R predicts. */
export function mosFromR(r: number): number {
  if (r <= 0) return 1;
  if (r >= 100) return 4.5;
  return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
}

/** Audio frames of 20 ms: the time to fill a packet before it leaves. */
const packetizationMs = 20;

/**
 * The mouth-to-ear delay a path's measurements predict: half the round trip (paths are about
 * symmetric), plus a jitter buffer holding twice the jitter (roughly what adaptive buffers
 * such as WebRTC's settle on to catch late packets), plus one 20 ms frame of packetization.
 * The connection test and the gateway's in-call figures both rate a path with it.
 */
export function mouthToEarDelayMs({
  rttMs,
  jitterMs,
}: {
  rttMs: number;
  jitterMs: number;
}): number {
  return rttMs / 2 + 2 * jitterMs + packetizationMs;
}
