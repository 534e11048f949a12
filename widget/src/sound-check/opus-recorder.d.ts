// opus-recorder ships no types: the part of its API (8.0.5) the sound check uses.
declare module 'opus-recorder' {
  export interface RecorderConfig {
    /** The worker (AudioWorklet module) that encodes: waveWorker.min.js writes WAV. */
    encoderPath?: string;
    /** Our own source: then opening and closing the stream and its context is ours. */
    sourceNode?: MediaStreamAudioSourceNode;
    mediaTrackConstraints?: MediaTrackConstraints | boolean;
    numberOfChannels?: 1 | 2;
    wavBitDepth?: 8 | 16 | 24 | 32;
    monitorGain?: number;
    recordingGain?: number;
  }

  export default class Recorder {
    constructor(config?: RecorderConfig);
    static isRecordingSupported(): boolean;
    start(): Promise<void>;
    stop(): Promise<void>;
    close(): Promise<void>;
    /** The whole file once stopped (streamPages off). */
    ondataavailable: (data: Uint8Array<ArrayBuffer>) => void;
    onstart: () => void;
    onstop: () => void;
  }
}
