import type { CallbackSlotRefusal } from '../../../protocol/api/callback-slots.ts';
import type { Catalogs } from '../i18n/messages-for.ts';

/** The callback slots' strings (the form's choice of times, "call me back instead"). */
export interface CallbackSlotMessages {
  /** The form's first choice: no slot, the first free agent calls. */
  asap: string;
  /** The lead of the callback form offered instead of a long wait. */
  longWait: string;
  /** Under a long expected wait: `when` is the first slot, on the visitor's clock. */
  offer: (when: string) => string;
  callMeBack: string;
  /** Why the API refused the chosen time; the list is asked for again. */
  refused: Record<CallbackSlotRefusal, string>;
}

const en: CallbackSlotMessages = {
  asap: 'As soon as possible',
  longWait:
    'All our agents are busy right now. Leave your number and choose a time: we will call you back then.',
  offer: (when) => `Rather not wait? We can call you back on ${when} (your time).`,
  callMeBack: 'Call me back instead',
  refused: {
    callback_slot_in_past: 'That time has already begun. Please choose a later time.',
    callback_slot_closed:
      'Our team does not take calls at that time (closed or a holiday). Please choose another time.',
    callback_slot_too_far: 'That time is too far ahead. Please choose an earlier time.',
  },
};

const de: CallbackSlotMessages = {
  asap: 'So bald wie möglich',
  longWait:
    'Alle Mitarbeiter sind gerade im Gespräch. Hinterlassen Sie Ihre Nummer und wählen Sie eine Zeit: Wir rufen Sie dann zurück.',
  offer: (when) => `Sie möchten nicht warten? Wir können Sie am ${when} zurückrufen (Ihre Zeit).`,
  callMeBack: 'Lieber zurückrufen lassen',
  refused: {
    callback_slot_in_past: 'Diese Zeit hat schon begonnen. Bitte wählen Sie eine spätere Zeit.',
    callback_slot_closed:
      'Unser Team nimmt zu dieser Zeit keine Anrufe an (geschlossen oder Feiertag). Bitte wählen Sie eine andere Zeit.',
    callback_slot_too_far:
      'Diese Zeit liegt zu weit in der Zukunft. Bitte wählen Sie eine frühere.',
  },
};

const fr: CallbackSlotMessages = {
  asap: 'Dès que possible',
  longWait:
    'Tous nos conseillers sont occupés. Laissez votre numéro et choisissez un horaire : nous vous rappellerons à ce moment-là.',
  offer: (when) =>
    `Vous préférez ne pas attendre ? Nous pouvons vous rappeler le ${when} (votre heure).`,
  callMeBack: 'Me rappeler plutôt',
  refused: {
    callback_slot_in_past: 'Cet horaire a déjà commencé. Veuillez en choisir un plus tard.',
    callback_slot_closed:
      "Notre équipe ne prend pas d'appels à cet horaire (fermé ou jour férié). Veuillez en choisir un autre.",
    callback_slot_too_far: 'Cet horaire est trop éloigné. Veuillez en choisir un plus proche.',
  },
};

const es: CallbackSlotMessages = {
  asap: 'Lo antes posible',
  longWait:
    'Todos nuestros agentes están ocupados. Déjenos su número y elija una hora: le llamaremos entonces.',
  offer: (when) => `¿Prefiere no esperar? Podemos llamarle el ${when} (su hora).`,
  callMeBack: 'Prefiero que me llamen',
  refused: {
    callback_slot_in_past: 'Esa hora ya ha empezado. Elija una hora posterior.',
    callback_slot_closed:
      'Nuestro equipo no atiende llamadas a esa hora (cerrado o festivo). Elija otra hora.',
    callback_slot_too_far: 'Esa hora es demasiado lejana. Elija una hora más próxima.',
  },
};

export const callbackSlotMessages: Catalogs<CallbackSlotMessages> = { en, de, fr, es };
