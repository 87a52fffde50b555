// The service worker (vite-plugin-pwa, generateSW): after one visit every asset, DuckDB's wasm
// and worker and the demo files come from the browser's cache, with no network at all. A new
// version waits until the user chooses **Update**; saved assessments are in IndexedDB, so the
// reload that follows loses nothing (any save under way is finished first).
import { registerSW } from 'virtual:pwa-register';

class Pwa {
  /** A new version is downloaded and waiting. */
  updateReady = $state(false);
  /** Everything is cached: the app works offline from now on. */
  offlineReady = $state(false);
  updating = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | null = null;

  start(): void {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    this.#update = registerSW({
      immediate: true,
      onNeedRefresh: () => (this.updateReady = true),
      onOfflineReady: () => (this.offlineReady = true),
      // Registration can fail (a private window, a file:// page): the app works without it.
      onRegisterError: () => undefined,
    });
  }

  /** Activates the waiting version; the page reloads when it takes over. `beforeReload`
   *  finishes what must not be lost (a save under way). */
  async update(beforeReload: () => Promise<void>): Promise<void> {
    this.updating = true;
    await beforeReload();
    await this.#update?.(true);
  }
}

export const pwa = new Pwa();
