import type { SoundCheckProblem } from './sound-check-state.ts';

/** English strings of the sound check: the reference every other language must match. */
const en = {
  title: 'Sound check',
  intro: 'Record a short clip, then play it back: if you hear yourself clearly, so will the agent.',
  privacy: 'Your clip stays on this device: it is never uploaded.',
  microphone: 'Microphone',
  speaker: 'Speaker',
  defaultDevice: 'Default',
  unnamedMicrophone: (n: number) => `Microphone ${n}`,
  unnamedSpeaker: (n: number) => `Speaker ${n}`,
  record: 'Record a test clip',
  recordAgain: 'Record again',
  level: 'Microphone level',
  secondsLeft: (seconds: number) => `${seconds} s left`,
  play: 'Play the clip',
  stop: 'Stop',
  position: 'Playback position',
  /** Read out by screen readers as each step begins. */
  status: {
    starting: 'Allow the microphone if your browser asks.',
    recording: 'Recording: say a few words.',
    ready: 'Recording done. Play it to hear yourself.',
    playing: 'Playing your clip.',
    played: 'Did you hear yourself clearly? Then you are ready to call.',
  },
  problem: {
    denied: 'Your browser blocked the microphone.',
    missing: 'No microphone was found.',
    failed: 'The recording did not work. Try again, or skip this step.',
  } satisfies Record<SoundCheckProblem, string>,
  call: 'Click to call',
  skip: 'Skip the sound check',
};

export type SoundCheckMessages = typeof en;

const es: SoundCheckMessages = {
  title: 'Prueba de sonido',
  intro: 'Grabe un clip corto y escúchelo: si se oye con claridad, el agente también le oirá.',
  privacy: 'Su clip se queda en este dispositivo: nunca se envía a ningún sitio.',
  microphone: 'Micrófono',
  speaker: 'Altavoz',
  defaultDevice: 'Predeterminado',
  unnamedMicrophone: (n) => `Micrófono ${n}`,
  unnamedSpeaker: (n) => `Altavoz ${n}`,
  record: 'Grabar un clip de prueba',
  recordAgain: 'Grabar de nuevo',
  level: 'Nivel del micrófono',
  secondsLeft: (seconds) => `Quedan ${seconds} s`,
  play: 'Reproducir el clip',
  stop: 'Detener',
  position: 'Posición de la reproducción',
  status: {
    starting: 'Permita el uso del micrófono si el navegador se lo pide.',
    recording: 'Grabando: diga unas palabras.',
    ready: 'Grabación terminada. Reprodúzcala para oírse.',
    playing: 'Reproduciendo su clip.',
    played: '¿Se ha oído con claridad? Entonces ya puede llamar.',
  },
  problem: {
    denied: 'Su navegador ha bloqueado el micrófono.',
    missing: 'No se ha encontrado ningún micrófono.',
    failed: 'La grabación no ha funcionado. Vuelva a intentarlo u omita este paso.',
  },
  call: 'Llamar ahora',
  skip: 'Omitir la prueba de sonido',
};

const fr: SoundCheckMessages = {
  title: 'Test du son',
  intro:
    'Enregistrez un court extrait, puis réécoutez-le : si vous vous entendez bien, le conseiller vous entendra aussi.',
  privacy: 'Votre extrait reste sur cet appareil : il n’est jamais envoyé.',
  microphone: 'Micro',
  speaker: 'Haut-parleur',
  defaultDevice: 'Par défaut',
  unnamedMicrophone: (n) => `Micro ${n}`,
  unnamedSpeaker: (n) => `Haut-parleur ${n}`,
  record: 'Enregistrer un extrait',
  recordAgain: 'Enregistrer à nouveau',
  level: 'Niveau du micro',
  secondsLeft: (seconds) => `Encore ${seconds} s`,
  play: 'Écouter l’extrait',
  stop: 'Arrêter',
  position: 'Position de lecture',
  status: {
    starting: 'Autorisez le micro si votre navigateur vous le demande.',
    recording: 'Enregistrement : dites quelques mots.',
    ready: 'Enregistrement terminé. Écoutez-le pour vous entendre.',
    playing: 'Lecture de votre extrait.',
    played: 'Vous vous êtes bien entendu ? Vous pouvez appeler.',
  },
  problem: {
    denied: 'Votre navigateur a bloqué le micro.',
    missing: 'Aucun micro n’a été trouvé.',
    failed: 'L’enregistrement n’a pas fonctionné. Réessayez, ou passez cette étape.',
  },
  call: 'Appeler',
  skip: 'Passer le test du son',
};

const de: SoundCheckMessages = {
  title: 'Tontest',
  intro:
    'Nehmen Sie einen kurzen Clip auf und hören Sie ihn an: Wenn Sie sich deutlich hören, hört Sie auch der Mitarbeiter.',
  privacy: 'Ihr Clip bleibt auf diesem Gerät: Er wird nie hochgeladen.',
  microphone: 'Mikrofon',
  speaker: 'Lautsprecher',
  defaultDevice: 'Standard',
  unnamedMicrophone: (n) => `Mikrofon ${n}`,
  unnamedSpeaker: (n) => `Lautsprecher ${n}`,
  record: 'Testclip aufnehmen',
  recordAgain: 'Erneut aufnehmen',
  level: 'Mikrofonpegel',
  secondsLeft: (seconds) => `Noch ${seconds} s`,
  play: 'Clip abspielen',
  stop: 'Stopp',
  position: 'Wiedergabeposition',
  status: {
    starting: 'Erlauben Sie das Mikrofon, wenn Ihr Browser danach fragt.',
    recording: 'Aufnahme läuft: Sagen Sie ein paar Worte.',
    ready: 'Aufnahme beendet. Spielen Sie sie ab, um sich zu hören.',
    playing: 'Ihr Clip wird abgespielt.',
    played: 'Haben Sie sich deutlich gehört? Dann können Sie anrufen.',
  },
  problem: {
    denied: 'Ihr Browser hat das Mikrofon blockiert.',
    missing: 'Es wurde kein Mikrofon gefunden.',
    failed:
      'Die Aufnahme hat nicht funktioniert. Versuchen Sie es erneut oder überspringen Sie diesen Schritt.',
  },
  call: 'Jetzt anrufen',
  skip: 'Tontest überspringen',
};

/** The sound check's strings by language; the journey picks one with the visitor's language. */
export const soundCheckMessages = { en, es, fr, de };
