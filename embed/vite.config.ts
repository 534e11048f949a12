import { build, defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;
// Classic scripts (IIFE): they must run when injected by a tag manager, without modules.
const target = 'es2020';

/**
 * embed-frame.js, beside embed.js: what only an open widget needs (src/frame-part.ts), which
 * embed.js fetches on the visitor's first sign of interest. A second build, as an IIFE cannot
 * be split; it leaves `ClickToCallFrame` for embed.js to call.
 */
const framePart = (): Plugin => ({
  name: 'click-to-call-frame-part',
  apply: 'build',
  async closeBundle() {
    await build({
      configFile: false,
      root,
      logLevel: 'warn',
      build: {
        outDir: 'dist',
        emptyOutDir: false,
        target,
        lib: {
          entry: 'src/frame-part.ts',
          name: 'ClickToCallFrame',
          formats: ['iife'],
          fileName: () => 'embed-frame.js',
        },
      },
    });
  },
});

export default defineConfig({
  root,
  plugins: [framePart()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target,
    lib: {
      entry: 'src/embed.ts',
      name: 'ClickToCallLoader',
      formats: ['iife'],
      fileName: () => 'embed.js',
    },
  },
});
