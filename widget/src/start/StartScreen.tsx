import type { ComponentChildren } from 'preact';
import type { PublicSiteConfig } from '../../../protocol/api/public-site-config.ts';
import type { RoutingData } from '../../../protocol/call-token.ts';
import type { Messages } from '../i18n/en.ts';
import { languageName, regionName } from '../journey/display-names.ts';
import { Screen } from '../journey/Screen.tsx';
import { stepIcons } from '../journey/step-icons.ts';
import { messagesIn } from '../i18n/messages-for.ts';
import { consentMessages } from './consent-messages.ts';
import { ConsentNotice, consentNoticeTextId } from './ConsentNotice.tsx';
import type { ConsentNoticeState } from './useConsentNotice.ts';
import { FallbackNumbers } from './FallbackNumbers.tsx';

export interface StartScreenProps {
  site: PublicSiteConfig;
  choices: RoutingData;
  onChoices(choices: RoutingData): void;
  onCall(): void;
  messages: Messages;
  focus: boolean;
  /** Under the choices: the expected wait, once the visitor has a session to ask with. */
  note?: ComponentChildren;
  /** The site's notice to accept before calling, if it has one: CLICK TO CALL waits for it. */
  consent?: ConsentNoticeState;
}

/** Start: what the call is about, in which language, from which country; CLICK TO CALL. */
export function StartScreen({
  site,
  choices,
  onChoices,
  onCall,
  messages,
  focus,
  note,
  consent,
}: StartScreenProps) {
  const m = messages.start;
  const select = (field: keyof RoutingData, label: string, options: [string, string][]) => (
    <label class="ctc-field">
      <span>{label}</span>
      <select
        data-testid={`start-${field}`}
        value={choices[field]}
        onChange={(event) =>
          onChoices({ ...choices, [field]: (event.target as HTMLSelectElement).value })
        }
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Screen
      title={m.title}
      testId="start-screen"
      icon={stepIcons.headset}
      focus={focus}
      dock={
        // Outside the form (tied to it by id): docked under the scrolling content.
        <button
          type="submit"
          form="ctc-start-form"
          class="ctc-primary ctc-big"
          data-testid="start-call"
          disabled={consent ? !consent.accepted : false}
          {...(consent?.shown ? { 'aria-describedby': consentNoticeTextId } : {})}
        >
          {m.callNow}
        </button>
      }
    >
      <p>{m.headphones}</p>
      <form
        id="ctc-start-form"
        class="ctc-form"
        onSubmit={(event) => {
          event.preventDefault();
          onCall();
        }}
      >
        {select(
          'intent',
          m.intent,
          site.intents.map((intent) => [intent.id, intent.label]),
        )}
        {select(
          'language',
          m.language,
          site.languages.map((language) => [language, languageName(language)]),
        )}
        {select(
          'country',
          m.country,
          site.countries.map((country) => [country, regionName(country, choices.language)]),
        )}
      </form>
      {note}
      {consent?.shown && (
        <ConsentNotice
          text={consent.shown.text}
          accepted={consent.accepted}
          onAccepted={consent.setAccepted}
          renewed={consent.renewed}
          messages={messagesIn(consentMessages, choices.language)}
        />
      )}
      <FallbackNumbers
        phones={site.fallbackPhones}
        country={choices.country}
        language={choices.language}
        lead={m.orCallFrom}
        internationalNumbers={m.internationalNumbers}
      />
    </Screen>
  );
}
