import type { Messages } from './en.ts';

export const es: Messages = {
  call: 'Llamar ahora',
  calling: 'Llamando…',
  ringing: 'Sonando…',
  talkingTo: (agent) => `Hablando con ${agent}`,
  onHold: 'En espera: el agente volverá enseguida.',
  connected: 'Conectado',
  end: 'Colgar',
  mute: 'Silenciar micrófono',
  unmute: 'Activar micrófono',
  keypad: 'Teclado',
  callAgain: 'Volver a llamar',
  ended: {
    visitor_hung_up: 'Llamada finalizada.',
    agent_hung_up: 'El agente ha finalizado la llamada.',
    no_agent: 'Ahora mismo no hay nadie disponible en este equipo.',
    busy: 'Todos nuestros agentes están ocupados. Inténtelo de nuevo en unos minutos.',
    declined: 'La llamada ha sido rechazada.',
    timeout: 'Nadie ha contestado a tiempo.',
    trunk_unreachable: 'Ahora mismo no podemos conectar con nuestro centro de atención.',
    trunk_error: 'El centro de atención no ha podido atender la llamada.',
    media_failed: 'Se ha perdido la conexión de audio.',
    unauthorized: 'Este enlace de llamada ha caducado. Vuelva a empezar.',
    incompatible: 'Su navegador y nuestro centro de atención no han podido acordar el audio.',
    gateway_error: 'Algo ha fallado por nuestra parte.',
  },
};
