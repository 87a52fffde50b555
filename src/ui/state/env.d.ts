// Build-time values (vite.config.ts `define`) and the PWA plugin's virtual module.
/// <reference types="vite-plugin-pwa/vanillajs" />

/** The app's version, from package.json. */
declare const __APP_VERSION__: string;
