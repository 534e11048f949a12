import type { VisitorCallEndCode } from '../../../protocol/call-end-reason.ts';

/** Why the journey stopped before a call, each with its own way forward. */
export type JourneyErrorKind =
  'mic_denied' | 'mic_missing' | 'no_webrtc' | 'network_blocked' | 'unavailable';

/** English strings of the widget: the reference every other catalog must match. */
export const en = {
  common: {
    loading: 'Loading…',
    retry: 'Try again',
    startOver: 'Start over',
    close: 'Close',
    requestCallback: 'Request a callback',
    orCallUs: 'You can also call us:',
  },
  start: {
    title: 'Calling from your browser',
    headphones: 'Is your headphone ready?',
    intent: 'I am calling for',
    language: 'Language',
    country: 'Country',
    callNow: 'Click to call',
    orCallFrom: 'or call us from',
    internationalNumbers: 'International numbers',
    unavailable: 'This service cannot be loaded right now. Please try again later.',
  },
  captcha: {
    title: 'Image verification',
    intro: 'Please confirm you are a person, so that our agents stay free for real callers.',
    loading: 'Loading the verification…',
    checking: 'Checking…',
    failed: 'The verification did not pass. Please try again.',
    unavailable: 'The verification service cannot be reached right now.',
  },
  call: {
    /** Before the call has a team to name (the title names who the visitor is with). */
    title: 'Your call',
    callingTeam: (team: string) => `Calling ${team}`,
    endedTitle: 'Call ended',
    call: 'Click to call',
    calling: 'Calling…',
    ringing: 'Ringing…',
    talkingTo: (agent: string) => `Talking to ${agent}`,
    onHold: 'On hold: the agent will be back with you.',
    connected: 'Connected',
    end: 'End',
    mute: 'Mute microphone',
    keypad: 'Keypad',
    callAgain: 'Call again',
    ended: {
      visitor_hung_up: 'Call ended.',
      agent_hung_up: 'The agent ended the call.',
      agent_lost:
        'We lost the connection to the agent. Please call again, or ask us to call you back.',
      no_agent: 'Nobody is available in this team right now.',
      busy: 'All our agents are busy. Please try again in a few minutes.',
      declined: 'The call was declined.',
      timeout: 'Nobody answered in time.',
      trunk_unreachable: 'We cannot reach our contact center right now.',
      trunk_error: 'The contact center could not take the call.',
      trunk_auth_failed:
        'Our contact center did not accept our call service. Please try again later, or ask us to call you back.',
      media_failed: 'The audio connection was lost.',
      unauthorized: 'This call link expired. Please start again.',
      incompatible: 'Your browser and our contact center could not agree on audio.',
      gateway_error: 'Something went wrong on our side.',
      media_worker_lost:
        'Your call was cut off by a fault on our side. Please call again, or ask us to call you back.',
      gateway_draining:
        'Our call service is restarting for maintenance. Please call again, or ask us to call you back.',
      microphone_blocked:
        'The call needs your microphone. Allow it in your browser, then call again.',
      microphone_missing: 'No microphone was found. Connect one, then call again.',
      too_many_calls:
        'You have started several calls in a short time. Please wait a few minutes before calling again.',
      gateway_unreachable:
        'We could not reach our call service. Check your connection, then call again.',
      connection_lost:
        'The connection to our call service was lost. Please call again, or ask us to call you back.',
    } satisfies Record<VisitorCallEndCode, string>,
  },
  rating: {
    title: 'Rate our service',
    stars: 'How was your call?',
    star: (n: number) => (n === 1 ? '1 star' : `${n} stars`),
    comment: 'Comment (optional)',
    counter: (used: number, max: number) => `${used}/${max}`,
    send: 'Send',
    sending: 'Sending…',
    pickStars: 'Please choose from 1 to 5 stars.',
    failed: 'We could not send your rating. Please try again.',
    skip: 'No, thanks',
  },
  callback: {
    title: 'Request a callback',
    makeUp: "We would like to make up for it: enter your phone number and we'll reach you shortly.",
    intro: 'Leave your number and an agent will call you back.',
    country: 'Country',
    phone: 'Phone number',
    when: 'When should we call?',
    consent: 'I agree to be called back at this number about my request.',
    send: 'Call me back',
    sending: 'Sending…',
    invalidPhone: 'Please enter a valid phone number for the chosen country.',
    needConsent: 'Please agree to be called back.',
    failed: 'We could not send your request. Please try again.',
    /** Declines the offer after a low rating. */
    noThanks: 'No, thanks',
    /** Under the choice of times, which are on the visitor's own clock. */
    timesIn: (zone: string) => `Times in your time zone: ${zone}.`,
  },
  thanks: {
    title: 'Thank you',
    rated: 'Thank you for your feedback.',
    callbackAt: (phone: string) => `We will call you back at ${phone}.`,
  },
  closed: {
    title: 'We are closed right now',
    closed: 'This team is outside its opening hours. Leave your number and we will call you back.',
    noRoute:
      'Nobody takes calls for this choice right now. Leave your number and we will call you back.',
    /** The weekly hours' heading, in the team's zone ("Central Time (Chicago)"). */
    hours: (zone: string) => `Opening hours, ${zone}`,
    nextOpening: (when: string, zone: string) => `We open again on ${when}, ${zone}.`,
    /** The same opening on the visitor's own clock, when it reads otherwise. */
    yourTime: (when: string) => `That is ${when} your time.`,
    chooseAnother: 'Choose another team',
  },
  errors: {
    mic_denied: {
      title: 'Microphone blocked',
      text: 'The call needs your microphone. Allow it in your browser (the icon in the address bar), then try again.',
    },
    mic_missing: {
      title: 'No microphone found',
      text: 'Connect a microphone or a headset, then try again.',
    },
    no_webrtc: {
      title: 'Your browser cannot make calls',
      text: 'This browser does not support calls from the web. Please use a recent Chrome, Edge, Firefox or Safari, or call us.',
    },
    network_blocked: {
      title: 'Your network blocks calls',
      text: 'We could not reach our call service from your network (a firewall or VPN may block it).',
    },
    unavailable: {
      title: 'Service unavailable',
      text: 'We cannot start a call right now. Please try again in a moment.',
    },
  } satisfies Record<JourneyErrorKind, { title: string; text: string }>,
  /** The expected wait (protocol/api/expected-wait.ts), on Start and while ringing. */
  wait: {
    underAMinute: 'Expected wait: under a minute.',
    about: (minutes: number) =>
      minutes === 1 ? 'Expected wait: about a minute.' : `Expected wait: about ${minutes} minutes.`,
    moreThan: (minutes: number) => `Expected wait: more than ${minutes} minutes.`,
    /** Only the web callers are known: others may be waiting on the phone. */
    ahead: (callers: number) =>
      callers === 0
        ? 'No other web callers are ahead of you.'
        : callers === 1
          ? '1 web caller is ahead of you.'
          : `${callers} web callers are ahead of you.`,
  },
  /** The offer that follows hanging up before an agent answered (its own screen). */
  abandoned: {
    title: 'Sorry we missed you',
    lead: 'You hung up before an agent could answer. Leave your number and we will call you back.',
  },
};
export type Messages = typeof en;
