import { defineConfig } from 'vite';

// The widget is a small Preact app; sip.js is split into its own chunk, loaded on CLICK TO CALL.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
});
