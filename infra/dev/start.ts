// `npm start`: brings up the product on its embedded defaults: the API and the media gateway
// (with its mediasoup worker), each as its own process, and waits until both are ready.
// Ctrl-C (or SIGTERM) stops them all. A service that dies takes the others down with it, so a
// broken start never looks like a working one.
import { spawn, type ChildProcess } from 'node:child_process';
import { loadApiConfig } from '../../protocol/config/api-config.ts';
import { loadMediaConfig } from '../../protocol/config/media-config.ts';
import { waitUntilReady } from './wait-until-ready.ts';

const api = loadApiConfig(process.env);
const media = loadMediaConfig(process.env);

const services: { name: string; entry: string; readyUrl: string }[] = [
  { name: 'api', entry: 'api/src/main.ts', readyUrl: `http://${api.host}:${api.port}/readyz` },
  {
    name: 'media',
    entry: 'media/src/main.ts',
    readyUrl: `http://${media.host}:${media.port}/readyz`,
  },
];

const children: ChildProcess[] = [];
let stopping = false;

function stopAll(exitCode: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }, 5000);
  Promise.all(
    children.map((child) =>
      child.exitCode === null ? new Promise((r) => child.once('exit', r)) : null,
    ),
  ).then(() => {
    clearTimeout(deadline);
    process.exit(exitCode);
  });
}

for (const service of services) {
  const child = spawn(process.execPath, [service.entry], { stdio: 'inherit', env: process.env });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`start: ${service.name} exited (${signal ?? code}); stopping the rest`);
    stopAll(1);
  });
  children.push(child);
}
process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

try {
  await Promise.all(services.map((service) => waitUntilReady(service.readyUrl, 30_000)));
  console.error(
    [
      '',
      'click-to-call is running:',
      ...services.map(
        (service) => `  ${service.name.padEnd(6)} ${service.readyUrl.replace(/\/readyz$/, '')}`,
      ),
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (error) {
  console.error(`start: ${String(error)}`);
  stopAll(1);
}
