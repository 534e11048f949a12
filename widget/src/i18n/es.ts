import type { Messages } from './en.ts';

export const es: Messages = {
  call: {
    title: 'Su llamada',
    callingTeam: (team) => `Llamando a ${team}`,
    endedTitle: 'Llamada finalizada',
    call: 'Llamar ahora',
    calling: 'Llamando…',
    ringing: 'Sonando…',
    talkingTo: (agent) => `Hablando con ${agent}`,
    onHold: 'En espera: el agente volverá enseguida.',
    connected: 'Conectado',
    end: 'Colgar',
    mute: 'Silenciar micrófono',
    keypad: 'Teclado',
    callAgain: 'Volver a llamar',
    ended: {
      visitor_hung_up: 'Llamada finalizada.',
      agent_hung_up: 'El agente ha finalizado la llamada.',
      agent_lost:
        'Se ha perdido la conexión con el agente. Vuelva a llamar o pida que le llamemos.',
      no_agent: 'Ahora mismo no hay nadie disponible en este equipo.',
      busy: 'Todos nuestros agentes están ocupados. Inténtelo de nuevo en unos minutos.',
      declined: 'La llamada ha sido rechazada.',
      timeout: 'Nadie ha contestado a tiempo.',
      trunk_unreachable: 'Ahora mismo no podemos conectar con nuestro centro de atención.',
      trunk_error: 'El centro de atención no ha podido atender la llamada.',
      trunk_auth_failed:
        'Nuestro centro de atención no ha aceptado nuestro servicio de llamadas. Inténtelo más tarde o pida que le llamemos.',
      media_failed: 'Se ha perdido la conexión de audio.',
      unauthorized: 'Este enlace de llamada ha caducado. Vuelva a empezar.',
      incompatible: 'Su navegador y nuestro centro de atención no han podido acordar el audio.',
      gateway_error: 'Algo ha fallado por nuestra parte.',
      media_worker_lost:
        'La llamada se cortó por un fallo de nuestra parte. Vuelva a llamar o pida que le llamemos.',
      gateway_draining:
        'Nuestro servicio de llamadas se está reiniciando por mantenimiento. Vuelva a llamar o pida que le llamemos.',
      microphone_blocked:
        'La llamada necesita su micrófono. Permítalo en su navegador y vuelva a llamar.',
      microphone_missing: 'No se ha encontrado ningún micrófono. Conecte uno y vuelva a llamar.',
      too_many_calls:
        'Ha iniciado varias llamadas en poco tiempo. Espere unos minutos antes de volver a llamar.',
      gateway_unreachable:
        'No hemos podido conectar con nuestro servicio de llamadas. Compruebe su conexión y vuelva a llamar.',
      connection_lost:
        'Se ha perdido la conexión con nuestro servicio de llamadas. Vuelva a llamar o pida que le llamemos.',
    },
  },
  common: {
    loading: 'Cargando…',
    retry: 'Reintentar',
    startOver: 'Empezar de nuevo',
    close: 'Cerrar',
    requestCallback: 'Solicitar una llamada',
    orCallUs: 'También puede llamarnos:',
  },
  start: {
    title: 'Llamar desde el navegador',
    headphones: '¿Tiene los auriculares listos?',
    intent: 'Llamo por',
    language: 'Idioma',
    country: 'País',
    callNow: 'Llamar ahora',
    orCallFrom: 'o llámenos desde',
    internationalNumbers: 'Números internacionales',
    unavailable: 'No podemos cargar este servicio ahora mismo. Inténtelo más tarde.',
  },
  captcha: {
    title: 'Verificación de imagen',
    intro: 'Confirme que es una persona, para que nuestros agentes atiendan llamadas reales.',
    loading: 'Cargando la verificación…',
    checking: 'Comprobando…',
    failed: 'La verificación no se ha superado. Inténtelo de nuevo.',
    unavailable: 'El servicio de verificación no está disponible ahora mismo.',
  },
  rating: {
    title: 'Valore nuestro servicio',
    stars: '¿Qué tal ha ido la llamada?',
    star: (n) => (n === 1 ? '1 estrella' : `${n} estrellas`),
    comment: 'Comentario (opcional)',
    counter: (used, max) => `${used}/${max}`,
    send: 'Enviar',
    sending: 'Enviando…',
    pickStars: 'Elija de 1 a 5 estrellas.',
    failed: 'No hemos podido enviar su valoración. Inténtelo de nuevo.',
    skip: 'No, gracias',
  },
  callback: {
    title: 'Solicitar una llamada',
    makeUp: 'Queremos compensarle: introduzca su número de teléfono y le llamaremos en breve.',
    intro: 'Déjenos su número y un agente le devolverá la llamada.',
    country: 'País',
    phone: 'Número de teléfono',
    when: '¿Cuándo le llamamos?',
    consent: 'Acepto que me llamen a este número por mi solicitud.',
    send: 'Llámenme',
    sending: 'Enviando…',
    invalidPhone: 'Introduzca un número de teléfono válido para el país elegido.',
    needConsent: 'Acepte que le devolvamos la llamada.',
    failed: 'No hemos podido enviar su solicitud. Inténtelo de nuevo.',
    noThanks: 'No, gracias',
    timesIn: (zone) => `Horas en su zona horaria: ${zone}.`,
  },
  thanks: {
    title: 'Gracias',
    rated: 'Gracias por su opinión.',
    callbackAt: (phone) => `Le llamaremos al ${phone}.`,
  },
  closed: {
    title: 'Ahora mismo estamos cerrados',
    closed: 'Este equipo está fuera de su horario. Déjenos su número y le llamaremos.',
    noRoute:
      'Ahora mismo nadie atiende llamadas para esta opción. Déjenos su número y le llamaremos.',
    hours: (zone) => `Horario de atención, ${zone}`,
    nextOpening: (when, zone) => `Volvemos a abrir el ${when}, ${zone}.`,
    yourTime: (when) => `En su hora local: ${when}.`,
    chooseAnother: 'Elegir otro equipo',
  },
  errors: {
    mic_denied: {
      title: 'Micrófono bloqueado',
      text: 'La llamada necesita su micrófono. Permítalo en el navegador (el icono de la barra de direcciones) y vuelva a intentarlo.',
    },
    mic_missing: {
      title: 'No se ha encontrado ningún micrófono',
      text: 'Conecte un micrófono o unos auriculares y vuelva a intentarlo.',
    },
    no_webrtc: {
      title: 'Su navegador no puede hacer llamadas',
      text: 'Este navegador no admite llamadas desde la web. Use un Chrome, Edge, Firefox o Safari reciente, o llámenos.',
    },
    network_blocked: {
      title: 'Su red bloquea las llamadas',
      text: 'No hemos podido llegar a nuestro servicio de llamadas desde su red (puede bloquearlo un cortafuegos o una VPN).',
    },
    unavailable: {
      title: 'Servicio no disponible',
      text: 'No podemos iniciar una llamada ahora mismo. Inténtelo de nuevo en un momento.',
    },
  },
  wait: {
    underAMinute: 'Tiempo de espera estimado: menos de un minuto.',
    about: (minutes) =>
      minutes === 1
        ? 'Tiempo de espera estimado: alrededor de un minuto.'
        : `Tiempo de espera estimado: unos ${minutes} minutos.`,
    moreThan: (minutes) => `Tiempo de espera estimado: más de ${minutes} minutos.`,
    ahead: (callers) =>
      callers === 0
        ? 'No hay otras llamadas web delante de usted.'
        : callers === 1
          ? 'Hay 1 llamada web delante de usted.'
          : `Hay ${callers} llamadas web delante de usted.`,
  },
  abandoned: {
    title: 'Sentimos no haberle atendido',
    lead: 'Colgó antes de que un agente pudiera responder. Déjenos su número y le llamaremos.',
  },
};
