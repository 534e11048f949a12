import { maxSipMessageBytes } from '../core/incoming-message.ts';
/**
 * Splits a SIP byte stream (TCP) into messages by Content-Length (RFC 3261 18.3). Keep-alive
 * CRLFs between messages are skipped. A stream that cannot be framed (no Content-Length,
 * oversized headers or body) is unrecoverable: the caller must close the connection.
 */

export class SipFramingError extends Error {
  readonly code = 'sip_framing';
  override readonly name = 'SipFramingError';
}

const headerEnd = Buffer.from('\r\n\r\n');

export class StreamFramer {
  #buffer: Buffer = Buffer.alloc(0);

  /** Adds bytes from the socket; returns the complete messages (as latin1-safe UTF-8 text). */
  push(chunk: Buffer): string[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      let start = 0;
      while (
        start + 1 < this.#buffer.length &&
        this.#buffer[start] === 0x0d &&
        this.#buffer[start + 1] === 0x0a
      )
        start += 2;
      if (start > 0) this.#buffer = this.#buffer.subarray(start);
      const end = this.#buffer.indexOf(headerEnd);
      if (end < 0) {
        if (this.#buffer.length > maxSipMessageBytes)
          throw new SipFramingError('SIP headers too long');
        return messages;
      }
      const head = this.#buffer.subarray(0, end).toString('utf8');
      const length = /^(?:content-length|l)[ \t]*:[ \t]*(\d+)[ \t]*$/im.exec(head)?.[1];
      if (length === undefined) throw new SipFramingError('stream message without Content-Length');
      const bodyLength = Number(length);
      if (end + 4 + bodyLength > maxSipMessageBytes)
        throw new SipFramingError('SIP message too large');
      const total = end + 4 + bodyLength;
      if (this.#buffer.length < total) return messages;
      messages.push(this.#buffer.subarray(0, total).toString('utf8'));
      this.#buffer = this.#buffer.subarray(total);
    }
  }
}
