import { describe, expect, it } from 'vitest';
import { connectionTestUrl } from './connection-test-url.ts';

describe('connectionTestUrl', () => {
  it.each([
    ['a gateway on its own host', 'wss://h/sip', 'https://h/v1/connection-tests'],
    ['a gateway behind a path prefix', 'wss://h/media/sip', 'https://h/media/v1/connection-tests'],
    ['plain ws on its own port', 'ws://h:8090/sip', 'http://h:8090/v1/connection-tests'],
    [
      'one prefix per gateway node',
      'wss://cc.example.com/media/node-2/sip',
      'https://cc.example.com/media/node-2/v1/connection-tests',
    ],
    [
      'a non-default TLS port',
      'wss://h:8443/media/sip',
      'https://h:8443/media/v1/connection-tests',
    ],
    ['the default TLS port spelled out', 'wss://h:443/sip', 'https://h/v1/connection-tests'],
    ['a query and a fragment', 'wss://h/media/sip?node=2#x', 'https://h/media/v1/connection-tests'],
    ['a prefix ending in a slash', 'wss://h/media/', 'https://h/media/v1/connection-tests'],
  ])('%s: %s -> %s', (_name, gatewayUrl, testUrl) => {
    expect(connectionTestUrl(gatewayUrl)).toBe(testUrl);
  });
});
