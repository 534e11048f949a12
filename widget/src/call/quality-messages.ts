import type { Catalogs } from '../i18n/messages-for.ts';
import type { QualityWarning } from './quality-warnings.ts';

/**
 * What the visitor reads (and screen readers say) while a call's quality suffers: one line
 * per kind of trouble, each saying what it means for the call and what helps. Loss, jitter
 * and a low MOS sound the same to a caller (words break up): one line for the three. And,
 * for a few seconds once the connection's trouble is over, that it is.
 */
export type QualityNote = 'unstable' | 'delay' | 'silentMicrophone';

export const qualityNoteOf: Record<QualityWarning, QualityNote> = {
  'high-loss': 'unstable',
  'high-jitter': 'unstable',
  'low-mos': 'unstable',
  'high-rtt': 'delay',
  'silent-microphone': 'silentMicrophone',
};

/** English strings: the reference every other language must match. */
const en = {
  unstable:
    'Your connection is unstable: parts of the conversation may be lost. A cable, or a place closer to your Wi-Fi, helps.',
  delay: 'Your connection is slow: the agent hears you late. Leave a short pause before you speak.',
  silentMicrophone:
    'The agent cannot hear you: your microphone sends no sound. Check that it is not muted on your device or used by another app.',
  /** Said for a few seconds once the connection's warnings have cleared. */
  backToNormal: 'Your connection is back to normal.',
} satisfies Record<QualityNote | 'backToNormal', string>;

export type QualityMessages = typeof en;

const es: QualityMessages = {
  unstable:
    'Su conexión es inestable: pueden perderse partes de la conversación. Un cable, o situarse más cerca de su wifi, le ayudará.',
  delay:
    'Su conexión es lenta: el agente le oye con retraso. Deje una breve pausa antes de hablar.',
  silentMicrophone:
    'El agente no puede oírle: su micrófono no envía sonido. Compruebe que no esté silenciado en su dispositivo ni lo esté usando otra aplicación.',
  backToNormal: 'Su conexión ha vuelto a la normalidad.',
};

const fr: QualityMessages = {
  unstable:
    'Votre connexion est instable : des parties de la conversation peuvent se perdre. Un câble, ou un endroit plus proche de votre Wi-Fi, aide.',
  delay:
    'Votre connexion est lente : le conseiller vous entend avec du retard. Marquez une courte pause avant de parler.',
  silentMicrophone:
    'Le conseiller ne vous entend pas : votre micro n’envoie aucun son. Vérifiez qu’il n’est pas coupé sur votre appareil ni utilisé par une autre application.',
  backToNormal: 'Votre connexion est revenue à la normale.',
};

const de: QualityMessages = {
  unstable:
    'Ihre Verbindung ist instabil: Teile des Gesprächs können verloren gehen. Ein Kabel oder ein Platz näher am WLAN hilft.',
  delay:
    'Ihre Verbindung ist langsam: Der Mitarbeiter hört Sie verzögert. Lassen Sie vor dem Sprechen eine kurze Pause.',
  silentMicrophone:
    'Der Mitarbeiter hört Sie nicht: Ihr Mikrofon sendet keinen Ton. Prüfen Sie, ob es am Gerät stummgeschaltet ist oder von einer anderen App benutzt wird.',
  backToNormal: 'Ihre Verbindung ist wieder normal.',
};

export const qualityMessages: Catalogs<QualityMessages> = { en, es, fr, de };
