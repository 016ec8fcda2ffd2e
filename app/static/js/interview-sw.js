/* Khảo sát NQ57: the service worker of the enumerator's interview pages.
 *
 * Pages under /interview/ are fetched from the network when there is one (and kept), and
 * from the cache when there is not, so an interview can be opened and recorded offline.
 * The interview page itself puts its URL, style sheet and script in the cache when it
 * loads. Static files are served from the cache first: their URLs change with their
 * content. Nothing is sent from here: queued interviews are sent by the page's script.
 */
"use strict";

const CACHE = "nq57-interview-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

function keep(request, response) {
  if (response.type === "opaqueredirect" ||
      (response.redirected && new URL(response.url).pathname === "/login")) {
    // A page of /interview/ sends only a signed-out visitor elsewhere (to sign in): the
    // pages kept for the account go. Unsent interviews live in the page's storage, not here,
    // and stay until their account sends them.
    caches.delete(CACHE);
    return response;
  }
  if (response.ok && !response.redirected && response.type === "basic") {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy));
  }
  return response;
}

function offlinePage() {
  return caches.match("/interview/").then((hit) => hit || new Response(
    "<!doctype html><meta charset=utf-8><title>Offline</title><p>Mất kết nối mạng.</p>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
  ));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname.startsWith("/interview/")) {
    event.respondWith(
      fetch(request)
        .then((response) => keep(request, response))
        .catch(() => caches.match(request, { ignoreSearch: true })
          .then((hit) => hit || offlinePage())),
    );
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(
      caches.match(request).then((hit) => hit || fetch(request).then((r) => keep(request, r))),
    );
  }
});
