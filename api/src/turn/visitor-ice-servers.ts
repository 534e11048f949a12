import type { IceServer } from '../../../protocol/api/ice-server.ts';
import type { SiteConfig, SitesFile } from '../../../protocol/api/site-config.ts';
import { apiConfigEnvNames } from '../../../protocol/config/api-config.ts';
import { ApiError } from '../errors.ts';
import type { TurnCredentialMinter } from './turn-credentials.ts';

/**
 * The ICE servers for one of a visitor's peer connections (a connection test or a call): the
 * site's STUN servers, and its TURN servers with a credential minted now for this session.
 * Minted per grant rather than per session, each credential is used within seconds of being
 * issued, so its lifetime can be short without failing a visitor who lingers on a screen.
 */
export function visitorIceServers(
  turn: TurnCredentialMinter | undefined,
  site: SiteConfig,
  sessionId: string,
  now: Date,
): IceServer[] {
  const stun = site.media.iceServers.map((server) => ({
    urls: typeof server.urls === 'string' ? [server.urls] : server.urls,
  }));
  if (!site.media.turn) return stun;
  if (!turn) {
    // Start-up refuses this; a sites file reloaded since can still bring it.
    throw new ApiError(
      'turn_not_configured',
      503,
      'This site lists TURN servers but the API has no TURN secret',
    );
  }
  const { username, credential } = turn.mint(sessionId, now);
  return [...stun, { urls: site.media.turn.urls, username, credential }];
}

/**
 * Why the API cannot serve these sites as configured, or undefined: a site listing TURN
 * servers while the API has no shared secret to mint credentials from would fail every
 * visitor who needs them. Start-up refuses it; a reload that brings it is logged as an error.
 */
export function missingTurnSecret(
  sites: SitesFile['sites'],
  hasSecret: boolean,
): string | undefined {
  if (hasSecret) return undefined;
  const siteIds = Object.keys(sites).filter((siteId) => sites[siteId]?.media.turn);
  if (siteIds.length === 0) return undefined;
  return `site ${siteIds.join(', ')} lists media.turn but ${apiConfigEnvNames.turnSecret} is unset`;
}
