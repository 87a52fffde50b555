// Hash routing: the app is served as static files from any sub-path, so the view lives in the
// fragment (`#/overview`, `#/domains/<key>`). Nothing here touches the network.

export const VIEWS = ['overview', 'autonomy', 'dependencies', 'domains', 'roadmap', 'inputs', 'workshop', 'saved', 'progress'] as const;
export type View = (typeof VIEWS)[number];

export interface Route {
  view: View;
  /** The domain key of `#/domains/<key>`, when there is one. */
  domain: string | null;
}

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const view = VIEWS.find((v) => v === parts[0]) ?? 'overview';
  let domain: string | null = null;
  if (view === 'domains' && parts[1]) {
    try {
      domain = decodeURIComponent(parts.slice(1).join('/'));
    } catch {
      domain = null;
    }
  }
  return { view, domain };
}

/** The only way a domain key reaches an `href`: behind a literal `#/domains/`, percent-encoded,
 *  so whatever a file calls its domain it stays a fragment of this page and never a scheme. */
export function domainHref(key: string): string {
  return `#/domains/${encodeURIComponent(key)}`;
}

class Router {
  route = $state<Route>(parseHash(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('hashchange', () => {
      this.route = parseHash(location.hash);
      window.scrollTo({ top: 0 });
    });
  }
}

export const router = new Router();
