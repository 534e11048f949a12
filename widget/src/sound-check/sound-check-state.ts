/** What went wrong with the last attempt to record. */
export type SoundCheckProblem = 'denied' | 'missing' | 'failed';

/**
 * The sound check's steps.
 *
 *   idle ──record──▶ starting ──recording──▶ recording ──recorded──▶ ready ◀──played──┐
 *    ▲                  │                        │                   │  └──play──▶ playing
 *    └──────failed──────┴─────────failed─────────┘                   │               │
 *                       ▲──────────────record (Record again)─────────┴───────────────┘
 *
 * `starting` waits for the microphone (the permission prompt) and the WAV worker;
 * `recording` holds when it started, for the countdown; `ready` and `playing` hold the clip,
 * and `ready` whether the visitor has heard it yet.
 */
export type SoundCheckState =
  | { phase: 'idle'; problem?: SoundCheckProblem }
  | { phase: 'starting' }
  | { phase: 'recording'; startedAt: number }
  | { phase: 'ready'; clipUrl: string; played: boolean }
  | { phase: 'playing'; clipUrl: string };

export type SoundCheckEvent =
  | { type: 'record' }
  | { type: 'recording'; at: number }
  | { type: 'recorded'; clipUrl: string }
  | { type: 'failed'; problem: SoundCheckProblem }
  | { type: 'play' }
  | { type: 'played' };

/** The next state; an event that does not apply to the current step changes nothing. */
export function nextSoundCheckState(
  state: SoundCheckState,
  event: SoundCheckEvent,
): SoundCheckState {
  switch (event.type) {
    case 'record':
      return state.phase === 'starting' || state.phase === 'recording'
        ? state
        : { phase: 'starting' };
    case 'recording':
      return state.phase === 'starting' ? { phase: 'recording', startedAt: event.at } : state;
    case 'recorded':
      return state.phase === 'recording'
        ? { phase: 'ready', clipUrl: event.clipUrl, played: false }
        : state;
    case 'failed':
      return state.phase === 'starting' || state.phase === 'recording'
        ? { phase: 'idle', problem: event.problem }
        : state;
    case 'play':
      return state.phase === 'ready' ? { phase: 'playing', clipUrl: state.clipUrl } : state;
    case 'played':
      return state.phase === 'playing'
        ? { phase: 'ready', clipUrl: state.clipUrl, played: true }
        : state;
  }
}

/** The clip of the current step, if there is one. */
export function clipOf(state: SoundCheckState): string | undefined {
  return state.phase === 'ready' || state.phase === 'playing' ? state.clipUrl : undefined;
}
