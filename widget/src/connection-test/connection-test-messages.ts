import type { Verdict } from './connection-verdict.ts';
import type { TestPhase } from './test-progress.ts';

/** The connection-test step's strings; every language has exactly these. */
export interface ConnectionTestMessages {
  title: string;
  /** What the running test does now: announced once per phase, beside the progress bar. */
  phase: Record<TestPhase, string>;
  /** The progress bar's accessible name. */
  progress: string;
  /** Short name of each verdict, shown on the gauge. */
  verdict: Record<Verdict, string>;
  /** What the verdict means for the call, announced to screen readers. */
  summary: Record<Verdict, string>;
  gaugeLabel: string;
  details: string;
  rtt: string;
  jitter: string;
  loss: string;
  transport: string;
  udp: string;
  tcp: string;
  ms: (value: number) => string;
  percent: (value: number) => string;
  next: string;
  retry: string;
  /** The test could not even start (the service refused or is busy). */
  couldNotStart: string;
}

const number = (locale: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
const units = (locale: string) => ({
  ms: (value: number) => `${number(locale).format(value)}\u00a0ms`,
  percent: (value: number) =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
      value / 100,
    ),
});

const en: ConnectionTestMessages = {
  title: 'Connection test',
  phase: {
    connecting: 'Connecting to our call service…',
    probing: 'Measuring your connection, about 5 seconds…',
  },
  progress: 'Connection test progress',
  verdict: { good: 'Good', acceptable: 'Acceptable', poor: 'Poor', failed: 'No connection' },
  summary: {
    good: 'Your connection is good for a call.',
    acceptable: 'Your connection is acceptable: the call may have a little delay or crackle.',
    poor: 'Your connection is poor: the call may break up or lag.',
    failed:
      'We could not reach our call service from your network. A firewall or VPN may block it.',
  },
  gaugeLabel: 'Expected call quality',
  details: 'Details',
  rtt: 'Round-trip time',
  jitter: 'Jitter',
  loss: 'Packet loss',
  transport: 'Connection type',
  udp: 'UDP (best for voice)',
  tcp: 'TCP only (UDP is blocked)',
  ...units('en'),
  next: 'Next: Sound check',
  retry: 'Try again',
  couldNotStart: 'The test could not start. Please try again.',
};

const es: ConnectionTestMessages = {
  title: 'Prueba de conexión',
  phase: {
    connecting: 'Conectando con nuestro servicio de llamadas…',
    probing: 'Midiendo su conexión, unos 5 segundos…',
  },
  progress: 'Progreso de la prueba de conexión',
  verdict: { good: 'Buena', acceptable: 'Aceptable', poor: 'Mala', failed: 'Sin conexión' },
  summary: {
    good: 'Su conexión es buena para una llamada.',
    acceptable: 'Su conexión es aceptable: puede haber un poco de retardo o ruido en la llamada.',
    poor: 'Su conexión es mala: la llamada puede cortarse o ir con retraso.',
    failed:
      'No pudimos llegar a nuestro servicio de llamadas desde su red. Un cortafuegos o una VPN puede estar bloqueándolo.',
  },
  gaugeLabel: 'Calidad de llamada prevista',
  details: 'Detalles',
  rtt: 'Tiempo de ida y vuelta',
  jitter: 'Variación del retardo (jitter)',
  loss: 'Pérdida de paquetes',
  transport: 'Tipo de conexión',
  udp: 'UDP (la mejor para voz)',
  tcp: 'Solo TCP (UDP está bloqueado)',
  ...units('es'),
  next: 'Siguiente: prueba de sonido',
  retry: 'Reintentar',
  couldNotStart: 'No se pudo iniciar la prueba. Inténtelo de nuevo.',
};

const fr: ConnectionTestMessages = {
  title: 'Test de connexion',
  phase: {
    connecting: 'Connexion à notre service d’appel…',
    probing: 'Mesure de votre connexion, environ 5 secondes…',
  },
  progress: 'Progression du test de connexion',
  verdict: { good: 'Bonne', acceptable: 'Correcte', poor: 'Mauvaise', failed: 'Aucune connexion' },
  summary: {
    good: 'Votre connexion convient bien à un appel.',
    acceptable:
      'Votre connexion est correcte : l’appel peut avoir un léger retard ou des grésillements.',
    poor: 'Votre connexion est mauvaise : l’appel risque d’être haché ou décalé.',
    failed:
      'Impossible de joindre notre service d’appel depuis votre réseau. Un pare-feu ou un VPN le bloque peut-être.',
  },
  gaugeLabel: 'Qualité d’appel prévue',
  details: 'Détails',
  rtt: 'Temps aller-retour',
  jitter: 'Gigue',
  loss: 'Perte de paquets',
  transport: 'Type de connexion',
  udp: 'UDP (idéal pour la voix)',
  tcp: 'TCP uniquement (UDP est bloqué)',
  ...units('fr'),
  next: 'Suivant : test du son',
  retry: 'Réessayer',
  couldNotStart: 'Le test n’a pas pu démarrer. Veuillez réessayer.',
};

const de: ConnectionTestMessages = {
  title: 'Verbindungstest',
  phase: {
    connecting: 'Verbindung zu unserem Anrufdienst wird hergestellt…',
    probing: 'Ihre Verbindung wird gemessen, etwa 5 Sekunden…',
  },
  progress: 'Fortschritt des Verbindungstests',
  verdict: { good: 'Gut', acceptable: 'Ausreichend', poor: 'Schlecht', failed: 'Keine Verbindung' },
  summary: {
    good: 'Ihre Verbindung ist gut für einen Anruf geeignet.',
    acceptable:
      'Ihre Verbindung ist ausreichend: Im Gespräch kann es leichte Verzögerungen oder Knistern geben.',
    poor: 'Ihre Verbindung ist schlecht: Das Gespräch kann abbrechen oder verzögert sein.',
    failed:
      'Unser Anrufdienst ist aus Ihrem Netzwerk nicht erreichbar. Möglicherweise blockiert eine Firewall oder ein VPN ihn.',
  },
  gaugeLabel: 'Erwartete Gesprächsqualität',
  details: 'Details',
  rtt: 'Umlaufzeit',
  jitter: 'Jitter',
  loss: 'Paketverlust',
  transport: 'Verbindungsart',
  udp: 'UDP (am besten für Sprache)',
  tcp: 'Nur TCP (UDP ist blockiert)',
  ...units('de'),
  next: 'Weiter: Tontest',
  retry: 'Erneut versuchen',
  couldNotStart: 'Der Test konnte nicht starten. Bitte versuchen Sie es erneut.',
};

/** The step's strings in every language the widget speaks. */
export const connectionTestMessages = { en, es, fr, de } satisfies Record<
  'en' | 'es' | 'fr' | 'de',
  ConnectionTestMessages
>;
