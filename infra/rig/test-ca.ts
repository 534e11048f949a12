// A certificate authority made at test time with Debian's minica (paultag/minica: `minica
// NAME` writes NAME.crt and NAME.key signed by cacert.crt, creating the CA on first use), so
// no key is ever kept in the repository.
import { spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const MINICA_BIN = '/usr/bin/minica';

export interface TestCertificate {
  /** The test CA's certificate (PEM), for clients that are told to trust it. */
  caFile: string;
  /** The server's certificate (PEM, signed by the test CA) and its private key. */
  certFile: string;
  keyFile: string;
  /**
   * base64 of the SHA-256 of the server certificate's public key (SubjectPublicKeyInfo, DER):
   * what Chromium's --ignore-certificate-errors-spki-list takes.
   */
  spkiSha256: string;
}

/** Issues a certificate for `name` from a CA created in `workDir`. */
export function issueTestCertificate(workDir: string, name: string): TestCertificate {
  if (!existsSync(MINICA_BIN)) {
    throw new Error(`${MINICA_BIN} not found: apt-get install -y minica`);
  }
  const made = spawnSync(MINICA_BIN, [name], { cwd: workDir, encoding: 'utf8' });
  const certFile = join(workDir, `${name}.crt`);
  if (made.status !== 0 || !existsSync(certFile)) {
    throw new Error(`minica ${name} failed (${made.status}): ${made.stderr}${made.stdout}`);
  }
  const spki = new X509Certificate(readFileSync(certFile)).publicKey.export({
    type: 'spki',
    format: 'der',
  });
  return {
    caFile: join(workDir, 'cacert.crt'),
    certFile,
    keyFile: join(workDir, `${name}.key`),
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
  };
}
