import { z } from 'zod';
import { SiteMediaSchema } from './site-config.ts';

/** GET /v1/sites/{siteId}/config: what the widget needs to draw the Start screen. */
export const PublicSiteConfigSchema = z
  .strictObject({
    siteId: z.string(),
    name: z.string(),
    captchaSiteKey: z.string(),
    theme: z.strictObject({ primaryColor: z.string(), position: z.string() }),
    languages: z.array(z.string()),
    countries: z.array(z.string()),
    intents: z.array(z.strictObject({ id: z.string(), label: z.string() })),
    fallbackNumbers: z.record(z.string(), z.string()),
    /** The gateway to call and the browser's STUN/TURN servers. */
    media: SiteMediaSchema,
  })
  .meta({ id: 'PublicSiteConfig' });
export type PublicSiteConfig = z.infer<typeof PublicSiteConfigSchema>;
