import { z } from 'zod';

/**
 * A STUN or TURN server as the visitor's browser takes it (RTCIceServer). TURN entries carry a
 * credential the API minted for this one grant (coturn's TURN REST scheme, see
 * api/src/turn/): it works for new allocations until the expiry in its username.
 */
export const IceServerSchema = z
  .strictObject({
    urls: z.array(z.string()).min(1),
    /** TURN only: `<expiry, unix seconds>:<session id>`. */
    username: z.string().optional(),
    /** TURN only: base64(HMAC-SHA1(shared secret, username)). */
    credential: z.string().optional(),
  })
  .meta({ id: 'IceServer' });
export type IceServer = z.infer<typeof IceServerSchema>;

/** What the browser's RTCPeerConnection is configured with for one connection test or call. */
export const IceServersSchema = z.array(IceServerSchema).max(16);
