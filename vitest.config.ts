import { defineConfig } from 'vitest/config';

// Four projects, run by `npm test` (inside a private network namespace, see
// tests/run-suite.ts) one after the other, in the order of their `groupOrder`: unit tests
// beside the code, integration tests with a real mediasoup worker and real SIP peers, browser
// journeys in real Chromium, and the deployment artefacts (container images built from the
// repo, the compose pilot and the Kubernetes manifests under podman). Deployment comes last:
// run-suite.ts builds its images in the background from the start, so they are ready by then.
// Integration and e2e tests each run one file at a time: they start stacks, cut ports with
// nftables and measure timings, none of which two files could do side by side.
// expect.poll's own default (1 s) suits a unit test, not a browser loading code, opening the
// microphone or a stack answering beside Chromium, kamailio and baresip on two cores. A poll
// that checks how fast something happens says so with its own timeout.
const pollWhileServicesWork = { timeout: 10_000, interval: 50 };
// Starting a stack (services, kamailio, agents, Chromium) takes seconds alone and minutes when
// other work loads the two cores: a hook's timeout is a ceiling for a hang, not a speed check.
const startUpCeilingMs = 180_000;

// Three test files at once where files may run side by side (unit tests): they wait on PGlite,
// sockets and timers more than they compute, and vitest's default on two cores (one file at a
// time) left a core idle: the unit project took 468 s alone, 273 s with three (same load).
const filesAtOnce = 3;

export default defineConfig({
  test: {
    maxWorkers: filesAtOnce,
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 1 },
          include: [
            '{protocol,api,media,widget,embed,infra}/**/*.test.{ts,tsx}',
            'tests/lint/**/*.test.ts',
            'tests/support/**/*.test.ts',
          ],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          sequence: { groupOrder: 2 },
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: startUpCeilingMs,
          fileParallelism: false,
          expect: { poll: pollWhileServicesWork },
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 3 },
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: startUpCeilingMs,
          fileParallelism: false,
          expect: { poll: pollWhileServicesWork },
        },
      },
      {
        test: {
          name: 'deploy',
          sequence: { groupOrder: 4 },
          include: ['tests/deploy/**/*.test.ts'],
          testTimeout: 300_000,
          // Building the images, when run-suite.ts's background build has not finished (or a
          // run of this project alone starts from nothing): ~12 min on a fresh machine.
          hookTimeout: 1_800_000,
          fileParallelism: false,
          expect: { poll: pollWhileServicesWork },
        },
      },
    ],
  },
});
