// Kartenwand's service worker: after one visit the app opens with no network at all.
//
// What is cached is only the app itself (the shell `/` and the files it references). Boards
// live in localStorage and sync over websockets; neither ever passes through here, so a new
// app version can replace the cache without touching anyone's boards.
//
// - Navigations go to the network first (a newer app is picked up while online) and fall back
//   to the cached shell after a short wait: on a hotspot that hangs, the app still opens.
// - Files whose names trunk hashes (`name-<hex>.js`, `…_bg.wasm`, `….css`) never change: cache first.
// - Every fetched shell that differs from the cached one brings its files into the cache, and
//   files it no longer references leave it, so the cache holds exactly one version.
// - `/api/` and `/sync/` are never touched: creating a board offline must fail at once (the
//   app then makes a local board), and websockets never reach a service worker anyway.

const CACHE = 'kartenwand-app';
const SHELL = '/';
// Long enough for a slow but working network, short enough that nobody waits on a dead one.
const NAVIGATION_TIMEOUT_MS = 3000;

self.addEventListener('install', (event) => {
  // Precache from the network; a failure leaves the worker uninstalled and the browser
  // tries again on a later visit, which is better than a worker that cannot work offline.
  event.waitUntil(fetch(SHELL, { cache: 'no-cache' })
    .then((res) => adoptShell(res, { strict: true }))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  // Take over the page that registered us, so it is covered offline without a second visit.
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/sync/')) return;
  if (request.mode === 'navigate' || (request.headers.get('accept') ?? '').includes('text/html')) {
    event.respondWith(navigation(event));
  } else {
    event.respondWith(asset(event, url));
  }
});

/** Network first with a timeout; the cached shell when the network fails or is slow. */
async function navigation(event) {
  const network = fetch(event.request).then(async (res) => {
    // Only a real app page becomes the shell (not an error page, not the "not built" page).
    if (res.ok && !res.redirected && (res.headers.get('content-type') ?? '').includes('text/html')) {
      event.waitUntil(adoptShell(res.clone(), { strict: false }).catch(() => {}));
    }
    return res;
  });
  // The network keeps going in the background after a timeout, and still updates the cache.
  event.waitUntil(network.catch(() => {}));
  const timeout = new Promise((resolve) => setTimeout(resolve, NAVIGATION_TIMEOUT_MS, null));
  try {
    const res = await Promise.race([network, timeout]);
    if (res) return res;
  } catch {
    // Offline, or the server is down: the cache below.
  }
  const cached = await caches.match(SHELL, { cacheName: CACHE });
  return cached ?? network; // never visited with a worker: the network's own error
}

/**
 * Hashed files from the cache, else the network (and then cached). Other cached files (icons,
 * the manifest) are served from the cache too but refreshed in the background, since their
 * names stay the same when they change.
 */
async function asset(event, url) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(url.pathname);
  if (cached) {
    if (!hashed(url.pathname)) {
      event.waitUntil(fetch(url.pathname, { cache: 'no-cache' })
        .then((res) => (res.ok ? cache.put(url.pathname, res) : undefined))
        .catch(() => {}));
    }
    return cached;
  }
  const res = await fetch(event.request);
  if (res.ok && hashed(url.pathname)) event.waitUntil(cache.put(url.pathname, res.clone()).catch(() => {}));
  return res;
}

/**
 * Makes `res` (a fetched index.html) the cached shell if it is new: first every file it
 * references, then the shell itself, then old files go. If a file cannot be fetched the old
 * shell stays, so the cache never holds a shell whose files are missing. `strict` (install)
 * turns such a failure into an error.
 */
async function adoptShell(res, { strict }) {
  if (!res.ok) throw new Error(`shell: HTTP ${res.status}`);
  const html = await res.clone().text();
  const cache = await caches.open(CACHE);
  const old = await cache.match(SHELL);
  if (old && (await old.text()) === html) return;
  const wanted = referencedFiles(html);
  try {
    await Promise.all(wanted.map(async (path) => {
      if (hashed(path) && (await cache.match(path))) return;
      const file = await fetch(path, { cache: 'no-cache' });
      if (!file.ok) throw new Error(`${path}: HTTP ${file.status}`);
      await cache.put(path, file);
    }));
  } catch (e) {
    if (strict) throw e;
    return;
  }
  await cache.put(SHELL, res);
  const keep = new Set([SHELL, ...wanted]);
  for (const request of await cache.keys()) {
    if (!keep.has(new URL(request.url).pathname)) await cache.delete(request);
  }
}

/**
 * Same-origin files the page names: `href`/`src` attributes, and the quoted paths of trunk's
 * loader script (`init({ module_or_path: '/…_bg.wasm' })`).
 */
function referencedFiles(html) {
  const paths = new Set();
  for (const [, path] of html.matchAll(/["'](\/(?!\/)[^"'\s?#]*\.[A-Za-z0-9]+)["']/g)) {
    if (!path.startsWith('/api/') && !path.startsWith('/sync/') && path !== '/sw.js') paths.add(path);
  }
  return [...paths];
}

/**
 * trunk's content-hashed names, as in `kartenwand-6f977d572b43f260_bg.wasm`: a 64-bit hash in
 * hex without leading zeros, so sometimes fewer than 16 digits (same rule as server/src/assets.rs).
 */
function hashed(path) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name.split('-').slice(1).some((part) => /^[0-9a-f]{12}/.test(part));
}
