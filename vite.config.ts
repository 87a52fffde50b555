import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  // Relative asset URLs: the build works from any sub-path of a static host.
  base: './',
  publicDir: 'static',
  plugins: [svelte()],
  build: { target: 'es2022', chunkSizeWarningLimit: 1200 },
  worker: { format: 'es' },
  test: {
    include: ['test/**/*.test.ts'],
    // The blocking DuckDB bindings run synchronously in a forked process.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
