import type { MetricLine } from '../bench-stats.ts';
import type { PeerFigures } from './measure-peer.ts';

/**
 * Ours over the peer's figures, measured the same way in the same run: on a shared, noisy
 * machine absolute figures drift, the ratios hold.
 */
export function ratioLinesVsRtpengine(ours: PeerFigures, peer: PeerFigures): MetricLine[] {
  const vsPeer = { peer: 'rtpengine', note: 'ours / the peer, measured the same way in this run' };
  return [
    {
      metric: 'cpu_ratio_vs_rtpengine_50',
      value: ours.cpuPerCallMinute / peer.cpuPerCallMinute,
      unit: 'ratio',
      ours: ours.cpuPerCallMinute,
      rtpengine: peer.cpuPerCallMinute,
      ...vsPeer,
    },
    {
      metric: 'audio_p99_ratio_vs_rtpengine',
      value: ours.audioP99Ms / peer.audioP99Ms,
      unit: 'ratio',
      ours: ours.audioP99Ms,
      rtpengine: peer.audioP99Ms,
      ...vsPeer,
    },
    {
      metric: 'setup_p95_ratio_vs_rtpengine',
      value: ours.setupP95Ms / peer.setupP95Ms,
      unit: 'ratio',
      ours: ours.setupP95Ms,
      rtpengine: peer.setupP95Ms,
      ...vsPeer,
      extra: true,
    },
  ];
}
