// sw.js: the hosted viewer's service worker: after the first visit the page, the wasm, the fonts
// and the sample archive come from a cache, so Stenogram opens with the network off. The build
// writes its version (a hash of the files) below; a new version installs a new cache, takes over
// and deletes the old one, so an update is picked up on the next load.
'use strict';
var VERSION = '__STENOGRAM_VERSION__';
var CACHE = 'stenogram-' + VERSION;
var APP_FILES = ['./', 'index.html', 'index.js', 'index.wasm', 'worker.js', 'engine.js', 'engine.wasm',
                 'fonts/NotoSans-Regular.ttf', 'fonts/NotoSans-Bold.ttf', 'sample.sqlite'];

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(APP_FILES); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('stenogram-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// Same-origin GETs: the cached copy first (the app's files are versioned by the cache name); a
// page load with parameters (?archive=, ?embed=1) is the cached page. Other same-origin files
// (other archives) are cached as they are fetched, so they also open offline later.
self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  // Byte ranges of an archive (the engine worker's lazy reads) go to the network: a cached whole
  // file would defeat them, and a partial response cannot be cached.
  if (req.headers.has('range')) return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  var navigation = req.mode === 'navigate';
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(req, { ignoreSearch: navigation }).then(function (hit) {
      if (hit) return hit;
      return fetch(req).then(function (response) {
        if (response.ok && response.type === 'basic' && !navigation) cache.put(req, response.clone());
        return response;
      });
    });
  }));
});
