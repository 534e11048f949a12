// What the API and the gateway would have told the widget, canned for the screen gallery: a
// site with every language, four connection-test verdicts, callback slots, closed hours.
import type { OpeningHours } from '../../../../protocol/api/business-hours.ts';
import type { CallbackSlot } from '../../../../protocol/api/callback-slots.ts';
import type { ConnectionTest } from '../../../../protocol/api/connection-test.ts';
import type { PublicSiteConfig } from '../../../../protocol/api/public-site-config.ts';
import type { RoutingData } from '../../../../protocol/call-token.ts';
import type { Catalogs } from '../../../../widget/src/i18n/messages-for.ts';
import type { WaitAnswer } from '../../../../widget/src/wait/useExpectedWait.ts';
import { hcaptchaTestKeys } from '../../../../infra/rig/hcaptcha-script-stand-in.ts';

export type Language = keyof Catalogs<unknown>;

/** Where the gallery page serves the hCaptcha stand-in (infra/rig/hcaptcha-script-stand-in.ts). */
export const hcaptchaScriptPath = '/hcaptcha.js';

/** The country a visitor of each language calls from, and the team their call goes to. */
const visitors: Record<Language, { country: string; queue: string }> = {
  en: { country: 'US', queue: 'English Technical Support' },
  de: { country: 'DE', queue: 'Technischer Support' },
  es: { country: 'ES', queue: 'Soporte técnico' },
  fr: { country: 'FR', queue: 'Support technique' },
};

export const choicesIn = (language: Language): RoutingData => ({
  intent: 'support',
  language,
  country: visitors[language].country,
});
export const queueNameIn = (language: Language) => visitors[language].queue;

// The seeds' numbers for the US; made-up ones (the countries' drama ranges) elsewhere.
const phones = [
  ['US', '+17139293714', '(713) 929-3714', '+1 713-929-3714'],
  ['DE', '+4930123456789', '030 123456789', '+49 30 123456789'],
  ['ES', '+34910000000', '910 00 00 00', '+34 910 00 00 00'],
  ['FR', '+33199000000', '01 99 00 00 00', '+33 1 99 00 00 00'],
] as const;

const consentTexts: Record<Language, string> = {
  en: 'Calls are recorded for training and quality purposes.',
  de: 'Anrufe werden zu Schulungs- und Qualitätszwecken aufgezeichnet.',
  es: 'Las llamadas se graban con fines de formación y calidad.',
  fr: 'Les appels sont enregistrés à des fins de formation et de qualité.',
};

const siteWithoutNotice: PublicSiteConfig = {
  siteId: 'acme',
  name: 'ACME',
  captchaSiteKey: hcaptchaTestKeys.siteKey,
  captchaScriptUrl: hcaptchaScriptPath,
  theme: { primaryColor: '#1b7a3e', position: 'bottom-right', textColor: '#ffffff' },
  languages: ['en', 'de', 'es', 'fr'],
  countries: phones.map(([country]) => country),
  intents: [
    { id: 'support', label: 'Technical support' },
    { id: 'sales', label: 'Sales' },
  ],
  fallbackNumbers: Object.fromEntries(phones.map(([country, e164]) => [country, e164])),
  fallbackPhones: phones.map(([country, e164, national, international]) => ({
    country,
    e164,
    national,
    international,
  })),
  callingCodes: { US: '1', DE: '49', ES: '34', FR: '33' },
  media: { gatewayUrl: 'wss://gateway.invalid/sip' },
};

export const site = (withNotice: boolean): PublicSiteConfig =>
  withNotice
    ? {
        ...siteWithoutNotice,
        consentNotice: {
          version: '2026-12',
          texts: Object.fromEntries(
            Object.entries(consentTexts).map(([language, text]) => [
              language,
              { text, sha256: '0'.repeat(64) },
            ]),
          ),
        },
      }
    : siteWithoutNotice;

export const verdicts: Record<ConnectionTest['verdict'], ConnectionTest> = {
  good: { verdict: 'good', lossPct: 0, rttMs: 28, jitterMs: 2.1, transport: 'udp' },
  acceptable: { verdict: 'acceptable', lossPct: 2.4, rttMs: 240, jitterMs: 21, transport: 'udp' },
  poor: { verdict: 'poor', lossPct: 9.5, rttMs: 520, jitterMs: 48, transport: 'tcp' },
  failed: { verdict: 'failed', lossPct: 100, rttMs: 0, jitterMs: 0 },
};

/** Half an hour each, in the team's hours the morning after the gallery's clock. */
export const slots: CallbackSlot[] = ['14:00', '14:30', '15:00', '16:30'].map((time) => {
  const from = new Date(`2026-12-08T${time}:00Z`);
  return { from: from.toISOString(), to: new Date(from.getTime() + 30 * 60_000).toISOString() };
});

export const longWait: WaitAnswer = {
  expectedWait: { minutes: 15, moreThan: false, position: 6 },
  callbackInstead: slots[0]!,
};
export const shortWait: WaitAnswer = {
  expectedWait: { minutes: 2, moreThan: false, position: 2 },
};

export const closedHours: OpeningHours = {
  timeZone: 'America/Chicago',
  weekly: {
    mon: [{ open: '08:00', close: '18:00' }],
    tue: [{ open: '08:00', close: '18:00' }],
    wed: [{ open: '08:00', close: '18:00' }],
    thu: [{ open: '08:00', close: '18:00' }],
    fri: [{ open: '08:00', close: '16:00' }],
  },
  nextOpening: '2026-12-08T14:00:00Z',
};

/** The callback's number as the API formatted it, on Thanks. */
export const calledBackAt = '(713) 555-0199';
