// End-to-end check of a mediasoup-worker binary, all on 127.0.0.1:
//  1. werift RTCPeerConnection -> WebRtcTransport (ICE + DTLS + SRTP decrypt)
//     -> Consumer on a PlainTransport -> local UDP socket;
//     and back to werift through a WebRtcTransport consumer (SRTP encrypt).
//  2. PlainTransport -> PlainTransport forwarding, plain RTP and over SRTP
//     with each crypto suite (the worker encrypts and decrypts).
// DTLS matters: a worker linked against a kTLS-enabled OpenSSL without the
// BIO_ctrl fix dies on the first DTLS flight.
// Run by verify-worker.sh from a scratch dir holding mediasoup and werift
// (resolved from the current directory), with MEDIASOUP_WORKER_BIN set.
import { createRequire } from 'node:module';
import dgram from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(`${process.cwd()}/`);
const mediasoup = require('mediasoup');
const werift = require('werift');

const IP = '127.0.0.1';
const OPUS = { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 };
const results = [];

function record(name, ok, detail) {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
}

async function udpSink() {
  const socket = dgram.createSocket('udp4');
  const packets = [];
  socket.on('message', (msg) => {
    const pt = msg[1] & 0x7f;
    // RTP only (RTCP packet types 200-207 show up as 72-79 here).
    if (msg.length >= 12 && msg[0] >> 6 === 2 && (pt < 72 || pt > 79)) packets.push(msg);
  });
  await new Promise((resolve) => socket.bind(0, IP, resolve));
  return { socket, packets, port: socket.address().port };
}

async function waitFor(what, predicate, ms = 10000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await predicate()) return true;
    await sleep(50);
  }
  throw new Error(`timeout waiting for ${what}`);
}

// Payload of an RTP packet, past CSRCs and header extensions.
function rtpPayload(p) {
  let off = 12 + 4 * (p[0] & 0x0f);
  if (p[0] & 0x10) off += 4 + 4 * p.readUInt16BE(off + 2);
  return p.subarray(off);
}

const intactPayload = (p) => rtpPayload(p).subarray(0, 8).toString() === 'ms-check';

function opusPayload(seq) {
  const payload = Buffer.alloc(80, seq & 0xff);
  payload.write('ms-check', 0);
  payload.writeUInt16BE(seq, 8);
  return payload;
}

async function webrtcCheck(router) {
  const transport = await router.createWebRtcTransport({
    listenInfos: [{ protocol: 'udp', ip: IP }],
    enableUdp: true,
    enableTcp: false,
  });
  const pc = new werift.RTCPeerConnection({
    codecs: {
      audio: [
        new werift.RTCRtpCodecParameters({ ...OPUS, mimeType: 'audio/opus', payloadType: 111 }),
      ],
    },
    headerExtensions: { audio: [] },
    iceUseIpv6: false,
    iceInterfaceAddresses: { udp4: IP },
    iceAdditionalHostAddresses: [IP],
  });
  try {
    const track = new werift.MediaStreamTrack({ kind: 'audio' });
    const sendTx = pc.addTransceiver(track, { direction: 'sendonly' });
    const recvTx = pc.addTransceiver('audio', { direction: 'recvonly' });
    const decrypted = new Map();
    await pc.setLocalDescription(await pc.createOffer());
    const offer = pc.localDescription.sdp;
    const fingerprint = /a=fingerprint:sha-256 (\S+)/.exec(offer)[1];
    const mids = [...offer.matchAll(/^a=mid:(\S+)/gm)].map((m) => m[1]);

    // mediasoup is DTLS server (answer a=setup:passive), werift the client.
    await transport.connect({
      dtlsParameters: {
        role: 'client',
        fingerprints: [{ algorithm: 'sha-256', value: fingerprint }],
      },
    });
    const producer = await transport.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ ...OPUS, payloadType: 111 }],
        encodings: [{ ssrc: sendTx.sender.ssrc }],
        headerExtensions: [],
        rtcp: { cname: 'werift', reducedSize: true },
      },
    });
    const echo = await transport.consume({
      producerId: producer.id,
      rtpCapabilities: { codecs: [{ ...OPUS, preferredPayloadType: 111 }], headerExtensions: [] },
    });
    const plain = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: IP },
      rtcpMux: true,
      comedia: false,
    });
    const sink = await udpSink();
    await plain.connect({ ip: IP, port: sink.port });
    const plainConsumer = await plain.consume({
      producerId: producer.id,
      rtpCapabilities: router.rtpCapabilities,
    });

    const { iceParameters: ice, iceCandidates, dtlsParameters } = transport;
    const fp = dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256');
    const cand = iceCandidates[0];
    const media = (mid, dir, extra) => [
      `m=audio ${cand.port} UDP/TLS/RTP/SAVPF 111`,
      `c=IN IP4 ${IP}`,
      `a=mid:${mid}`,
      `a=${dir}`,
      `a=ice-ufrag:${ice.usernameFragment}`,
      `a=ice-pwd:${ice.password}`,
      `a=candidate:${cand.foundation} 1 udp ${cand.priority} ${cand.address} ${cand.port} typ host`,
      'a=end-of-candidates',
      'a=setup:passive',
      'a=rtcp-mux',
      'a=rtpmap:111 opus/48000/2',
      ...extra,
    ];
    const echoSsrc = echo.rtpParameters.encodings[0].ssrc;
    const answer = [
      'v=0',
      `o=- 1 1 IN IP4 ${IP}`,
      's=-',
      't=0 0',
      'a=ice-lite',
      `a=group:BUNDLE ${mids.join(' ')}`,
      `a=fingerprint:sha-256 ${fp.value}`,
      ...media(mids[0], 'recvonly', []),
      ...media(mids[1], 'sendonly', [`a=msid:ms echo`, `a=ssrc:${echoSsrc} cname:mediasoup`]),
      '',
    ].join('\r\n');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer });

    await waitFor('werift connected', () => pc.connectionState === 'connected', 15000);
    recvTx.dtlsTransport.onRtp.subscribe(({ header: { ssrc }, payload }) => {
      if (payload.subarray(0, 8).toString() === 'ms-check')
        decrypted.set(ssrc, (decrypted.get(ssrc) ?? 0) + 1);
    });
    await waitFor('mediasoup DTLS connected', () => transport.dtlsState === 'connected');
    record(
      'ICE + DTLS between werift and the WebRtcTransport',
      true,
      `dtlsState=${transport.dtlsState}`,
    );

    for (let seq = 1; seq <= 50; seq++) {
      const header = new werift.RtpHeader({
        payloadType: 111,
        sequenceNumber: seq,
        timestamp: seq * 960,
        marker: seq === 1,
      });
      track.writeRtp(new werift.RtpPacket(header, opusPayload(seq)));
      await sleep(20);
    }
    await sleep(500);
    const pstats = await producer.getStats();
    const received = pstats.reduce((n, s) => n + (s.packetCount ?? 0), 0);
    record(
      'SRTP from werift decrypted by the worker (Producer)',
      received >= 40,
      `${received}/50 packets`,
    );
    const pt = plainConsumer.rtpParameters.codecs[0].payloadType;
    const ssrc = plainConsumer.rtpParameters.encodings[0].ssrc;
    const good = sink.packets.filter((p) => (p[1] & 0x7f) === pt && p.readUInt32BE(8) === ssrc);
    const intact = good.filter(intactPayload).length;
    record(
      'RTP out of the PlainTransport consumer on a UDP socket',
      good.length >= 40 && intact === good.length,
      `${good.length}/50 packets, ${intact} with intact payload`,
    );
    // Counted where werift's DTLS transport emits RTP it decrypted and
    // authenticated (its SSRC routing gives no track for this minimal SDP).
    const echoed = decrypted.get(echoSsrc) ?? 0;
    const estats = await echo.getStats();
    const echoSent = estats
      .filter((s) => s.type === 'outbound-rtp')
      .reduce((n, s) => n + (s.packetCount ?? 0), 0);
    record(
      'SRTP from the worker decrypted by werift (echo Consumer)',
      echoed >= 40,
      `worker sent ${echoSent}, werift decrypted ${echoed}/50 packets with intact payload`,
    );
    sink.socket.close();
    transport.close();
    plain.close();
  } finally {
    await pc.close();
  }
}

// source UDP -> plainIn (comedia) -> [plainA ==SRTP or RTP==> plainB] -> plainOut -> sink UDP
async function plainCheck(router, suite) {
  const listenInfo = { protocol: 'udp', ip: IP };
  const srtp = suite ? { enableSrtp: true, srtpCryptoSuite: suite } : {};
  const plainIn = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: true });
  const plainA = await router.createPlainTransport({
    listenInfo,
    rtcpMux: true,
    comedia: false,
    ...srtp,
  });
  const plainB = await router.createPlainTransport({
    listenInfo,
    rtcpMux: true,
    comedia: true,
    ...srtp,
  });
  const plainOut = await router.createPlainTransport({ listenInfo, rtcpMux: true, comedia: false });
  const sink = await udpSink();
  const source = dgram.createSocket('udp4');
  try {
    const sourceSsrc = 0x1111 + (suite ? suite.length : 0);
    const producerIn = await plainIn.produce({
      kind: 'audio',
      rtpParameters: { codecs: [{ ...OPUS, payloadType: 100 }], encodings: [{ ssrc: sourceSsrc }] },
    });
    await plainA.connect({
      ip: IP,
      port: plainB.tuple.localPort,
      ...(suite ? { srtpParameters: plainB.srtpParameters } : {}),
    });
    if (suite) await plainB.connect({ srtpParameters: plainA.srtpParameters });
    const consumerA = await plainA.consume({
      producerId: producerIn.id,
      rtpCapabilities: router.rtpCapabilities,
    });
    const producerB = await plainB.produce({
      kind: 'audio',
      rtpParameters: consumerA.rtpParameters,
    });
    await plainOut.connect({ ip: IP, port: sink.port });
    const consumerOut = await plainOut.consume({
      producerId: producerB.id,
      rtpCapabilities: router.rtpCapabilities,
    });

    for (let seq = 1; seq <= 50; seq++) {
      const pkt = Buffer.alloc(12);
      pkt[0] = 0x80;
      pkt[1] = 100;
      pkt.writeUInt16BE(seq, 2);
      pkt.writeUInt32BE(seq * 960, 4);
      pkt.writeUInt32BE(sourceSsrc, 8);
      source.send(Buffer.concat([pkt, opusPayload(seq)]), plainIn.tuple.localPort, IP);
      await sleep(10);
    }
    await sleep(500);
    const ssrc = consumerOut.rtpParameters.encodings[0].ssrc;
    const good = sink.packets.filter((p) => p.readUInt32BE(8) === ssrc);
    const intact = good.filter(intactPayload).length;
    const bStats = await producerB.getStats();
    const viaB = bStats.reduce((n, s) => n + (s.packetCount ?? 0), 0);
    record(
      `PlainTransport -> PlainTransport ${suite ? `over SRTP ${suite}` : 'plain RTP'}`,
      good.length >= 45 && intact === good.length && viaB >= 45,
      `${viaB}/50 through the receiving transport, ${good.length}/50 at the sink, ${intact} intact`,
    );
  } finally {
    source.close();
    sink.socket.close();
    for (const t of [plainIn, plainA, plainB, plainOut]) t.close();
  }
}

const workerBin = process.env.MEDIASOUP_WORKER_BIN;
if (!workerBin) throw new Error('set MEDIASOUP_WORKER_BIN');
const worker = await mediasoup.createWorker({
  logLevel: 'warn',
  workerBin,
  rtcMinPort: 40000,
  rtcMaxPort: 40999,
});
let died = null;
worker.on('died', (error) => {
  died = error;
});
console.log(
  `mediasoup ${mediasoup.version}, node ${process.version}, worker ${workerBin} (pid ${worker.pid})`,
);
const router = await worker.createRouter({ mediaCodecs: [OPUS] });

const checks = [
  ['WebRTC (werift)', () => webrtcCheck(router)],
  ['plain', () => plainCheck(router, null)],
  ...[
    'AES_CM_128_HMAC_SHA1_80',
    'AES_CM_128_HMAC_SHA1_32',
    'AEAD_AES_128_GCM',
    'AEAD_AES_256_GCM',
  ].map((suite) => [suite, () => plainCheck(router, suite)]),
];
for (const [name, run] of checks) {
  try {
    await run();
  } catch (error) {
    record(name, false, String(error?.stack ?? error));
  }
  if (died) break;
}
record(
  'worker process still alive',
  !died && !worker.died,
  died ? String(died) : `pid ${worker.pid}`,
);
worker.close();
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
