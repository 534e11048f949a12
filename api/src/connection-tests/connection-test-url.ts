/**
 * Where the gateway serves connection tests, from the URL of its SIP WebSocket: the same
 * scheme family (`wss:` gives `https:`, `ws:` gives `http:`), host and port, and the same
 * base path, i.e. the path up to and including its last `/`, followed by
 * `v1/connection-tests`; any query or fragment is dropped. The last path segment is the
 * gateway's own SIP endpoint (MEDIA_SIP_WS_PATH, `/sip`); everything before it is a prefix a
 * reverse proxy strips, as it strips it for the WebSocket (infra/deploy/nginx/):
 *
 *   wss://cc.example.com/media/sip -> https://cc.example.com/media/v1/connection-tests
 *   wss://media.example.com/sip    -> https://media.example.com/v1/connection-tests
 *   ws://127.0.0.1:8090/sip        -> http://127.0.0.1:8090/v1/connection-tests
 */
export function connectionTestUrl(gatewayUrl: string): string {
  const base = new URL(gatewayUrl);
  // ws, wss, http and https are all "special" schemes: URL lets one become another.
  base.protocol = base.protocol === 'wss:' ? 'https:' : 'http:';
  // Resolved as a relative reference: the last segment goes, the base path stays.
  return new URL('v1/connection-tests', base).href;
}
