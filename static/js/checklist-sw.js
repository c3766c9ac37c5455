// Keeps the checklist pages and their assets available without a connection: network
// first, the last copy when offline. Writes (POST) are never intercepted: the page's own
// outbox resends them.
const CACHE = "checklists-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  const cacheable = url.pathname.startsWith("/static/") || url.pathname.startsWith("/checklists/inspections/");
  if (!cacheable) {
    return;
  }
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })
      .catch(() => caches.match(request).then((cached) => cached || Response.error())),
  );
});
