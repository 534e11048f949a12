import { defineConfig } from 'vitest/config';

// Three projects, run together by `npm test` (inside a private network namespace, see
// tests/run-suite.ts): unit tests beside the code, integration tests with a real mediasoup
// worker and real SIP peers, and browser journeys in real Chromium.
// expect.poll's own default (1 s) suits a unit test, not a browser loading code, opening the
// microphone or a stack answering beside Chromium, kamailio and baresip on two cores. A poll
// that checks how fast something happens says so with its own timeout.
const pollWhileServicesWork = { timeout: 10_000, interval: 50 };
// Starting a stack (services, kamailio, agents, Chromium) takes seconds alone and minutes when
// other work loads the two cores: a hook's timeout is a ceiling for a hang, not a speed check.
const startUpCeilingMs = 180_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            '{protocol,api,media,widget,embed,infra}/**/*.test.{ts,tsx}',
            'tests/lint/**/*.test.ts',
          ],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
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
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: startUpCeilingMs,
          fileParallelism: false,
          expect: { poll: pollWhileServicesWork },
        },
      },
    ],
  },
});
