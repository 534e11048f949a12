import { z } from 'zod';
import { PublicConsentNoticeSchema } from './consent-notice.ts';

/** A number to call instead, formatted by the API so the widget carries no phone metadata. */
export const FallbackPhoneSchema = z
  .strictObject({
    country: z.string(),
    /** For `tel:` links. */
    e164: z.string(),
    /** As dialled inside the country: "(713) 929-3714". */
    national: z.string(),
    /** As dialled from abroad: "+1 713 929 3714". */
    international: z.string(),
  })
  .meta({ id: 'FallbackPhone' });
export type FallbackPhone = z.infer<typeof FallbackPhoneSchema>;

/** GET /v1/sites/{siteId}/config: what the widget needs to draw the Start screen. */
export const PublicSiteConfigSchema = z
  .strictObject({
    siteId: z.string(),
    name: z.string(),
    captchaSiteKey: z.string(),
    /** hCaptcha's JS API, loaded only when the captcha step comes. */
    captchaScriptUrl: z.string(),
    theme: z.strictObject({
      primaryColor: z.string(),
      /** "bottom-right" or "bottom-left": where the launcher sits. */
      position: z.string(),
      /** Text on `primaryColor`, white or black for WCAG AA (protocol/theme-contrast.ts). */
      textColor: z.string(),
      /** The checks' and the call's header colours, when the site sets them (#RRGGBB). */
      checkColor: z.string().optional(),
      callColor: z.string().optional(),
    }),
    languages: z.array(z.string()),
    countries: z.array(z.string()),
    intents: z.array(z.strictObject({ id: z.string(), label: z.string() })),
    fallbackNumbers: z.record(z.string(), z.string()),
    /** The same numbers formatted for people ("or call us from (713) 929-3714"). */
    fallbackPhones: z.array(FallbackPhoneSchema),
    /** Each offered country's calling code ("US" -> "1"), for the callback form. */
    callingCodes: z.record(z.string(), z.string()),
    /**
     * The site's own gateway. The widget dials the one each call grant names (`gatewayUrl`:
     * the gateway node the API placed the call on, or this one). ICE servers are not here:
     * they come with each connection-test and call grant, TURN entries with a credential
     * minted for that visitor.
     */
    media: z.strictObject({ gatewayUrl: z.string() }),
    /** A notice the visitor must accept before calling; absent when the site has none. */
    consentNotice: PublicConsentNoticeSchema.optional(),
  })
  .meta({ id: 'PublicSiteConfig' });
export type PublicSiteConfig = z.infer<typeof PublicSiteConfigSchema>;
