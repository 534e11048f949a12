import type { Transport } from 'sip.js/lib/core/index.js';

/** Where the trunk is and how we talk to it. */
export interface TrunkAddress {
  host: string;
  port: number;
  transport: 'udp' | 'tcp' | 'tls';
}

/** Our address as the trunk sees it, for Via sent-by and Contact. */
export interface LocalAddress {
  host: string;
  port: number;
}

/**
 * What the trunk client needs from a transport, on top of the sip.js core's two members
 * (`protocol` for the Via, `send`). One transport per trunk; every call shares it.
 */
export interface TrunkTransport extends Transport {
  readonly protocol: 'UDP' | 'TCP' | 'TLS';
  /** Resolves once we can send (TCP: connected, reconnecting if the connection dropped). */
  ready(): Promise<LocalAddress>;
  /** A response arrived (UDP: stops retransmitting the request it answers). */
  responseReceived(branch: string, cseqMethod: string, statusCode: number): void;
  /** Gives up on a request (UDP: stops its retransmissions). */
  abandon(branch: string, method: string): void;
  close(): Promise<void>;
}

export interface TrunkTransportOptions {
  trunk: TrunkAddress;
  /** Local IP to bind to (and announce in Via/Contact). */
  bindIp: string;
  /** Gets every message received, unparsed: the client validates it. */
  onMessage(text: string): void;
  /** A datagram or stream the transport itself refused (wrong source, unframable). */
  onDropped(reason: string): void;
  /** How long a TCP connect (and TLS handshake) may take before the trunk counts as unreachable. */
  connectTimeoutMs: number;
  /** With transport `tls`: whom to trust and which name to check. */
  tls?: TrunkTlsSettings;
}

/** What the PBX's TLS certificate is checked against; verification itself is always on. */
export interface TrunkTlsSettings {
  /** CA certificates (PEM) it must chain to, and their file for messages; unset: Node's public CAs. */
  ca?: { path: string; pem: string };
  /** The name it must carry (DNS or IP subjectAltName); unset: the trunk's host. */
  serverName?: string;
}
