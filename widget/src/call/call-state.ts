import type { VisitorCallEndCode } from '../../../protocol/call-end-reason.ts';

/**
 * The call screen's state, in the protocol's phases (protocol/call-phase.ts) plus idle:
 *
 *   idle --call--> connecting --180/183--> ringing --200--> talking --end/BYE--> ended
 *                     |                      |                                    ^
 *                     +----------------------+------- failure / hang up ----------+
 *   ended --call again--> connecting
 *   talking --transferring--> ringing --transferred (or back to the first agent)--> talking
 */
export type CallState =
  | { phase: 'idle' }
  | { phase: 'connecting' }
  | { phase: 'ringing'; agentName?: string }
  | { phase: 'talking'; agentName?: string; answeredAt: number; held?: boolean }
  | { phase: 'ended'; code: VisitorCallEndCode };

export type CallEvent =
  | { type: 'dial' }
  | { type: 'ringing' }
  | { type: 'answered'; at: number }
  | { type: 'agent'; name: string }
  | { type: 'hold'; held: boolean }
  /** A blind transfer: another agent's phone rings (true), the call is through (false). */
  | { type: 'transfer'; transferring: boolean; at: number }
  | { type: 'ended'; code: VisitorCallEndCode };

export function nextCallState(state: CallState, event: CallEvent): CallState {
  switch (event.type) {
    case 'dial':
      return state.phase === 'idle' || state.phase === 'ended' ? { phase: 'connecting' } : state;
    case 'ringing':
      return state.phase === 'connecting' ? { phase: 'ringing' } : state;
    case 'answered':
      return state.phase === 'connecting' || state.phase === 'ringing'
        ? { phase: 'talking', answeredAt: event.at, ...agentOf(state) }
        : state;
    case 'agent':
      return state.phase === 'ringing' || state.phase === 'talking'
        ? { ...state, agentName: event.name }
        : state;
    case 'hold':
      return state.phase === 'talking' ? { ...state, held: event.held } : state;
    case 'transfer':
      if (event.transferring) return state.phase === 'talking' ? { phase: 'ringing' } : state;
      // The agent's name follows in its own event: the new agent's, or the first one's back.
      return state.phase === 'ringing' ? { phase: 'talking', answeredAt: event.at } : state;
    case 'ended':
      return state.phase === 'idle' || state.phase === 'ended'
        ? state
        : { phase: 'ended', code: event.code };
  }
}

function agentOf(state: CallState): { agentName?: string } {
  return 'agentName' in state && state.agentName ? { agentName: state.agentName } : {};
}

/** mm:ss, or h:mm:ss past an hour. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}
