// sw.js: the hosted viewer's service worker: after the first visit the page, the wasm, the fonts
// and the sample archive come from a cache, so Stenogram opens with the network off. The build
// writes its version (a hash of the files) below; a new version installs a new cache (read past
// the HTTP cache: cache 'reload'), takes over and deletes the old one, so an update is picked up
// on the next load.
//
// Other archives are never served stale: they always go to the network (revalidated with the
// server's ETag/Last-Modified), and only a copy for offline use is kept — one per URL (query
// left out), only a complete 200 of an archive type, never a page, a private or no-store
// response, a Range request or anything over 512 MB. Imported files (.json, .csv, ...) are not
// stored.
'use strict';
var VERSION = '__STENOGRAM_VERSION__';
var CACHE = 'stenogram-' + VERSION;
var ARCHIVES = 'stenogram-archives';  // offline copies of other archives (kept across versions)
var APP_FILES = ['./', 'index.html', 'index.js', 'index.wasm', 'worker.js', 'engine.js', 'engine.wasm',
                 'engine-import.js', 'engine-import.wasm',  // fetched only to import a dump, kept for offline
                 'fonts/NotoSans-Regular.ttf', 'fonts/NotoSans-Bold.ttf', 'fonts/NotoSansHebrew-Regular.ttf',
                 'fonts/NotoSansArabic-Regular.ttf', 'sample.sqlite'];
var MAX_ARCHIVE_BYTES = 512 * 1024 * 1024;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    // 'reload': straight from the server, never an older copy from the browser's HTTP cache.
    return cache.addAll(APP_FILES.map(function (f) { return new Request(f, { cache: 'reload' }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('stenogram-') === 0 && k !== CACHE && k !== ARCHIVES; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

// Whether a response may be kept as the offline copy of an archive.
function storable(response) {
  if (!response || response.status !== 200 || response.type !== 'basic') return false;
  var type = (response.headers.get('Content-Type') || '').toLowerCase();
  if (/text\/html|text\/plain|json|javascript/.test(type)) return false;
  var control = (response.headers.get('Cache-Control') || '').toLowerCase();
  if (/no-store|private/.test(control)) return false;
  var length = Number(response.headers.get('Content-Length') || 0);
  return !(length > MAX_ARCHIVE_BYTES);
}

function appFile(url) {
  var scope = new URL(self.registration.scope);
  if (url.pathname.indexOf(scope.pathname) !== 0) return false;
  var rel = url.pathname.slice(scope.pathname.length);
  return rel === '' || APP_FILES.indexOf(rel) >= 0;
}

// A byte range of a whole cached response, as the server would answer it (206 + Content-Range), or
// null when the range cannot be served from it.
function rangeOf(response, header) {
  var m = /^bytes=(\d+)-(\d*)$/.exec((header || '').trim());
  if (!m || !response) return Promise.resolve(null);
  return response.blob().then(function (blob) {
    var start = Number(m[1]), end = m[2] === '' ? blob.size - 1 : Math.min(Number(m[2]), blob.size - 1);
    if (start >= blob.size || end < start) {
      return new Response(null, { status: 416, headers: { 'Content-Range': 'bytes */' + blob.size } });
    }
    var headers = { 'Content-Range': 'bytes ' + start + '-' + end + '/' + blob.size, 'Content-Length': String(end - start + 1),
                    'Content-Type': response.headers.get('Content-Type') || 'application/octet-stream' };
    ['ETag', 'Last-Modified'].forEach(function (h) { if (response.headers.get(h)) headers[h] = response.headers.get(h); });
    return new Response(blob.slice(start, end + 1), { status: 206, headers: headers });
  });
}

// Range reads (the archive worker reads lazily): the bundled sample comes from the app's cache like
// the other app files; any other archive from the server, and from its offline copy (a whole file
// kept by an earlier full download) only when the server cannot be reached.
function rangeRequest(event, url) {
  var req = event.request, range = req.headers.get('Range');
  if (appFile(url) && !url.search) {
    event.respondWith(caches.open(CACHE).then(function (cache) { return cache.match(req, { ignoreSearch: true }); })
      .then(function (hit) { return rangeOf(hit, range); })
      .then(function (r) { return r || fetch(req); }));
    return;
  }
  if (!/\.(sqlite|sqlite3|db|stenogram)$/i.test(url.pathname)) return;
  event.respondWith(fetch(req).catch(function (error) {
    return caches.open(ARCHIVES).then(function (cache) { return cache.match(url.origin + url.pathname); })
      .then(function (hit) { return rangeOf(hit, range); })
      .then(function (r) { if (r) return r; throw error; });
  }));
}

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.headers.has('Range')) { rangeRequest(event, url); return; }
  var navigation = req.mode === 'navigate';
  // The app's own files, versioned by the cache name: the cached copy first. A page load with
  // parameters (?archive=, ?embed=1) is the cached page.
  if (navigation || (appFile(url) && !url.search)) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(req, { ignoreSearch: navigation }).then(function (hit) { return hit || fetch(req); });
    }));
    return;
  }
  // Other archives: the network first (revalidated), the offline copy only when it fails.
  if (!/\.(sqlite|sqlite3|db|stenogram)$/i.test(url.pathname)) return;
  var key = url.origin + url.pathname;  // one copy per URL, whatever the query
  event.respondWith(fetch(req, { cache: 'no-cache' }).then(function (response) {
    if (storable(response)) {
      var copy = response.clone();
      caches.open(ARCHIVES).then(function (cache) { return cache.put(key, copy); }).catch(function () {});
    } else if (response.status === 404 || response.status === 410) {
      caches.open(ARCHIVES).then(function (cache) { return cache.delete(key); }).catch(function () {});
    }
    return response;
  }, function (error) {
    return caches.open(ARCHIVES).then(function (cache) { return cache.match(key); }).then(function (hit) {
      if (hit) return hit;
      throw error;
    });
  }));
});
