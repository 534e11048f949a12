import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueTestCertificate, type TestCertificate } from '../../../../infra/rig/test-ca.ts';
import { TrunkCertificateError, TrunkUnreachableError } from './trunk-errors.ts';
import { startTlsTransport } from './tls-transport.ts';
import type { TrunkTlsSettings } from './trunk-transport.ts';

// The TLS transport against a real TLS server whose certificate a test CA issued for
// 127.0.0.1: it connects and carries framed SIP only when the CA file trusts that certificate
// and the certificate names the server; anything else is a certificate error naming the cause.

const options = `OPTIONS sip:pbx SIP/2.0\r\nVia: SIP/2.0/TLS 127.0.0.1:1;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n`;
const reply = `SIP/2.0 200 OK\r\nVia: SIP/2.0/TLS 127.0.0.1:1;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n`;

let dir: string;
let pbxCert: TestCertificate;
let otherCa: TestCertificate;
let server: Server;
let port: number;
const seenByServer: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tls-transport-'));
  pbxCert = issueTestCertificate(caDir('pbx-ca'), '127.0.0.1');
  otherCa = issueTestCertificate(caDir('other-ca'), '127.0.0.1');
  server = createServer(
    { cert: readFileSync(pbxCert.certFile), key: readFileSync(pbxCert.keyFile) },
    (socket: TLSSocket) => {
      socket.on('data', (data: Buffer) => {
        seenByServer.push(data.toString('utf8'));
        socket.write(reply);
      });
      socket.on('error', () => undefined);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** A folder of its own per CA: minica keeps its CA as cacert.crt in the folder it runs in. */
function caDir(name: string): string {
  const path = join(dir, name);
  mkdirSync(path);
  return path;
}

const ca = (cert: TestCertificate) => ({
  path: cert.caFile,
  pem: readFileSync(cert.caFile, 'utf8'),
});

async function transport(tls: TrunkTlsSettings, received: string[] = []) {
  return startTlsTransport({
    trunk: { host: '127.0.0.1', port, transport: 'tls' },
    bindIp: '127.0.0.1',
    onMessage: (message) => received.push(message),
    onDropped: () => undefined,
    connectTimeoutMs: 5_000,
    tls,
  });
}

describe('SIP over TLS to the trunk', () => {
  it('carries SIP both ways when the CA file trusts the certificate and it names the server', async () => {
    const received: string[] = [];
    const t = await transport({ ca: ca(pbxCert) }, received);
    try {
      expect(t.protocol).toBe('TLS');
      const local = await t.ready();
      expect(local.host).toBe('127.0.0.1');
      expect(local.port).toBeGreaterThan(0);
      await t.send(options);
      await expect.poll(() => received).toEqual([reply]);
      expect(seenByServer.join('')).toContain('OPTIONS sip:pbx SIP/2.0');
    } finally {
      await t.close();
    }
  });

  it('refuses a certificate the CA file does not trust, naming the problem and the file', async () => {
    const t = await transport({ ca: ca(otherCa) });
    const failure = await t.ready().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TrunkCertificateError);
    expect((failure as Error).message).toMatch(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED/);
    expect((failure as Error).message).toContain(otherCa.caFile);
    expect((failure as TrunkCertificateError).endReason).toMatchObject({
      code: 'trunk_unreachable',
      cause: 'trunk_tls_certificate',
    });
    await t.close();
  });

  it('refuses a trusted certificate that names another server', async () => {
    const t = await transport({ ca: ca(pbxCert), serverName: 'pbx.example.test' });
    const failure = await t.ready().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TrunkCertificateError);
    expect((failure as Error).message).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID.*pbx\.example\.test/);
    await t.close();
  });

  it('trusts only public CAs without a CA file: a private CA is refused', async () => {
    const t = await transport({});
    const failure = await t.ready().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TrunkCertificateError);
    expect((failure as Error).message).toContain('public CAs');
    await t.close();
  });

  it('tells a closed port from a certificate problem', async () => {
    const t = await startTlsTransport({
      trunk: { host: '127.0.0.1', port: 1, transport: 'tls' },
      bindIp: '127.0.0.1',
      onMessage: () => undefined,
      onDropped: () => undefined,
      connectTimeoutMs: 5_000,
    });
    const failure = await t.ready().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TrunkUnreachableError);
    expect((failure as Error).message).toMatch(/ECONNREFUSED/);
    await t.close();
  });
});
