import type { DirectionQuality } from '../../../protocol/api/call-event.ts';
import type { ConnectionTest } from '../../../protocol/api/connection-test.ts';
import type { CallRecord } from '../storage/repository.ts';
import { round } from './page-parts.ts';

/** "good: 2 ms RTT, 0.3 ms jitter, 0 % loss, UDP", or "-" when no test ran. */
export function connectionSummary(test: ConnectionTest | undefined): string {
  if (!test) return '-';
  const transport = test.transport ? `, ${test.transport.toUpperCase()}` : '';
  return `${test.verdict}: ${Math.round(test.rttMs)} ms RTT, ${round(test.jitterMs, 1)} ms jitter, ${round(test.lossPct, 1)} % loss${transport}`;
}

/**
 * "MOS 4.1, 0.5 % loss, 3.2 ms jitter, 40 ms RTT": the figures media measured during the call
 * (its `ended` event's `quality`, the worse direction's), those it sent, then each direction's
 * own ("to the agent: MOS 4.4, 0.0 % loss, 1.2 ms jitter; to the visitor: ..."), so a supervisor
 * sees whose line was at fault; "not measured" when it sent none (no audio flowed, or an
 * older gateway).
 */
export function inCallQualitySummary(quality: CallRecord['quality']): string {
  const parts = [
    quality?.mos !== undefined && `MOS ${round(quality.mos, 1)}`,
    quality?.lossPct !== undefined && `${round(quality.lossPct, 1)} % loss`,
    quality?.jitterMs !== undefined && `${round(quality.jitterMs, 1)} ms jitter`,
    quality?.rttMs !== undefined && `${Math.round(quality.rttMs)} ms RTT`,
  ].filter((part) => part !== false);
  if (!parts.length) return 'not measured';
  const directions = [
    quality?.visitorToAgent && `to the agent: ${directionText(quality.visitorToAgent)}`,
    quality?.agentToVisitor && `to the visitor: ${directionText(quality.agentToVisitor)}`,
  ].filter((part) => typeof part === 'string');
  return [parts.join(', '), ...directions].join('; ');
}

const directionText = ({ mos, lossPct, jitterMs }: DirectionQuality) =>
  `MOS ${round(mos, 1)}, ${round(lossPct, 1)} % loss, ${round(jitterMs, 1)} ms jitter`;
