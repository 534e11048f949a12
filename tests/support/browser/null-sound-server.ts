// A sound server with one silent output, for Firefox. Headless Chromium plays into a fake
// output of its own; headless Firefox needs a real one: without an output device its
// AudioContext never leaves 'suspended' (measured: ESR 153, with ALSA's null device and with
// media.cubeb.force_null_context alike), so no level meter, no recording, no analyser.
// PulseAudio with a null sink is what it plays into; nothing reaches a speaker.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnTracked, stopProcess } from '../../../infra/rig/processes.ts';
import { waitFor } from '../../../infra/rig/wait.ts';

export const PULSEAUDIO_PATH = '/usr/bin/pulseaudio';

export interface NullSoundServer {
  /** For the PULSE_SERVER variable of the programs that play into it. */
  readonly address: string;
  stop(): Promise<void>;
}

/** Starts PulseAudio on a socket in `dir` (its home and log too), with a null sink only. */
export async function startNullSoundServer(dir: string): Promise<NullSoundServer> {
  if (!existsSync(PULSEAUDIO_PATH)) {
    throw new Error(
      `${PULSEAUDIO_PATH} not found: install it with "apt-get install -y pulseaudio" ` +
        '(infra/bootstrap.sh --test does): Firefox has no audio without a sound server',
    );
  }
  const socket = join(dir, 'native');
  const server = spawnTracked({
    name: 'pulseaudio',
    command: PULSEAUDIO_PATH,
    args: [
      // No default script (no hardware, no D-Bus, no X11), stay in the foreground, forever.
      '-n',
      '--daemonize=no',
      '--exit-idle-time=-1',
      '--use-pid-file=no',
      '--disable-shm=yes',
      '--log-target=stderr',
      '--load=module-null-sink sink_name=silent',
      `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`,
    ],
    logDir: dir,
    env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir },
  });
  try {
    await waitFor(() => existsSync(socket), {
      timeoutMs: 15_000,
      what: `PulseAudio's socket ${socket}`,
      abort: () => (server.hasExited() ? `PulseAudio exited; log: ${server.logPath}` : undefined),
    });
  } catch (error) {
    await stopProcess(server);
    throw error;
  }
  return {
    address: `unix:${socket}`,
    async stop() {
      await stopProcess(server);
    },
  };
}
