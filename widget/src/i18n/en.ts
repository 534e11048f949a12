import type { CallEndCode } from '../../../protocol/call-end-reason.ts';

/** English strings of the call screen: the reference every other catalog must match. */
export const en = {
  call: 'Click to call',
  calling: 'Calling…',
  ringing: 'Ringing…',
  talkingTo: (agent: string) => `Talking to ${agent}`,
  onHold: 'On hold: the agent will be back with you.',
  connected: 'Connected',
  end: 'End',
  mute: 'Mute microphone',
  unmute: 'Unmute microphone',
  keypad: 'Keypad',
  callAgain: 'Call again',
  ended: {
    visitor_hung_up: 'Call ended.',
    agent_hung_up: 'The agent ended the call.',
    no_agent: 'Nobody is available in this team right now.',
    busy: 'All our agents are busy. Please try again in a few minutes.',
    declined: 'The call was declined.',
    timeout: 'Nobody answered in time.',
    trunk_unreachable: 'We cannot reach our contact center right now.',
    trunk_error: 'The contact center could not take the call.',
    media_failed: 'The audio connection was lost.',
    unauthorized: 'This call link expired. Please start again.',
    incompatible: 'Your browser and our contact center could not agree on audio.',
    gateway_error: 'Something went wrong on our side.',
  } satisfies Record<CallEndCode, string>,
};
export type Messages = typeof en;
