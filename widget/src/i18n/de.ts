import type { Messages } from './en.ts';

export const de: Messages = {
  call: {
    title: 'Ihr Anruf',
    callingTeam: (team) => `Anruf bei ${team}`,
    endedTitle: 'Anruf beendet',
    call: 'Jetzt anrufen',
    calling: 'Verbindung wird aufgebaut…',
    ringing: 'Es klingelt…',
    talkingTo: (agent) => `Im Gespräch mit ${agent}`,
    onHold: 'In der Warteschleife: Der Mitarbeiter ist gleich wieder für Sie da.',
    connected: 'Verbunden',
    end: 'Auflegen',
    mute: 'Mikrofon stummschalten',
    keypad: 'Tastenfeld',
    callAgain: 'Erneut anrufen',
    ended: {
      visitor_hung_up: 'Anruf beendet.',
      agent_hung_up: 'Der Mitarbeiter hat das Gespräch beendet.',
      agent_lost:
        'Die Verbindung zum Mitarbeiter ist abgebrochen. Rufen Sie erneut an oder lassen Sie sich zurückrufen.',
      no_agent: 'In diesem Team ist gerade niemand erreichbar.',
      busy: 'Alle Mitarbeiter sind im Gespräch. Bitte versuchen Sie es in ein paar Minuten erneut.',
      declined: 'Der Anruf wurde abgelehnt.',
      timeout: 'Niemand hat rechtzeitig abgenommen.',
      trunk_unreachable: 'Unser Kundenservice ist gerade nicht erreichbar.',
      trunk_error: 'Der Kundenservice konnte den Anruf nicht annehmen.',
      trunk_auth_failed:
        'Unser Kundenservice hat unseren Anrufdienst nicht angenommen. Bitte versuchen Sie es später erneut oder lassen Sie sich zurückrufen.',
      media_failed: 'Die Audioverbindung ist abgebrochen.',
      unauthorized: 'Dieser Anruf-Link ist abgelaufen. Bitte starten Sie neu.',
      incompatible:
        'Ihr Browser und unser Kundenservice konnten sich nicht auf ein Audioformat einigen.',
      gateway_error: 'Bei uns ist etwas schiefgelaufen.',
      media_worker_lost:
        'Der Anruf wurde durch eine Störung bei uns unterbrochen. Rufen Sie erneut an oder lassen Sie sich zurückrufen.',
      gateway_draining:
        'Unser Anrufdienst wird gerade gewartet und neu gestartet. Rufen Sie erneut an oder lassen Sie sich zurückrufen.',
      microphone_blocked:
        'Für den Anruf wird Ihr Mikrofon benötigt. Erlauben Sie es in Ihrem Browser und rufen Sie erneut an.',
      microphone_missing:
        'Es wurde kein Mikrofon gefunden. Schließen Sie eines an und rufen Sie erneut an.',
      too_many_calls:
        'Sie haben in kurzer Zeit mehrere Anrufe gestartet. Bitte warten Sie einige Minuten, bevor Sie erneut anrufen.',
      gateway_unreachable:
        'Unser Anrufdienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und rufen Sie erneut an.',
      connection_lost:
        'Die Verbindung zu unserem Anrufdienst wurde unterbrochen. Bitte rufen Sie erneut an, oder lassen Sie sich von uns zurückrufen.',
    },
  },
  common: {
    loading: 'Wird geladen…',
    retry: 'Erneut versuchen',
    startOver: 'Neu beginnen',
    close: 'Schließen',
    requestCallback: 'Rückruf anfordern',
    orCallUs: 'Sie können uns auch anrufen:',
  },
  start: {
    title: 'Aus dem Browser anrufen',
    headphones: 'Ist Ihr Headset bereit?',
    intent: 'Ich rufe an wegen',
    language: 'Sprache',
    country: 'Land',
    callNow: 'Jetzt anrufen',
    orCallFrom: 'oder rufen Sie uns an unter',
    internationalNumbers: 'Internationale Nummern',
    unavailable: 'Dieser Dienst kann gerade nicht geladen werden. Bitte versuchen Sie es später.',
  },
  captcha: {
    title: 'Bildprüfung',
    intro:
      'Bitte bestätigen Sie, dass Sie ein Mensch sind, damit unsere Mitarbeiter für echte Anrufe frei bleiben.',
    loading: 'Prüfung wird geladen…',
    checking: 'Wird geprüft…',
    failed: 'Die Prüfung war nicht erfolgreich. Bitte versuchen Sie es erneut.',
    unavailable: 'Der Prüfdienst ist gerade nicht erreichbar.',
  },
  rating: {
    title: 'Bewerten Sie unseren Service',
    stars: 'Wie war Ihr Anruf?',
    star: (n) => (n === 1 ? '1 Stern' : `${n} Sterne`),
    comment: 'Kommentar (optional)',
    counter: (used, max) => `${used}/${max}`,
    send: 'Senden',
    sending: 'Wird gesendet…',
    pickStars: 'Bitte wählen Sie 1 bis 5 Sterne.',
    failed: 'Ihre Bewertung konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
    skip: 'Nein, danke',
  },
  callback: {
    title: 'Rückruf anfordern',
    makeUp:
      'Das möchten wir wiedergutmachen: Geben Sie Ihre Telefonnummer ein, wir melden uns in Kürze.',
    intro: 'Hinterlassen Sie Ihre Nummer, ein Mitarbeiter ruft Sie zurück.',
    country: 'Land',
    phone: 'Telefonnummer',
    when: 'Wann sollen wir anrufen?',
    consent:
      'Ich bin einverstanden, zu meinem Anliegen unter dieser Nummer zurückgerufen zu werden.',
    send: 'Rückruf anfordern',
    sending: 'Wird gesendet…',
    invalidPhone: 'Bitte geben Sie eine gültige Telefonnummer für das gewählte Land ein.',
    needConsent: 'Bitte stimmen Sie dem Rückruf zu.',
    failed: 'Ihre Anfrage konnte nicht gesendet werden. Bitte versuchen Sie es erneut.',
    noThanks: 'Nein, danke',
    timesIn: (zone) => `Uhrzeiten in Ihrer Zeitzone: ${zone}.`,
  },
  thanks: {
    title: 'Vielen Dank',
    rated: 'Vielen Dank für Ihr Feedback.',
    callbackAt: (phone) => `Wir rufen Sie unter ${phone} zurück.`,
  },
  closed: {
    title: 'Wir sind gerade nicht erreichbar',
    closed:
      'Dieses Team ist außerhalb seiner Öffnungszeiten. Hinterlassen Sie Ihre Nummer, wir rufen zurück.',
    noRoute:
      'Für diese Auswahl nimmt gerade niemand Anrufe an. Hinterlassen Sie Ihre Nummer, wir rufen zurück.',
    hours: (zone) => `Öffnungszeiten, ${zone}`,
    nextOpening: (when, zone) => `Wir sind wieder da am ${when}, ${zone}.`,
    yourTime: (when) => `Bei Ihnen ist das ${when}.`,
    chooseAnother: 'Anderes Team wählen',
  },
  errors: {
    mic_denied: {
      title: 'Mikrofon blockiert',
      text: 'Für den Anruf wird Ihr Mikrofon gebraucht. Erlauben Sie es im Browser (Symbol in der Adressleiste) und versuchen Sie es erneut.',
    },
    mic_missing: {
      title: 'Kein Mikrofon gefunden',
      text: 'Schließen Sie ein Mikrofon oder Headset an und versuchen Sie es erneut.',
    },
    no_webrtc: {
      title: 'Ihr Browser kann keine Anrufe tätigen',
      text: 'Dieser Browser unterstützt keine Anrufe aus dem Web. Bitte nutzen Sie ein aktuelles Chrome, Edge, Firefox oder Safari, oder rufen Sie uns an.',
    },
    network_blocked: {
      title: 'Ihr Netzwerk blockiert Anrufe',
      text: 'Unser Anrufdienst ist aus Ihrem Netzwerk nicht erreichbar (eine Firewall oder ein VPN kann ihn blockieren).',
    },
    unavailable: {
      title: 'Dienst nicht verfügbar',
      text: 'Wir können gerade keinen Anruf starten. Bitte versuchen Sie es gleich noch einmal.',
    },
  },
  wait: {
    underAMinute: 'Voraussichtliche Wartezeit: unter einer Minute.',
    about: (minutes) =>
      minutes === 1
        ? 'Voraussichtliche Wartezeit: etwa eine Minute.'
        : `Voraussichtliche Wartezeit: etwa ${minutes} Minuten.`,
    moreThan: (minutes) => `Voraussichtliche Wartezeit: mehr als ${minutes} Minuten.`,
    ahead: (callers) =>
      callers === 0
        ? 'Keine weiteren Webanrufe vor Ihnen.'
        : callers === 1
          ? '1 Webanruf vor Ihnen.'
          : `${callers} Webanrufe vor Ihnen.`,
  },
  abandoned: {
    title: 'Schade, dass wir Sie verpasst haben',
    lead: 'Sie haben aufgelegt, bevor ein Mitarbeiter antworten konnte. Hinterlassen Sie Ihre Nummer, dann rufen wir Sie zurück.',
  },
};
