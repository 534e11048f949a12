import type { Messages } from './en.ts';

export const fr: Messages = {
  call: 'Appeler',
  calling: 'Appel en cours…',
  ringing: 'Ça sonne…',
  talkingTo: (agent) => `En ligne avec ${agent}`,
  onHold: 'En attente : le conseiller revient vers vous.',
  connected: 'Connecté',
  end: 'Raccrocher',
  mute: 'Couper le micro',
  unmute: 'Rétablir le micro',
  keypad: 'Clavier',
  callAgain: 'Rappeler',
  ended: {
    visitor_hung_up: 'Appel terminé.',
    agent_hung_up: "Le conseiller a mis fin à l'appel.",
    no_agent: "Personne n'est disponible dans cette équipe pour le moment.",
    busy: 'Tous nos conseillers sont occupés. Merci de réessayer dans quelques minutes.',
    declined: "L'appel a été refusé.",
    timeout: "Personne n'a répondu à temps.",
    trunk_unreachable: 'Nous ne pouvons pas joindre notre centre de contact pour le moment.',
    trunk_error: "Le centre de contact n'a pas pu prendre l'appel.",
    media_failed: 'La connexion audio a été perdue.',
    unauthorized: "Ce lien d'appel a expiré. Merci de recommencer.",
    incompatible:
      "Votre navigateur et notre centre de contact n'ont pas pu s'accorder sur l'audio.",
    gateway_error: 'Un problème est survenu de notre côté.',
  },
};
