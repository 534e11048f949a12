// `npm start`: the product on its embedded defaults, with a contact center to talk to: the
// API (embedded PGlite) hosting the widget and its embed loader, the media gateway, a sample
// marketing page with the snippet, kamailio as the PBX and
// a baresip agent answering each demo queue. Ctrl-C (or SIGTERM) stops everything.
import { join } from 'node:path';
import { z } from 'zod';
import { loadEnvConfig } from '../../protocol/config/env-config.ts';
import { PortSchema } from '../../protocol/config/port.ts';
import { ProcessRegistry } from '../rig/processes.ts';
import { REPO_ROOT } from '../rig/run-dir.ts';
import { demoSupervisor, provideDemoSupervisor } from './demo-supervisor.ts';
import { startDemoRecordings } from './demo-recordings.ts';
import { startStack } from './stack.ts';

const DemoConfigSchema = z.strictObject({
  /** API port. */
  apiPort: PortSchema.default(8080),
  /** Media gateway port (health checks and the browsers' SIP WebSocket). */
  mediaPort: PortSchema.default(8090),
  /** Port of the sample marketing page that embeds the widget. */
  demoPort: PortSchema.default(8000),
  /** kamailio's SIP port (UDP and TCP), standing in for the contact center's PBX. */
  sipPort: PortSchema.default(5060),
  /** Where the demo keeps its database, configs, recordings and logs. */
  dataDir: z
    .string()
    .min(1)
    .default(join(REPO_ROOT, '.data', 'demo')),
  /** How the gateway reaches the PBX. */
  trunkTransport: z.enum(['udp', 'tcp']).default('udp'),
});
const config = loadEnvConfig(
  'demo',
  DemoConfigSchema,
  {
    apiPort: 'API_PORT',
    mediaPort: 'MEDIA_PORT',
    demoPort: 'DEMO_SITE_PORT',
    sipPort: 'DEMO_SIP_PORT',
    trunkTransport: 'MEDIA_TRUNK_TRANSPORT',
    dataDir: 'DEMO_DATA_DIR',
  },
  process.env,
);

const workDir = config.dataDir;
const processes = new ProcessRegistry(join(workDir, 'logs'));
const demoQueues = [
  'support-en',
  'sales-en',
  'billing-en',
  'general-es',
  'general-fr',
  'general-de',
];

let stopping = false;
async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  await processes.stopAll().catch(() => undefined);
  await stack?.stop().catch(() => undefined);
  process.exit(exitCode);
}
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

let stack: Awaited<ReturnType<typeof startStack>> | undefined;
try {
  const recordingsDir = startDemoRecordings(workDir);
  const supervisorPasswordFile = provideDemoSupervisor(join(workDir, 'api-data'));
  stack = await startStack({
    processes,
    workDir,
    recordingsDir,
    // What a contact center's first start does: the API makes its database.
    freshApiDatabase: true,
    agents: demoQueues.map((queue) => ({ queue })),
    trunkTransport: config.trunkTransport,
    ports: {
      api: config.apiPort,
      media: config.mediaPort,
      sip: config.sipPort,
      demo: config.demoPort,
    },
  });
  const widget = new URL(stack.widgetUrl);
  widget.searchParams.set('site', 'acme');
  console.error(
    [
      '',
      'click-to-call is running:',
      `  demo     ${stack.demoUrl}  (a marketing page with the embed snippet)`,
      `  widget   ${widget}`,
      `  api      ${stack.apiUrl}  (OpenAPI: ${stack.apiUrl}/openapi.json)`,
      `  review   ${stack.apiUrl}/supervisor  (sign in as ${demoSupervisor}, password in ${supervisorPasswordFile})`,
      `  media    ${stack.gatewayUrl.replace(/^ws/, 'http').replace(/\/sip$/, '')}  (SIP WebSocket: ${stack.gatewayUrl})`,
      `  pbx      kamailio on 127.0.0.1:${stack.kamailio.port}, agents answering ${demoQueues.join(', ')}`,
      `  logs     ${join(workDir, 'logs')}`,
      `  calls    recorded by the agents in ${recordingsDir} (the last few runs are kept)`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  // A service that dies takes the demo down with it: a broken start never looks like a working one.
  for (const tracked of processes.list()) {
    void tracked.exited.then(() => {
      if (stopping) return;
      console.error(`start: ${tracked.name} exited (log: ${tracked.logPath}); stopping the rest`);
      void stop(1);
    });
  }
} catch (error) {
  console.error(`start: ${String(error)}`);
  await stop(1);
}
