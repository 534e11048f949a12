// A browser whose own network carries nothing but media: every HTTP request and WebSocket of
// a context is made by the test process instead (Playwright's route.fetch, and a `ws` client
// behind routeWebSocket), which sits in the test's namespace beside the services. A Chromium in
// a namespace that lets only TURN out then loads the widget, calls the API and signals to the
// gateway as usual, while WebRTC has to find its way through the TURN server.
import type { BrowserContext, WebSocketRoute } from 'playwright-core';
import WebSocket from 'ws';

/** Normal closure when the other side gave a code a client may not send (1005, 1006...). */
const sendableCode = (code: number | undefined) =>
  code === 1000 || (code !== undefined && code >= 3000 && code <= 4999) ? code : 1000;

/**
 * Relays one page WebSocket to its server from here. Playwright's own connectToServer() would
 * open the real socket from the page, through the browser's network.
 */
function relayWebSocket(page: WebSocketRoute, protocols: string[]): void {
  const server = new WebSocket(page.url(), protocols);
  const early: (string | Buffer)[] = [];
  page.onMessage((message) => {
    if (server.readyState === WebSocket.OPEN) server.send(message);
    else early.push(message);
  });
  let pageClosed = false;
  page.onClose((code, reason) => {
    pageClosed = true;
    server.close(sendableCode(code), reason);
  });
  server.on('open', () => {
    for (const message of early.splice(0)) server.send(message);
  });
  server.on('message', (data: Buffer, isBinary) => page.send(isBinary ? data : data.toString()));
  // An error is followed by close: the page hears of it once, with the reason.
  let why = '';
  server.on('error', (error) => (why = `server unreachable: ${error.message}`));
  server.on('close', (code, reason) => {
    if (pageClosed) return;
    // Rejects only when the page itself is gone (its context closed first): nobody to tell.
    page
      .close({ code: sendableCode(code), reason: why || reason.toString() })
      .catch(() => undefined);
  });
}

/** Serves `context`'s HTTP and WebSocket traffic from the test process. */
export async function signalFromDriver(
  context: BrowserContext,
  options: { webSocketProtocols: string[] },
): Promise<void> {
  await context.route('**/*', async (route) => {
    await route.fulfill({ response: await route.fetch({ maxRedirects: 0 }) });
  });
  await context.routeWebSocket(/^wss?:/, (page) =>
    relayWebSocket(page, options.webSocketProtocols),
  );
}
