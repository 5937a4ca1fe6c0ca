// Loket's service worker. The server prepends VERSION, PRECACHE and OFFLINE_SHELL (computed
// from the built site), so a new build is a new worker.
//
// - Hashed assets (/pkg/…), icons, manifest: cache first (their names change when they change).
// - Page loads: network first, with a time limit when a cached copy exists; offline, the cached
//   page, or else the offline shell, which the app renders from the phone's own catalogue. The
//   pages open when a worker takes over (loaded before any worker could keep them: a first
//   visit from a shared link, /kinerja) are kept then, so a page read once opens offline.
//   Kept pages drawn from the catalogue are dropped when the phone's catalogue changes.
// - /api/…: never cached here (the app keeps its data in IndexedDB).
// - /auth/…: sign-in with an identity provider (its start and callback): passed through, never
//   answered from a cache or the offline shell.
// - Pages that show who is signed in (/akun, the back office /staff…): never cached, so a
//   shared phone shows nobody's login after sign-out. /akun offline is the offline shell.
// - A new version installs and waits; the app offers "Perbarui / Update", which sends
//   SKIP_WAITING. Old caches go when the new worker activates, so an old page never meets a
//   new WASM. A worker only ever reads its caches without creating them, and writes to them only
//   while it is not replaced: work an old worker still had in hand (a fetch, a message) must not
//   bring back a cache its successor deleted.

const SHELL_CACHE = `loket-shell-${VERSION}`;
const PAGE_CACHE = `loket-pages-${VERSION}`;
const NETWORK_TIMEOUT_MS = 4000;

// The signed-in person's own pages: always from the network, never written to a cache.
function isPersonal(pathname) {
  return pathname === '/akun' || pathname.startsWith('/akun/') || pathname === '/staff' || pathname.startsWith('/staff/') ||
    // The server's own application form (no JavaScript): a person's answers, PIN and receipt.
    pathname.startsWith('/formulir/');
}

// This version's cache `name` to write to, or null once a newer worker has replaced this one.
async function writable(name) {
  if (self.serviceWorker && self.serviceWorker.state === 'redundant') return null;
  return caches.open(name);
}

// What this version's cache `name` holds for `request` (never creates the cache).
function kept(name, request) {
  return caches.match(request, { cacheName: name, ignoreVary: true });
}

// A response the server says must not be kept (`no-store`, e.g. the back office's files).
function mayKeep(response) {
  return response.ok && response.type === 'basic' && !/no-store/i.test(response.headers.get('Cache-Control') || '');
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) =>
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' })))
    )
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await dropOldCaches();
      // Copies of personal pages an older worker may have kept (it cached /akun) go too.
      if (await caches.has(PAGE_CACHE)) {
        const pages = await caches.open(PAGE_CACHE);
        for (const request of await pages.keys()) {
          if (isPersonal(new URL(request.url).pathname)) await pages.delete(request);
        }
      }
      await self.clients.claim();
      // Not awaited: fetches wait while a worker is activating, and the app's must not wait
      // for these.
      keepOpenPages();
    })()
  );
});

// Deletes the caches of other versions; true when there were any. Run at activation, and again
// at page loads until a sweep finds none: an old worker (one without the guard in `writable`)
// may still write after its successor activated. A worker that starts again sweeps again once.
async function dropOldCaches() {
  let found = false;
  for (const name of await caches.keys()) {
    if (name.startsWith('loket-') && name !== SHELL_CACHE && name !== PAGE_CACHE) {
      found = true;
      await caches.delete(name);
    }
  }
  return found;
}
let sweeping = true;

// Keeps a copy of each page open in a window that was loaded before this worker controlled it
// (personal pages and answers that must not be kept excepted), unless a copy is kept already.
async function keepOpenPages() {
  const pages = await writable(PAGE_CACHE);
  if (!pages) return;
  for (const client of await self.clients.matchAll({ type: 'window' })) {
    const url = new URL(client.url);
    if (url.origin !== self.location.origin || isPersonal(url.pathname) || url.pathname.startsWith('/api/') || url.pathname.startsWith('/auth/')) continue;
    const address = url.origin + url.pathname + url.search;
    if (await pages.match(address, { ignoreVary: true })) continue;
    try {
      const response = await fetch(address, { credentials: 'same-origin' });
      // (a redirected answer cannot answer a page load later)
      if (mayKeep(response) && !response.redirected) await pages.put(address, response);
    } catch (_) { /* no connection: nothing to keep */ }
  }
}

// Pages drawn from the catalogue (marked so by the server) are dropped when the app says the
// phone's catalogue changed: offline, the app then renders them from its newer copy. A page
// load waits for a drop under way, so it never serves the copy being dropped.
const CATALOGUE_PAGE = ['x-loket-page', 'catalogue'];
let dropping = Promise.resolve();

async function dropCataloguePages() {
  if (!(await caches.has(PAGE_CACHE))) return;
  const pages = await caches.open(PAGE_CACHE);
  for (const request of await pages.keys()) {
    const kept = await pages.match(request, { ignoreVary: true });
    if (kept && kept.headers.get(CATALOGUE_PAGE[0]) === CATALOGUE_PAGE[1]) {
      await pages.delete(request, { ignoreVary: true });
    }
  }
}

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'SKIP_WAITING') {
    self.skipWaiting();
  } else if (type === 'CATALOGUE_CHANGED') {
    dropping = dropping.then(dropCataloguePages).catch(() => {});
    event.waitUntil(dropping);
  }
});

// Background Sync: the browser says the connection is back. The outbox lives in the app
// (one sender, written once in Rust), so wake every open Loket window to send; an app that is
// closed sends at its next start.
self.addEventListener('sync', (event) => {
  if (event.tag !== 'loket-outbox') return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then((all) => {
    for (const c of all) c.postMessage('loket-outbox');
  }));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/auth/') || url.pathname === '/sw.js') return;
  // The back office: always from the network, never kept on the device (it shows citizens'
  // answers and the login, and staff work online).
  if (url.pathname === '/staff' || url.pathname.startsWith('/staff/')) return;
  // The citizen's account page shows the login: from the network; offline, the shell.
  if (isPersonal(url.pathname)) {
    if (request.mode === 'navigate') event.respondWith(fetch(request).catch(() => offlineShell()));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(pageLoad(event, request));
    return;
  }
  if (url.pathname.startsWith('/pkg/') || url.pathname.startsWith('/icons/') || url.pathname === '/manifest.webmanifest') {
    event.respondWith(cacheFirst(request));
  }
});

async function cacheFirst(request) {
  const hit = await kept(SHELL_CACHE, request);
  if (hit) return hit;
  const response = await fetch(request);
  if (mayKeep(response)) {
    const cache = await writable(SHELL_CACHE);
    if (cache) await cache.put(request, response.clone());
  }
  return response;
}

async function cachedPage(request) {
  await dropping;
  return (await kept(PAGE_CACHE, request)) || kept(SHELL_CACHE, request);
}

async function offlineShell() {
  const page = await kept(SHELL_CACHE, OFFLINE_SHELL);
  return page || new Response('<!doctype html><title>Loket</title><p>Offline.</p>', {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  });
}

async function pageLoad(event, request) {
  if (sweeping) event.waitUntil(dropOldCaches().then((found) => { sweeping = found; }));
  const cached = await cachedPage(request);
  const network = fetch(request).then(async (response) => {
    if (mayKeep(response) && !isPersonal(new URL(response.url || request.url).pathname)) {
      const copy = response.clone();
      event.waitUntil(writable(PAGE_CACHE).then((c) => c && c.put(request, copy)));
    }
    return response;
  });
  if (!cached) {
    try {
      return await network;
    } catch (_) {
      return offlineShell();
    }
  }
  // A slow connection should not keep the citizen waiting when a copy is at hand.
  const timeout = new Promise((resolve) => setTimeout(() => resolve(cached), NETWORK_TIMEOUT_MS));
  try {
    return await Promise.race([network, timeout]);
  } catch (_) {
    return cached;
  }
}
