import { Inviter, SessionState, UserAgent, type Core, type Session, type Web } from 'sip.js';
import { callEndCodeFrom, type VisitorCallEndCode } from '../../../protocol/call-end-reason.ts';
import type { CallUpdate } from '../../../protocol/call-update.ts';
import { CallFailure, microphoneFailure } from './call-failure.ts';

export interface CallClientOptions {
  /** The gateway's SIP-over-WebSocket URL, e.g. wss://media.example.com/sip. */
  gatewayUrl: string;
  /** The short-lived call token from the API; it travels as an RFC 8898 bearer token. */
  callToken: string;
  /** STUN/TURN servers from the call grant (TURN with a credential minted for it); none on a LAN. */
  iceServers: RTCIceServer[];
  /** Where the agent's audio plays. */
  audio: HTMLAudioElement;
  /** The microphone the visitor picked in the sound check; the default one otherwise. */
  microphoneId?: string;
  onRinging(): void;
  onAnswered(): void;
  onAgentName(name: string): void;
  /** The agent put the call on hold (true) or took it back (false). */
  onHold(held: boolean): void;
  /** A blind transfer: another agent's phone rings (true), the call is through again (false). */
  onTransfer(transferring: boolean): void;
  onEnded(code: VisitorCallEndCode): void;
}

export interface CallClient {
  hangUp(): void;
  setMuted(muted: boolean): void;
  /** Sends a keypad key to the contact center (the gateway plays it as an RFC 4733 event). */
  sendDigits(digits: string): boolean;
  /** The call's WebRTC connection once it exists, for its stats (the quality warnings). */
  peerConnection(): RTCPeerConnection | undefined;
}

/**
 * A browser SIP call to the gateway with sip.js: one WebSocket, one INVITE carrying the call
 * token, the agent's audio (early media too: ringback and queue announcements) in `audio`.
 * Rejects with a CallFailure when the call cannot be placed (gateway unreachable, microphone
 * refused); after that, every end is told once through `onEnded`.
 */
export async function startCall(options: CallClientOptions): Promise<CallClient> {
  let ended = false;
  const end = (code: VisitorCallEndCode) => {
    if (ended) return;
    ended = true;
    options.onEnded(code);
    void userAgent.stop().catch(() => undefined);
  };
  const userAgent = new UserAgent({
    uri: UserAgent.makeURI('sip:visitor@click-to-call.invalid'),
    transportOptions: { server: options.gatewayUrl, traceSip: false },
    sessionDescriptionHandlerFactoryOptions: {
      peerConnectionConfiguration: { iceServers: options.iceServers },
    },
    logBuiltinEnabled: false,
    // Once started, a dropped WebSocket is a lost connection (the visitor's network or our
    // gateway); before that, start() fails below with gateway_unreachable.
    delegate: { onDisconnect: () => end('connection_lost') },
  });
  await userAgent.start().catch((error: unknown) => {
    ended = true; // nothing was placed: the rejection is the only word on it
    throw new CallFailure('gateway_unreachable', { cause: error });
  });
  // The gateway routes by the token's claims only; this URI just has to be the gateway's own.
  const target = UserAgent.makeURI('sip:gateway@click-to-call.invalid');
  if (!target) throw new Error('invalid target URI');
  const inviter = new Inviter(userAgent, target, {
    earlyMedia: true,
    extraHeaders: [`Authorization: Bearer ${options.callToken}`],
    sessionDescriptionHandlerOptions: {
      // The browser's echo cancellation matters: many visitors talk through laptop speakers.
      constraints: {
        audio: {
          echoCancellation: true,
          autoGainControl: true,
          noiseSuppression: true,
          ...(options.microphoneId ? { deviceId: { exact: options.microphoneId } } : {}),
        },
        video: false,
      },
    },
  });
  const playRemote = (session: Session) => {
    const handler = session.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
    if (!handler) return;
    options.audio.srcObject = handler.remoteMediaStream;
    void options.audio.play().catch(() => undefined);
  };
  const agentFrom = (response: Core.IncomingResponse) => {
    const name = /^\s*"([^"]{1,80})"/.exec(
      response.message.getHeader('P-Asserted-Identity') ?? '',
    )?.[1];
    if (name) options.onAgentName(name);
  };
  inviter.delegate = {
    onSessionDescriptionHandler: () => playRemote(inviter),
    onBye: (bye) =>
      end(callEndCodeFrom(bye.request.getHeader('Reason'), undefined, 'agent_hung_up')),
    onInfo: (info) => {
      const update = parseCallUpdate(info.request.body);
      if (update.transferring !== undefined) options.onTransfer(update.transferring);
      if (update.agentName) options.onAgentName(update.agentName);
      if (update.held !== undefined) options.onHold(update.held);
      void info.accept();
    },
  };
  inviter.stateChange.addListener((state) => {
    if (state === SessionState.Established) playRemote(inviter);
    // sip.js reports Terminated before the rejection or BYE that caused it: let those name the reason.
    if (state === SessionState.Terminated) setTimeout(() => end('visitor_hung_up'), 0);
  });
  const invited = inviter.invite({
    requestDelegate: {
      onProgress: (response) => {
        agentFrom(response);
        if (response.message.statusCode === 180 || response.message.statusCode === 183)
          options.onRinging();
      },
      onAccept: (response) => {
        // Answered first: a PBX answering without ringing names the agent in its 200 only,
        // and a name is kept once the call rings or talks.
        options.onAnswered();
        agentFrom(response);
      },
      onReject: (response) =>
        end(
          callEndCodeFrom(
            response.message.getHeader('Reason'),
            response.message.statusCode ?? 500,
            'trunk_error',
          ),
        ),
    },
  });
  await invited.catch((error: unknown) => {
    // The microphone is asked for here: a refusal ends the attempt with its own reason.
    const failure = microphoneFailure(error) ?? new CallFailure('gateway_error', { cause: error });
    ended = true;
    void userAgent.stop().catch(() => undefined);
    throw failure;
  });

  const handler = () =>
    inviter.sessionDescriptionHandler as Web.SessionDescriptionHandler | undefined;
  return {
    hangUp() {
      if (inviter.state === SessionState.Established) void inviter.bye();
      else if (
        inviter.state === SessionState.Establishing ||
        inviter.state === SessionState.Initial
      )
        void inviter.cancel();
      end('visitor_hung_up');
    },
    setMuted: (muted) => handler()?.enableSenderTracks(!muted),
    peerConnection: () => handler()?.peerConnection,
    sendDigits(digits) {
      if (inviter.state !== SessionState.Established || !/^[0-9A-D*#]$/.test(digits)) return false;
      // In-band RFC 4733 events from the browser's own RTCDTMFSender when the gateway answered
      // with telephone-event (the PBX takes them): they ride the audio stream, timed by the
      // browser. Otherwise SIP INFO, and the gateway plays the events to the PBX.
      if (handler()?.sendDtmf(digits, { duration: 120, interToneGap: 70 })) return true;
      const content = `Signal=${digits}\r\nDuration=160\r\n`;
      void inviter.info({
        requestOptions: {
          body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content },
        },
      });
      return true;
    },
  };
}

/** The gateway's in-call update (protocol/call-update.ts), checked by hand: no zod in the widget. */
function parseCallUpdate(body: string): CallUpdate {
  try {
    const { agentName, held, transferring } = JSON.parse(body) as Record<string, unknown>;
    return {
      ...(typeof agentName === 'string' && agentName.length > 0 && agentName.length <= 80
        ? { agentName }
        : {}),
      ...(typeof held === 'boolean' ? { held } : {}),
      ...(typeof transferring === 'boolean' ? { transferring } : {}),
    };
  } catch {
    return {};
  }
}
