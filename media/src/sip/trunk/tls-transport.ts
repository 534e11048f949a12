import { connect as connectTcp, isIP } from 'node:net';
import { checkServerIdentity, connect } from 'node:tls';
import { connected, startStreamTransport } from './stream-transport.ts';
import { TrunkCertificateError, TrunkUnreachableError } from './trunk-errors.ts';
import type { TrunkTransport, TrunkTransportOptions } from './trunk-transport.ts';

/**
 * SIP over TLS to one trunk (RFC 3261 26.3.1; one shared connection: stream-transport.ts).
 * The PBX's certificate must chain to the configured CA (or Node's public CAs) and name the
 * server: there is no way to skip either check, since a trunk whose certificate is not
 * checked could be anyone on the path, and with SDES it would get the call's SRTP keys.
 *
 * Our URIs stay `sip:` with `;transport=tls` on the Contact (and Via `SIP/2.0/TLS`), not
 * `sips:`. A SIPS URI asks for TLS on every hop to the agent's phone (RFC 5630 3.1.2), which
 * few contact centers' phones have; what the site asks for is this hop encrypted. CUCM's TLS
 * trunks, Asterisk's PJSIP TLS transport and Avaya's TLS entity links all send and expect
 * `sip:` with transport=tls, which also makes the PBX send its in-dialog requests back over
 * this connection (RFC 5630 3.1.3 deprecates the parameter for SIPS, not for this).
 */
export function startTlsTransport(options: TrunkTransportOptions): Promise<TrunkTransport> {
  const dial = (o: TrunkTransportOptions) => {
    const serverName = o.tls?.serverName ?? o.trunk.host;
    // TLS's own options have no local address: the TCP socket under it is bound first.
    const tcp = connectTcp({ host: o.trunk.host, port: o.trunk.port, localAddress: o.bindIp });
    tcp.setNoDelay(true);
    const s = connect({
      socket: tcp,
      // SNI carries host names only (RFC 6066 3); an IP is still checked against the certificate.
      ...(isIP(serverName) ? {} : { servername: serverName }),
      checkServerIdentity: (_host, certificate) => checkServerIdentity(serverName, certificate),
      ...(o.tls?.ca ? { ca: o.tls.ca.pem } : {}),
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    });
    return connected(s, 'secureConnect', o, (error) => {
      if (error === 'timeout')
        return new TrunkUnreachableError(
          `TLS connect to ${o.trunk.host}:${o.trunk.port} timed out after ${o.connectTimeoutMs} ms`,
        );
      if (isCertificateProblem(error)) {
        const trusted = o.tls?.ca ? `the CA file ${o.tls.ca.path}` : "Node.js's public CAs";
        return new TrunkCertificateError(
          `TLS certificate of ${o.trunk.host}:${o.trunk.port} refused (${error.code}: ${error.message}); ` +
            `checked against ${trusted} for the name ${serverName}`,
        );
      }
      return new TrunkUnreachableError(`TLS connect failed: ${error.code ?? error.message}`);
    });
  };
  return Promise.resolve(startStreamTransport('TLS', dial, options));
}

/**
 * OpenSSL's verification codes (X509_V_ERR_*, as Node names them) and Node's own name check:
 * the peer is there but not who it should be, unlike a refused or reset connection.
 */
function isCertificateProblem(error: NodeJS.ErrnoException): boolean {
  const code = error.code ?? '';
  return (
    code === 'ERR_TLS_CERT_ALTNAME_INVALID' ||
    /^(UNABLE_TO_|CERT_|DEPTH_ZERO_|SELF_SIGNED_|INVALID_CA|PATH_LENGTH_|HOSTNAME_MISMATCH)/.test(
      code,
    )
  );
}
