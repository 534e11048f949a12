import { defineConfig } from 'vite';

// Built like the widget (same target, relative base), into the directory the test gives.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
