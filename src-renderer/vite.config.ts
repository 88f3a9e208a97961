// Builds the renderer into dist/renderer, which browser mode (src-main/web) serves and the
// Electron shell will load. The output has no inline scripts or styles, so it runs under the
// strict CSP those hosts set.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Never turn small assets into data: URLs or inline code; the CSP allows only files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
});
