import type { Messages } from './en.ts';

export const fr: Messages = {
  call: {
    title: 'Votre appel',
    callingTeam: (team) => `Appel vers ${team}`,
    endedTitle: 'Appel terminé',
    call: 'Appeler',
    calling: 'Appel en cours…',
    ringing: 'Ça sonne…',
    talkingTo: (agent) => `En ligne avec ${agent}`,
    onHold: 'En attente : le conseiller revient vers vous.',
    connected: 'Connecté',
    end: 'Raccrocher',
    mute: 'Couper le micro',
    keypad: 'Clavier',
    callAgain: 'Rappeler',
    ended: {
      visitor_hung_up: 'Appel terminé.',
      agent_hung_up: "Le conseiller a mis fin à l'appel.",
      agent_lost:
        'La liaison avec le conseiller a été perdue. Rappelez-nous ou demandez à être rappelé.',
      no_agent: "Personne n'est disponible dans cette équipe pour le moment.",
      busy: 'Tous nos conseillers sont occupés. Merci de réessayer dans quelques minutes.',
      declined: "L'appel a été refusé.",
      timeout: "Personne n'a répondu à temps.",
      trunk_unreachable: 'Nous ne pouvons pas joindre notre centre de contact pour le moment.',
      trunk_error: "Le centre de contact n'a pas pu prendre l'appel.",
      trunk_auth_failed:
        "Notre centre de contact n'a pas accepté notre service d'appel. Veuillez réessayer plus tard ou demander à être rappelé.",
      media_failed: 'La connexion audio a été perdue.',
      unauthorized: "Ce lien d'appel a expiré. Merci de recommencer.",
      incompatible:
        "Votre navigateur et notre centre de contact n'ont pas pu s'accorder sur l'audio.",
      gateway_error: 'Un problème est survenu de notre côté.',
      media_worker_lost:
        "L'appel a été coupé par une panne de notre côté. Rappelez-nous ou demandez à être rappelé.",
      gateway_draining:
        "Notre service d'appel redémarre pour maintenance. Rappelez-nous ou demandez à être rappelé.",
      microphone_blocked:
        "L'appel a besoin de votre microphone. Autorisez-le dans votre navigateur, puis rappelez.",
      microphone_missing: 'Aucun microphone trouvé. Branchez-en un, puis rappelez.',
      too_many_calls:
        'Vous avez lancé plusieurs appels en peu de temps. Merci de patienter quelques minutes avant de rappeler.',
      gateway_unreachable:
        "Nous n'avons pas pu joindre notre service d'appel. Vérifiez votre connexion, puis rappelez.",
      connection_lost:
        "La connexion à notre service d'appel a été perdue. Rappelez-nous, ou demandez-nous de vous rappeler.",
    },
  },
  common: {
    loading: 'Chargement…',
    retry: 'Réessayer',
    startOver: 'Recommencer',
    close: 'Fermer',
    requestCallback: 'Être rappelé',
    orCallUs: 'Vous pouvez aussi nous appeler :',
  },
  start: {
    title: 'Appeler depuis votre navigateur',
    headphones: 'Votre casque est-il prêt ?',
    intent: "J'appelle pour",
    language: 'Langue',
    country: 'Pays',
    callNow: 'Appeler',
    orCallFrom: 'ou appelez-nous au',
    internationalNumbers: 'Numéros internationaux',
    unavailable: 'Ce service ne peut pas être chargé pour le moment. Merci de réessayer plus tard.',
  },
  captcha: {
    title: "Vérification par l'image",
    intro:
      'Merci de confirmer que vous êtes une personne, pour que nos conseillers restent disponibles.',
    loading: 'Chargement de la vérification…',
    checking: 'Vérification…',
    failed: "La vérification n'a pas abouti. Merci de réessayer.",
    unavailable: 'Le service de vérification est injoignable pour le moment.',
  },
  rating: {
    title: 'Notez notre service',
    stars: "Comment s'est passé votre appel ?",
    star: (n) => (n === 1 ? '1 étoile' : `${n} étoiles`),
    comment: 'Commentaire (facultatif)',
    counter: (used, max) => `${used}/${max}`,
    send: 'Envoyer',
    sending: 'Envoi…',
    pickStars: 'Merci de choisir de 1 à 5 étoiles.',
    failed: "Votre note n'a pas pu être envoyée. Merci de réessayer.",
    skip: 'Non merci',
  },
  callback: {
    title: 'Être rappelé',
    makeUp:
      'Nous aimerions nous rattraper : indiquez votre numéro et nous vous rappellerons rapidement.',
    intro: 'Laissez votre numéro et un conseiller vous rappellera.',
    country: 'Pays',
    phone: 'Numéro de téléphone',
    when: 'Quand vous rappeler ?',
    consent: "J'accepte d'être rappelé à ce numéro au sujet de ma demande.",
    send: 'Me rappeler',
    sending: 'Envoi…',
    invalidPhone: 'Merci de saisir un numéro valide pour le pays choisi.',
    needConsent: "Merci d'accepter d'être rappelé.",
    failed: "Votre demande n'a pas pu être envoyée. Merci de réessayer.",
    noThanks: 'Non merci',
    timesIn: (zone) => `Heures de votre fuseau horaire : ${zone}.`,
  },
  thanks: {
    title: 'Merci',
    rated: 'Merci pour votre avis.',
    callbackAt: (phone) => `Nous vous rappellerons au ${phone}.`,
  },
  closed: {
    title: 'Nous sommes fermés pour le moment',
    closed:
      'Cette équipe est en dehors de ses horaires. Laissez votre numéro et nous vous rappellerons.',
    noRoute:
      'Personne ne prend les appels pour ce choix pour le moment. Laissez votre numéro et nous vous rappellerons.',
    hours: (zone) => `Horaires d'ouverture, ${zone}`,
    nextOpening: (when, zone) => `Nous rouvrons le ${when}, ${zone}.`,
    yourTime: (when) => `Soit le ${when} chez vous.`,
    chooseAnother: 'Choisir une autre équipe',
  },
  errors: {
    mic_denied: {
      title: 'Micro bloqué',
      text: "L'appel a besoin de votre micro. Autorisez-le dans le navigateur (l'icône de la barre d'adresse), puis réessayez.",
    },
    mic_missing: {
      title: 'Aucun micro trouvé',
      text: 'Branchez un micro ou un casque, puis réessayez.',
    },
    no_webrtc: {
      title: 'Votre navigateur ne peut pas appeler',
      text: 'Ce navigateur ne permet pas les appels depuis le web. Utilisez un Chrome, Edge, Firefox ou Safari récent, ou appelez-nous.',
    },
    network_blocked: {
      title: 'Votre réseau bloque les appels',
      text: "Notre service d'appel est injoignable depuis votre réseau (un pare-feu ou un VPN peut le bloquer).",
    },
    unavailable: {
      title: 'Service indisponible',
      text: "Nous ne pouvons pas lancer d'appel pour le moment. Merci de réessayer dans un instant.",
    },
  },
  wait: {
    underAMinute: "Attente estimée : moins d'une minute.",
    about: (minutes) =>
      minutes === 1
        ? 'Attente estimée : environ une minute.'
        : `Attente estimée : environ ${minutes} minutes.`,
    moreThan: (minutes) => `Attente estimée : plus de ${minutes} minutes.`,
    ahead: (callers) =>
      callers === 0
        ? 'Aucun autre appel web avant vous.'
        : callers === 1
          ? '1 appel web avant vous.'
          : `${callers} appels web avant vous.`,
  },
  abandoned: {
    title: 'Désolés de vous avoir manqué',
    lead: 'Vous avez raccroché avant qu’un conseiller ne réponde. Laissez votre numéro et nous vous rappellerons.',
  },
};
