import { defineConfig } from 'vitest/config';

// The deployment artefacts under test (infra/deploy/): container images built from the repo,
// the compose pilot and the Kubernetes manifests under podman. Their own script for now
// (`npm run test:deploy`): a fresh machine spends ~12 min building the images once.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'deploy',
          include: ['tests/deploy/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 1_200_000,
          fileParallelism: false,
          expect: { poll: { timeout: 10_000, interval: 50 } },
        },
      },
    ],
  },
});
