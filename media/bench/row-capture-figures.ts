import { analyseSignalling, audioDelays, type PlacedCall } from './capture-analysis.ts';
import { readUdpDatagrams } from './pcap-reader.ts';
import { readCapturedSip } from './sip-capture.ts';

/**
 * What a capture of calls placed in a row says about the gateway in the middle (ours or the
 * peer), the same way for both: set-up and answer time it added, and the audio delay it added
 * per packet. `problems` names what was too thin to measure (fewer than 20 calls paired, fewer
 * than 40 packets a call).
 */
export async function rowCaptureFigures(
  pcap: string,
  ports: { gatewayHttp: number; pbxSip: number },
  placed: PlacedCall[],
) {
  const inCapture = analyseSignalling(await readCapturedSip(pcap, ports), placed);
  const datagrams = readUdpDatagrams(pcap);
  const delays = inCapture.flatMap((call) => audioDelays(datagrams, call));
  const problems: string[] = [];
  if (inCapture.length < 20) problems.push(`only ${inCapture.length} calls paired in the capture`);
  if (delays.length < 20 * 40) problems.push(`only ${delays.length} RTP packets matched`);
  return {
    calls: inCapture.length,
    delays,
    setup: inCapture.map((call) => call.setupAddedMs),
    answer: inCapture.flatMap((call) =>
      call.answerAddedMs === undefined ? [] : [call.answerAddedMs],
    ),
    problems,
  };
}
