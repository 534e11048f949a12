// The secrets a deployment of the API and the gateway needs, made at test time (none is kept
// in the repository), owned by the images' user (10001), as an operator would lay them out.
import { randomBytes } from 'node:crypto';
import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyFile, writeKeyFile } from '../../../api/src/tokens/key-file.ts';

/** The uid and gid the API and gateway images run as. */
export const imageUser = 10001;

export interface DeploymentSecrets {
  /** The folder holding signing-keys.json (and turn-secret): readable by the images' user. */
  filesDir: string;
  /** API_SERVICE_TOKEN = MEDIA_API_SERVICE_TOKEN. */
  serviceToken: string;
  /** The TURN REST shared secret, also in `turn-secret`. */
  turnSecret: string;
}

/** A random secret of the form the services accept (`openssl rand -base64 48`). */
export const randomSecret = () => randomBytes(36).toString('base64url');

export async function makeDeploymentSecrets(filesDir: string): Promise<DeploymentSecrets> {
  mkdirSync(filesDir, { recursive: true, mode: 0o700 });
  const keysFile = join(filesDir, 'signing-keys.json');
  await writeKeyFile(keysFile, await generateKeyFile(new Date()));
  const turnSecret = randomSecret();
  writeFileSync(join(filesDir, 'turn-secret'), `${turnSecret}\n`, { mode: 0o600 });
  for (const path of [filesDir, keysFile, join(filesDir, 'turn-secret')])
    chownSync(path, imageUser, imageUser);
  return { filesDir, serviceToken: randomSecret(), turnSecret };
}
