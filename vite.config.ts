import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // Relative asset URLs: the build works from any sub-path of a static host.
  base: './',
  publicDir: 'static',
  define: {
    // Written into saved assessments and assessment files.
    __APP_VERSION__: JSON.stringify(pkg.version),
  },
  plugins: [
    svelte(),
    // Offline for good: a service worker precaches every file of the build (DuckDB's wasm and
    // worker and the demo files included) on the first visit. A new version waits for the user's
    // **Update** (registerType 'prompt'); saved assessments live in IndexedDB and survive it.
    VitePWA({
      registerType: 'prompt',
      // Registered from the app (src/ui/state/pwa.svelte.ts), not by an injected script.
      injectRegister: false,
      includeManifestIcons: false,
      manifest: {
        name: 'Mesh Readiness',
        short_name: 'Mesh Readiness',
        description: 'How far an organisation is on the way to a Data Mesh — computed in your browser.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f5f7fa',
        theme_color: '#1f3a5f',
        icons: [{ src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
      },
      workbox: {
        globPatterns: ['**/*.{html,js,css,svg,wasm,csv,json}'],
        // The app loads only DuckDB's `eh` bundle; the `mvp` and threaded `coi` bundles are never
        // fetched, should they ever be copied into the build.
        globIgnores: ['**/*mvp*', '**/*coi*'],
        // DuckDB's wasm is 34 MB.
        maximumFileSizeToCacheInBytes: 40 * 1024 * 1024,
        // Hash routing: every navigation is index.html.
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: { target: 'es2022', chunkSizeWarningLimit: 1200 },
  worker: { format: 'es' },
  test: {
    include: ['test/**/*.test.ts'],
    // The blocking DuckDB bindings run synchronously in a forked process.
    pool: 'forks',
    // The browser tests share one production build.
    globalSetup: ['test/ui/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
