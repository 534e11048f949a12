import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SitesFile } from '../../../protocol/api/site-config.ts';
import { startStack, type Stack, type StackAgent } from '../../../infra/dev/stack.ts';
import { allowCallsFromOneAddress } from '../../../infra/dev/site-edits.ts';
import { stopProcess } from '../../../infra/rig/processes.ts';
import type { Rig } from '../rig/use-rig.ts';
import { kamailioDigestAuth, type KamailioDigestAuth } from '../sip/kamailio-digest-auth.ts';

/** What the contact center's kamailio asks of the gateway, in any combination. */
export interface KamailioTrunkOptions {
  agents: StackAgent[];
  /** kamailio takes queue calls over TLS only (a test CA made now, which the gateway trusts). */
  tls?: boolean;
  /** The gateway offers SRTP with SDES keys (MEDIA_TRUNK_SRTP=sdes). */
  srtp?: boolean;
  /**
   * kamailio challenges every call (407, qop=auth, auth_db on db_text); the gateway has
   * `username` and `password` for the site acme in MEDIA_TRUNK_CREDENTIALS_FILE.
   */
  auth?: Pick<KamailioDigestAuth, 'realm' | 'algorithm'> & { username: string; password: string };
  editSites?: (sites: SitesFile) => void;
}

/** The API and the gateway in front of kamailio as the contact center's PBX (stack.ts). */
export interface KamailioTrunk {
  readonly stack: Stack;
  /** The gateway's JSON log lines so far (whole lines only: it may be writing one). */
  mediaLogLines(): Record<string, unknown>[];
  /** Restarts the gateway with the site's credentials naming `password` instead. */
  restartWithPassword(password: string): Promise<void>;
}

/**
 * The one set-up of the trunk tests against kamailio (digest auth, TLS and SRTP, and both):
 * one stack, calls allowed from one address, a single media worker.
 */
export async function startKamailioTrunk(
  rig: Rig,
  options: KamailioTrunkOptions,
): Promise<KamailioTrunk> {
  const { auth } = options;
  const credentialsFile = (name: string, password: string) => {
    const path = join(rig.dir.workDir('secrets'), name);
    const credentials = { sites: { acme: { username: auth?.username, password } } };
    writeFileSync(path, JSON.stringify(credentials), { mode: 0o600 });
    return path;
  };
  const stack = await startStack({
    processes: rig.processes,
    workDir: rig.dir.workDir('stack'),
    agents: options.agents,
    rebuildWidget: false,
    ...(options.tls ? { trunkTransport: 'tls' as const } : {}),
    ...(auth
      ? {
          editKamailioConfig: kamailioDigestAuth({
            realm: auth.realm,
            algorithm: auth.algorithm,
            users: { [auth.username]: auth.password },
            dbDir: rig.dir.workDir('kamailio-users'),
          }),
        }
      : {}),
    mediaEnv: {
      MEDIA_WORKERS: '1',
      ...(options.srtp ? { MEDIA_TRUNK_SRTP: 'sdes' } : {}),
      ...(auth
        ? { MEDIA_TRUNK_CREDENTIALS_FILE: credentialsFile('right.json', auth.password) }
        : {}),
    },
    editSites: (sites) => {
      allowCallsFromOneAddress(sites.sites.acme!, 1000);
      options.editSites?.(sites);
    },
  });
  let restarts = 0;
  return {
    stack,
    mediaLogLines: () =>
      readFileSync(stack.gateway().logPath, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{') && line.endsWith('}'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async restartWithPassword(password) {
      if (!auth) throw new Error('this trunk has no credentials (the auth option)');
      restarts += 1;
      await stopProcess(stack.gateway());
      await stack.restartGateway({
        MEDIA_TRUNK_CREDENTIALS_FILE: credentialsFile(`restart-${restarts}.json`, password),
      });
    },
  };
}
