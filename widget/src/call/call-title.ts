import type { Messages } from '../i18n/en.ts';
import type { CallState } from './call-state.ts';

/**
 * The call screen's title names who the visitor is with, as the seeds' green header does
 * ("Talking to Gloria Mcgee"): the agent once the PBX says who answered, the team until then
 * (or when it never says), and that the call ended once it has.
 */
export function callTitle(state: CallState, queueName: string, m: Messages['call']): string {
  switch (state.phase) {
    case 'idle':
    case 'connecting':
    case 'ringing':
      return queueName ? m.callingTeam(queueName) : m.title;
    case 'talking': {
      const who = state.agentName ?? queueName;
      return who ? m.talkingTo(who) : m.connected;
    }
    case 'ended':
      return m.endedTitle;
  }
}
