import { defineConfig } from 'vite';

// One small classic script (IIFE): it must run when injected by a tag manager, without modules.
export default defineConfig({
  root: import.meta.dirname,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    lib: {
      entry: 'src/embed.ts',
      name: 'ClickToCallLoader',
      formats: ['iife'],
      fileName: () => 'embed.js',
    },
  },
});
