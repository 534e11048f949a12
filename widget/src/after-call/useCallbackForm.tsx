import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { CallbackSlot, CallbackSlotRefusal } from '../../../protocol/api/callback-slots.ts';
import type { CallbackSlotMessages } from '../callback-slots/callback-slot-messages.ts';
import { SlotSelect } from '../callback-slots/SlotSelect.tsx';
import type { Messages } from '../i18n/en.ts';
import { regionName } from '../journey/display-names.ts';
import { visitorTimeZone, zoneName } from './opening-hours.ts';

export interface CallbackDetails {
  phone: string;
  country: string;
  /** The time chosen; absent: as soon as possible. */
  slot?: CallbackSlot | undefined;
}

/** Why the API refused a callback request, as far as the form can help. */
export type CallbackRefusal = 'invalid_phone' | 'failed' | CallbackSlotRefusal;

export interface CallbackFormProps {
  messages: Messages['callback'];
  countries: string[];
  callingCodes: Record<string, string>;
  language: string;
  initialCountry: string;
  /** The times the API offers (in order); the visitor may also leave it to the first agent. */
  slots: CallbackSlot[];
  /** Chosen from the start (the slot offered instead of a long wait). */
  initialSlot?: CallbackSlot | undefined;
  slotMessages: CallbackSlotMessages;
  /** The API refused the chosen time: the list is asked for again. */
  onSlotRefused(): void;
  /** Stores the request; resolves to the number as the API normalized it (E.164). */
  send(details: CallbackDetails): Promise<string>;
  /** Maps a failure of `send` to what the form says. */
  refusalOf(error: unknown): CallbackRefusal;
  onSent(phone: string): void;
  /** The way back without a callback: "No, thanks", "Choose another team". */
  decline?: { label: string; onDecline(): void } | undefined;
}

// Enough to catch a typo before asking the API, which checks the number for the country.
const plausible = (phone: string) => {
  const digits = phone.replace(/[\s().-]/g, '');
  return /^\+?[0-9]{4,17}$/.test(digits);
};

/**
 * Phone (country prefilled), when to call, consent: a callback request. Its fields and its
 * actions come apart, for the screen to dock the actions under its scrolling content.
 */
export function useCallbackForm(props: CallbackFormProps): { fields: VNode; actions: VNode } {
  const m = props.messages;
  const [country, setCountry] = useState(props.initialCountry);
  const [phone, setPhone] = useState('');
  const [when, setWhen] = useState(props.initialSlot?.from ?? '');
  const [consent, setConsent] = useState(false);
  const [problem, setProblem] = useState<
    'phone' | 'consent' | 'failed' | CallbackSlotRefusal | undefined
  >();
  // The slot offered instead of the wait stays a choice until the list comes with it.
  const slots =
    props.initialSlot && !props.slots.some((slot) => slot.from === props.initialSlot?.from)
      ? [props.initialSlot, ...props.slots]
      : props.slots;
  const [sending, setSending] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!plausible(phone)) return setProblem('phone');
    if (!consent) return setProblem('consent');
    setProblem(undefined);
    setSending(true);
    try {
      const slot = slots.find((offered) => offered.from === when);
      props.onSent(await props.send({ phone, country, slot }));
    } catch (error) {
      const refusal = props.refusalOf(error);
      setProblem(refusal === 'invalid_phone' ? 'phone' : refusal);
      if (refusal.startsWith('callback_slot_')) props.onSlotRefused();
    } finally {
      setSending(false);
    }
  };
  const code = props.callingCodes[country];
  return {
    fields: (
      <form
        id="ctc-callback-form"
        class="ctc-form"
        onSubmit={submit}
        noValidate
        data-testid="callback-form"
      >
        <label class="ctc-field">
          <span>{m.country}</span>
          <select
            value={country}
            data-testid="callback-country"
            onChange={(event) => setCountry((event.target as HTMLSelectElement).value)}
          >
            {props.countries.map((c) => (
              <option key={c} value={c}>
                {regionName(c, props.language)}
                {props.callingCodes[c] ? ` (+${props.callingCodes[c]})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label class="ctc-field">
          <span>{m.phone}</span>
          <span class="ctc-phone">
            {code && <span aria-hidden="true">+{code}</span>}
            <input
              type="tel"
              autocomplete="tel-national"
              inputMode="tel"
              required
              value={phone}
              aria-invalid={problem === 'phone'}
              aria-describedby={problem === 'phone' ? 'ctc-phone-problem' : undefined}
              data-testid="callback-phone"
              onInput={(event) => {
                setPhone((event.target as HTMLInputElement).value);
                // The visitor is correcting the number: the old complaint no longer applies.
                if (problem === 'phone') setProblem(undefined);
              }}
            />
          </span>
        </label>
        {problem === 'phone' && (
          <p id="ctc-phone-problem" class="ctc-problem" role="alert" data-testid="callback-problem">
            {m.invalidPhone}
          </p>
        )}
        <SlotSelect
          label={m.when}
          asap={props.slotMessages.asap}
          slots={slots}
          chosen={when}
          onChoose={(from) => {
            setWhen(from);
            // Another time chosen: the refusal of the last one no longer applies.
            if (problem?.startsWith('callback_slot_')) setProblem(undefined);
          }}
          language={props.language}
          timeZone={visitorTimeZone()}
          describedBy={
            problem?.startsWith('callback_slot_')
              ? 'ctc-callback-zone ctc-slot-problem'
              : 'ctc-callback-zone'
          }
          invalid={!!problem?.startsWith('callback_slot_')}
        />
        {problem?.startsWith('callback_slot_') && (
          <p id="ctc-slot-problem" class="ctc-problem" role="alert" data-testid="callback-problem">
            {props.slotMessages.refused[problem as CallbackSlotRefusal]}
          </p>
        )}
        {/* The slots are on the visitor's clock (slot-choices.ts): say which. */}
        <p id="ctc-callback-zone" class="ctc-hint" data-testid="callback-zone">
          {m.timesIn(zoneName(visitorTimeZone(), props.language, new Date()))}
        </p>
        <label class="ctc-check">
          <input
            type="checkbox"
            checked={consent}
            required
            aria-invalid={problem === 'consent'}
            data-testid="callback-consent"
            onChange={(event) => setConsent((event.target as HTMLInputElement).checked)}
          />
          <span>{m.consent}</span>
        </label>
        {(problem === 'consent' || problem === 'failed') && (
          <p class="ctc-problem" role="alert" data-testid="callback-problem">
            {problem === 'consent' ? m.needConsent : m.failed}
          </p>
        )}
      </form>
    ),
    actions: (
      // Outside the form (tied to it by id), in the screen's dock.
      <>
        <button
          type="submit"
          form="ctc-callback-form"
          class="ctc-primary"
          disabled={sending}
          data-testid="callback-send"
        >
          {sending ? m.sending : m.send}
        </button>
        {props.decline && (
          <button type="button" onClick={props.decline.onDecline} data-testid="callback-decline">
            {props.decline.label}
          </button>
        )}
      </>
    ),
  };
}
