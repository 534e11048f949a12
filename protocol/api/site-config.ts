import { z } from 'zod';
import { SipHeaderNameSchema, SipHeaderValueSchema, SipUriSchema } from '../call-token.ts';
import { BusinessHoursSchema } from './business-hours.ts';
import { ConsentNoticeSchema, languagesWithoutNotice } from './consent-notice.ts';
import { CallbackSettingsSchema, defaultCallbackSettings } from './callback-slots.ts';
import { E164Schema, QueueNameSchema, SiteIdSchema } from './ids.ts';
import { SiteLimitsSchema } from './site-limits.ts';
import { WebhookEndpointsSchema } from './webhook-endpoint.ts';
import { hexColorPattern } from '../theme-contrast.ts';

const LanguageSchema = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a BCP 47 tag');
const CountrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code');
const IntentIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/);
const HeadersSchema = z.record(SipHeaderNameSchema, SipHeaderValueSchema);
/** A colour of the widget's theme; the text on it is white or black (protocol/theme-contrast.ts). */
const HexColorSchema = z.string().regex(hexColorPattern, 'must be #RRGGBB');
/** A page origin, scheme + host + optional port, without path: `https://www.acme.example`. */
const OriginSchema = z
  .string()
  .regex(/^https?:\/\/[a-z0-9.-]+(:[0-9]{1,5})?$/, 'must be an origin like https://example.com');

/** hCaptcha settings of one site. */
export const CaptchaConfigSchema = z.strictObject({
  /** Public site key the widget renders the challenge with. */
  siteKey: z.string().min(1),
  /** Secret sent to siteverify; never leaves the API. */
  secret: z.string().min(1),
  /** hCaptcha's JS API the widget loads when the captcha step comes (or an enterprise host). */
  scriptUrl: z.url({ protocol: /^https?$/ }).default('https://js.hcaptcha.com/1/api.js'),
  /** siteverify endpoint (hCaptcha's own, or a stand-in/enterprise endpoint). */
  verifyUrl: z.url().default('https://api.hcaptcha.com/siteverify'),
  /** How long to wait for siteverify before answering that the check is unavailable. */
  timeoutMs: z.int().min(100).max(30_000).default(3000),
});

/** A contact-center queue: where calls go and when it is open. */
export const QueueConfigSchema = z.strictObject({
  /** SIP user of the queue at the site's PBX (`queue-sales` -> sip:queue-sales@pbx). */
  user: z
    .string()
    .regex(/^[A-Za-z0-9._+-]+$/)
    .optional(),
  /** Full SIP URI; overrides `user` + the site's PBX. */
  uri: SipUriSchema.optional(),
  /** Shown to the visitor and to supervisors, e.g. "English Technical Support". */
  displayName: z.string().min(1).max(80),
  /** Extra SIP headers every call to this queue carries. */
  headers: HeadersSchema.default({}),
  /** Opening hours; absent means always open. */
  hours: BusinessHoursSchema.optional(),
});

/** A routing rule: the first rule (in file order) whose every given field matches wins. */
export const RoutingRuleSchema = z.strictObject({
  intent: IntentIdSchema.optional(),
  language: LanguageSchema.optional(),
  country: CountrySchema.optional(),
  /** Name of the queue in `queues`. */
  queue: QueueNameSchema,
  /** Extra SIP headers for calls this rule routes (added to the queue's own). */
  headers: HeadersSchema.default({}),
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

const StunOrTurnUrlSchema = z.string().regex(/^(stun|turns?):/, 'must be a stun: URL');
/** Where a static TURN server belongs instead, and why (the message operators read). */
const turnGoesInTurnUrls =
  'TURN servers go in media.turn.urls: the API mints a short-lived credential for each visitor';
const noStaticCredential =
  'a static TURN credential in the sites file is sent to every visitor: remove it, list the ' +
  'TURN URLs in media.turn.urls and give the API the TURN shared secret (API_TURN_SECRET_FILE)';

/**
 * A STUN server for the visitor's browser, handed to every visitor as it is written, so it
 * carries no credentials. `username`/`credential` and turn: URLs are read only to be refused
 * with a message saying where TURN goes now.
 */
const StunServerSchema = z
  .strictObject({
    urls: z.union([StunOrTurnUrlSchema, z.array(StunOrTurnUrlSchema).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .superRefine((server, ctx) => {
    for (const field of ['credential', 'username'] as const) {
      if (server[field] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [field], message: noStaticCredential });
      }
    }
    const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
    if (urls.some((url) => !url.startsWith('stun:'))) {
      ctx.addIssue({ code: 'custom', path: ['urls'], message: turnGoesInTurnUrls });
    }
  });

/**
 * A TURN URL (RFC 7065): `turns:turn.example.com:443?transport=tcp` crosses firewalls that let
 * only TLS on 443 out; `turn:turn.example.com:3478?transport=udp` is the faster path elsewhere.
 */
const TurnUrlSchema = z
  .string()
  .regex(
    /^turns?:(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?(\?transport=(udp|tcp))?$/,
    'must be turn:HOST[:PORT][?transport=udp|tcp] or turns:HOST[:PORT][?transport=tcp]',
  )
  // TURN over DTLS (turns: with udp) is not something browsers speak.
  .refine((url) => !/^turns:.*transport=udp$/.test(url), 'turns: runs over TCP only');

/** The site's TURN servers; credentials are minted by the API per connection test and call. */
const SiteTurnSchema = z.strictObject({
  urls: z.array(TurnUrlSchema).min(1).max(8),
});

const SiteMediaSchema = z.strictObject({
  /**
   * The media gateway's SIP WebSocket (wss:// in production). Unless `pinGateway`, calls go
   * here only while no gateway node announces itself to the API: once nodes do, the API
   * places each call (and its connection test) on the least loaded one with room and sends
   * the widget there, with a token only that node accepts.
   */
  gatewayUrl: z.url({ protocol: /^wss?$/ }),
  /**
   * true: every call and connection test of this site goes to `gatewayUrl`, whatever nodes
   * announce themselves (a gateway kept for this customer, or one a test bench watches). When
   * that URL is an announcing node's own, its tokens are bound to that node; otherwise they
   * are unbound, which only a gateway that does not announce itself accepts.
   */
  pinGateway: z.boolean().default(false),
  /** STUN servers for the browser (public: no credentials); none on a LAN or in tests. */
  iceServers: z.array(StunServerSchema).max(8).default([]),
  /**
   * TURN servers (coturn with use-auth-secret) for visitors whose networks block the gateway's
   * media ports; absent: no TURN. The API needs the shared secret (API_TURN_SECRET_FILE).
   */
  turn: SiteTurnSchema.optional(),
});

/** One site (one customer web property) in the sites file. */
export const SiteConfigSchema = z.strictObject({
  /** Name shown to supervisors. */
  name: z.string().min(1).max(120),
  /** Pages allowed to embed the widget and call the API (CORS, frame-ancestors). */
  allowedOrigins: z.array(OriginSchema).min(1),
  captcha: CaptchaConfigSchema,
  /** The widget's look. */
  theme: z
    .strictObject({
      /** The brand: the launcher, the main buttons, the headers of the other steps. */
      primaryColor: HexColorSchema,
      /** The header of the checks before the call (captcha, connection, sound); else violet. */
      checkColor: HexColorSchema.optional(),
      /** The header of the call itself; else green. */
      callColor: HexColorSchema.optional(),
      position: z.enum(['bottom-right', 'bottom-left']).default('bottom-right'),
    })
    .default({ primaryColor: '#1a73e8', position: 'bottom-right' }),
  /** Languages offered, first is the default. */
  languages: z.array(LanguageSchema).min(1),
  /** Countries offered, first is the default. */
  countries: z.array(CountrySchema).min(1),
  /** "I am calling for" choices. */
  intents: z.array(z.strictObject({ id: IntentIdSchema, label: z.string().min(1).max(80) })).min(1),
  /** Phone numbers to call instead, per country ("or call us from ..."). */
  fallbackNumbers: z.partialRecord(CountrySchema, E164Schema).default({}),
  /** Where this site's visitors place their calls: the gateway and the browser's ICE servers. */
  media: SiteMediaSchema.default({
    gatewayUrl: 'ws://127.0.0.1:8090/sip',
    pinGateway: false,
    iceServers: [],
  }),
  /** The PBX that queue `user`s live on. */
  pbx: z
    .strictObject({
      host: z.string().regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or address'),
      port: z.int().min(1).max(65535).default(5060),
      transport: z.enum(['udp', 'tcp']).optional(),
    })
    .optional(),
  queues: z.record(QueueNameSchema, QueueConfigSchema),
  /** Evaluated in order; the first match wins. */
  routes: z.array(RoutingRuleSchema).default([]),
  /** Queue for calls no rule matches; absent: such visitors get a callback offer. */
  defaultQueue: QueueNameSchema.optional(),
  /** Whether a session token works only from the IP address it was issued to. */
  bindSessionToIp: z.boolean().default(true),
  limits: SiteLimitsSchema.default(SiteLimitsSchema.parse({})),
  /**
   * The contact center's systems (CRM, ACD, ticketing) told of this site's calls, ratings and
   * callback requests; their signing secrets are in API_WEBHOOK_SECRETS_FILE (docs/webhooks.md).
   */
  webhooks: WebhookEndpointsSchema.default([]),
  /** Callback slots and when "call me back instead" is offered (protocol/api/callback-slots.ts). */
  callbacks: CallbackSettingsSchema.default(defaultCallbackSettings),
  /** A notice the visitor must accept before each call (e.g. recording); none when absent. */
  consentNotice: ConsentNoticeSchema.optional(),
});
export type SiteConfig = z.infer<typeof SiteConfigSchema>;

/** The sites file: every site the API serves, by id. */
export const SitesFileSchema = z
  .strictObject({ sites: z.record(SiteIdSchema, SiteConfigSchema) })
  .superRefine((file, ctx) => {
    for (const [siteId, site] of Object.entries(file.sites)) {
      const at = (...path: (string | number)[]) => ['sites', siteId, ...path];
      const hasQueue = (name: string) => Object.hasOwn(site.queues, name);
      for (const [name, queue] of Object.entries(site.queues)) {
        if (!queue.uri && !(queue.user && site.pbx)) {
          ctx.addIssue({
            code: 'custom',
            path: at('queues', name, 'uri'),
            message: 'needs a uri, or a user and the site pbx',
          });
        }
      }
      site.routes.forEach((rule, index) => {
        const checks: [keyof RoutingRule, boolean][] = [
          ['queue', hasQueue(rule.queue)],
          ['intent', !rule.intent || site.intents.some((i) => i.id === rule.intent)],
          ['language', !rule.language || site.languages.includes(rule.language)],
          ['country', !rule.country || site.countries.includes(rule.country)],
        ];
        for (const [field, ok] of checks) {
          if (!ok) {
            ctx.addIssue({
              code: 'custom',
              path: at('routes', index, field),
              message: `"${String(rule[field])}" is not one of the site's ${field === 'queue' ? 'queues' : `${field}s`}`,
            });
          }
        }
      });
      if (site.defaultQueue && !hasQueue(site.defaultQueue)) {
        ctx.addIssue({ code: 'custom', path: at('defaultQueue'), message: 'is not a queue' });
      }
      for (const language of site.consentNotice
        ? languagesWithoutNotice(site.consentNotice, site.languages)
        : []) {
        ctx.addIssue({
          code: 'custom',
          path: at('consentNotice', 'text'),
          message: `needs a text in "${language}", one of the site's languages`,
        });
      }
    }
  });
export type SitesFile = z.infer<typeof SitesFileSchema>;
