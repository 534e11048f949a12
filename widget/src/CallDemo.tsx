import { useState } from 'preact/hooks';
import { visitorApi } from './api/visitor-api.ts';
import { CallScreen, type CallSetup } from './call/CallScreen.tsx';
import { embedderNotifier } from './embedder.ts';
import { messagesFor } from './i18n/messages-for.ts';

/**
 * hCaptcha's documented test response: what its widget returns for the test site key. The
 * call screen alone has no captcha step yet (the journey adds it); the API still verifies
 * this response through the configured siteverify endpoint, exactly as a real one.
 */
const hcaptchaTestResponse = '10000000-aaaa-bbbb-cccc-000000000001';

export interface CallDemoProps {
  apiUrl: string;
  /** Overrides the site's gateway (development). */
  gatewayUrl?: string;
  siteId: string;
  routing: { intent: string; language: string; country: string };
  /** The embedding page's origin (from embed.js), for its analytics events. */
  parentOrigin: string | null;
}

/** The call screen wired to the API and the gateway: enough to place a real call. */
export function CallDemo({ apiUrl, gatewayUrl, siteId, routing, parentOrigin }: CallDemoProps) {
  const notify = embedderNotifier(parentOrigin);
  const [queueName, setQueueName] = useState('');
  const api = visitorApi(apiUrl);
  const requestCall = async (): Promise<CallSetup> => {
    const site = await api.siteConfig(siteId);
    const session = await api.createSession(siteId, hcaptchaTestResponse);
    const grant = await api.createCall(session.sessionToken, routing);
    if (grant.kind !== 'call') throw new Error(`no call possible now: ${grant.reason}`);
    setQueueName(grant.queueDisplayName);
    return {
      gatewayUrl: gatewayUrl ?? site.media.gatewayUrl,
      callToken: grant.callToken,
      iceServers: site.media.iceServers as RTCIceServer[],
    };
  };
  return (
    <CallScreen
      queueName={queueName}
      requestCall={requestCall}
      messages={messagesFor(routing.language, navigator.language)}
      onEvent={notify}
    />
  );
}
