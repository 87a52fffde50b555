import { defineConfig } from 'vite';

// The command line is the same engine bundled for Node: SQL files come in through `?raw`
// exactly as in the browser build, and packages stay external.
export default defineConfig({
  build: {
    ssr: 'src/cli/assess.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { output: { entryFileNames: 'assess.js', banner: '#!/usr/bin/env node' } },
  },
});
