import { z } from 'zod';
import { SipUriSchema } from '../call-token.ts';
import { SiteIdSchema } from './ids.ts';

/**
 * Which list of dial targets an answer holds: it changes whenever any site's targets change,
 * and is the answer's ETag (quoted), so a gateway polling with If-None-Match gets 304 while
 * nothing changed.
 */
const DialTargetsVersionSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

/**
 * GET /v1/internal/dial-targets (with the service token): the SIP URIs the gateway may dial
 * for each site, whatever a call token says (toll-fraud guard). A site's targets are the
 * queue URIs its routing rules and default queue lead to, exactly as the API writes them into
 * call tokens (`queue.uri`), so the gateway compares them as strings. A site absent from
 * `sites`, or with no targets, may dial nothing.
 */
export const DialTargetsSchema = z
  .strictObject({
    version: DialTargetsVersionSchema,
    sites: z.record(SiteIdSchema, z.array(SipUriSchema).max(1000)),
  })
  .meta({ id: 'DialTargets' });
export type DialTargets = z.infer<typeof DialTargetsSchema>;
