import type { KnipConfig } from 'knip';

// Unused files, exports and dependencies, run by infra/lint/unused-code.ts (`npm run lint`,
// `npm test`) twice: over everything, where a test's import counts as a use, then in
// production mode (`--production`), from the `!` patterns only, where it does not: code in
// src/ that only tests reach is reported there, so it cannot settle in again.

// Production mode follows only package.json's start script, not the postinstall one.
const production = process.argv.includes('--production');

const config: KnipConfig = {
  entry: [
    // What ships: the services, the supervisor tool, the widget, the embed loader, and the
    // worker threads the API starts by file URL (new Worker(new URL(...))).
    'api/src/main.ts!',
    'api/src/add-supervisor.ts!',
    'api/src/signing-keys.ts!',
    'api/src/storage/pglite-thread.ts!',
    'api/src/tokens/signing-thread.ts!',
    'media/src/main.ts!',
    // Scripts run by path: npm scripts, benches, and what tests start as processes or pages.
    'infra/mediasoup-worker/verify/check-worker.mjs',
    '{api,media,widget}/bench/*.ts',
    'tests/support/caller/worker-dump-probe.ts',
    'tests/support/flood/*-process.ts',
    'tests/support/dual-homed/visitor-call.ts',
    'tests/support/connection-test/connection-test-page.tsx',
  ],
  project: [
    '{api,media,widget,embed,protocol}/**/*.{ts,tsx}!',
    '!**/*.test.{ts,tsx}!',
    '!{api,media,widget}/bench/**!',
    'infra/**/*.{ts,js,mjs}',
    'tests/**/*.{ts,tsx}',
    '*.{ts,js}',
  ],
  ignoreExportsUsedInFile: true,
  // Debian's (infra/system-packages.sh, util-linux): no npm package provides them.
  ignoreBinaries: ['wrk', 'unshare', 'tcpdump', 'runuser', 'chrt', 'podman-compose'],
  // The postinstall script runs it on every install, production ones too.
  ignoreDependencies: production ? ['patch-package'] : [],
  vite: {
    config: [
      'widget/vite.config.ts',
      'embed/vite.config.ts',
      'tests/support/e2e/sound-check-page/vite.config.ts',
    ],
  },
};

export default config;
