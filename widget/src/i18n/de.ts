import type { Messages } from './en.ts';

export const de: Messages = {
  call: 'Jetzt anrufen',
  calling: 'Verbindung wird aufgebaut…',
  ringing: 'Es klingelt…',
  talkingTo: (agent) => `Im Gespräch mit ${agent}`,
  onHold: 'In der Warteschleife: Der Mitarbeiter ist gleich wieder für Sie da.',
  connected: 'Verbunden',
  end: 'Auflegen',
  mute: 'Mikrofon stummschalten',
  unmute: 'Mikrofon einschalten',
  keypad: 'Tastenfeld',
  callAgain: 'Erneut anrufen',
  ended: {
    visitor_hung_up: 'Anruf beendet.',
    agent_hung_up: 'Der Mitarbeiter hat das Gespräch beendet.',
    no_agent: 'In diesem Team ist gerade niemand erreichbar.',
    busy: 'Alle Mitarbeiter sind im Gespräch. Bitte versuchen Sie es in ein paar Minuten erneut.',
    declined: 'Der Anruf wurde abgelehnt.',
    timeout: 'Niemand hat rechtzeitig abgenommen.',
    trunk_unreachable: 'Unser Kundenservice ist gerade nicht erreichbar.',
    trunk_error: 'Der Kundenservice konnte den Anruf nicht annehmen.',
    media_failed: 'Die Audioverbindung ist abgebrochen.',
    unauthorized: 'Dieser Anruf-Link ist abgelaufen. Bitte starten Sie neu.',
    incompatible:
      'Ihr Browser und unser Kundenservice konnten sich nicht auf ein Audioformat einigen.',
    gateway_error: 'Bei uns ist etwas schiefgelaufen.',
  },
};
