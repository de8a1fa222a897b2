// stenogram.js: the page side of the viewer (linked in as --pre-js, so it shares the module's scope).
// It loads the fonts and the archive with progress, hands them to the wasm core, and exposes the
// scripting API window.stenogram = { ready, state(), command(cmd), locate(label), on(type, fn) }.
/* global Module, HEAPU8, UTF8ToString, stringToUTF8, lengthBytesUTF8, addRunDependency, removeRunDependency */

(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var archiveUrl = params.get('archive') || 'sample.sqlite';
  var loader = document.getElementById('loader');
  var progress = { wasm: [0, 0], fonts: [0, 0], archive: [0, 0] };
  var listeners = {};
  var readyResolve;
  var readyPromise = new Promise(function (resolve) { readyResolve = resolve; });
  var runtimeReady = false;
  var fonts = null;          // [regularBytes, boldBytes] once fetched
  var archiveJob = null;     // {name, size, ptr, chunks, received, done, error}
  var clipboardText = '';
  var clipboardPtr = 0;

  function baseName(url) {
    try { url = new URL(url, window.location.href).pathname; } catch (e) { /* keep as is */ }
    var parts = url.split('/');
    return decodeURIComponent(parts[parts.length - 1] || url);
  }

  function showProgress(text) {
    var done = 0, total = 0;
    Object.keys(progress).forEach(function (k) { done += progress[k][0]; total += progress[k][1]; });
    if (!loader) return;
    loader.querySelector('.fill').style.width = (total ? Math.min(100, 100 * done / total) : 5) + '%';
    if (text) loader.querySelector('.what').textContent = text;
  }

  function fail(message) {
    if (loader) { loader.classList.add('failed'); loader.querySelector('.what').textContent = message; }
    if (runtimeReady) withString(message, function (p) { Module._stn_set_error(p); });
    emit('error', { message: message });
  }

  function withString(text, fn) {
    var n = lengthBytesUTF8(text) + 1;
    var p = Module._malloc(n);
    stringToUTF8(text, p, n);
    try { return fn(p); } finally { Module._free(p); }
  }

  function emit(type, detail) {
    (listeners[type] || []).slice().forEach(function (fn) {
      try { fn(detail); } catch (e) { console.error(e); }
    });
  }

  // Streams a URL, reporting bytes; onChunk(chunk) receives each piece. Resolves with total bytes.
  function stream(url, slot, onChunk) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status + (response.status === 404 ? ' (not found)' : ''));
      var total = Number(response.headers.get('Content-Length')) || 0;
      progress[slot][1] = total;
      if (!response.body || !response.body.getReader) {
        return response.arrayBuffer().then(function (buf) {
          progress[slot][0] = buf.byteLength; onChunk(new Uint8Array(buf), buf.byteLength); return buf.byteLength;
        });
      }
      var reader = response.body.getReader();
      var received = 0;
      function pump() {
        return reader.read().then(function (r) {
          if (r.done) return received;
          received += r.value.byteLength;
          progress[slot][0] = received;
          if (progress[slot][1] < received) progress[slot][1] = received;
          onChunk(r.value, total);
          showProgress();
          return pump();
        });
      }
      return pump();
    });
  }

  function fetchBytes(url, slot) {
    var parts = [];
    return stream(url, slot, function (c) { parts.push(c); }).then(function (n) {
      var out = new Uint8Array(n), at = 0;
      parts.forEach(function (c) { out.set(c, at); at += c.byteLength; });
      return out;
    });
  }

  // ---- the archive: streamed straight into a buffer in the wasm heap once the runtime is up ----
  function startArchive(url) {
    var job = { name: baseName(url), chunks: [], received: 0, ptr: 0, size: 0, done: false, error: null };
    archiveJob = job;
    stream(url, 'archive', function (chunk, total) {
      if (!job.size && total) job.size = total;
      job.chunks.push(chunk);
      drainArchive(job);
    }).then(function (n) {
      job.done = true; job.size = n; drainArchive(job);
    }, function (e) {
      job.error = job.name + ': cannot load the archive: ' + e.message;
      fail(job.error);
    });
  }

  function drainArchive(job) {
    if (!runtimeReady || job.error) return;
    if (!job.ptr && job.size) {
      job.ptr = Module._stn_alloc(job.size);
      if (!job.ptr) { job.error = job.name + ': not enough memory for ' + job.size + ' bytes'; fail(job.error); return; }
    }
    while (job.ptr && job.chunks.length) {
      var c = job.chunks.shift();
      if (job.received + c.byteLength > job.size) {  // the server sent more than it announced
        var bigger = Module._stn_alloc(job.received + c.byteLength + (job.done ? 0 : (1 << 20)));
        HEAPU8.copyWithin(bigger, job.ptr, job.ptr + job.received);
        Module._stn_free(job.ptr);
        job.ptr = bigger; job.size = job.received + c.byteLength + (job.done ? 0 : (1 << 20));
      }
      HEAPU8.set(c, job.ptr + job.received);
      job.received += c.byteLength;
    }
    if (job.done && !job.chunks.length && !job.opened) {
      job.opened = true;
      if (!job.ptr) { fail(job.name + ': the file is empty'); return; }
      showProgress('Opening ' + job.name + '…');
      var ok = withString(job.name, function (p) { return Module._stn_open_archive(job.ptr, job.received, p); });
      // SQLite owns the buffer now (and has freed it on failure).
      job.ptr = 0;
      if (!ok) emit('error', { message: api.state().error });
    }
  }

  // ---- fonts: needed before the first frame ----
  function loadFonts() {
    addRunDependency('stenogram-fonts');
    Promise.all([fetchBytes('fonts/NotoSans-Regular.ttf', 'fonts'), fetchBytes('fonts/NotoSans-Bold.ttf', 'fonts')])
      .then(function (f) { fonts = f; }, function (e) { fail('Cannot load the fonts: ' + e.message); })
      .then(function () { removeRunDependency('stenogram-fonts'); });
  }

  function giveFonts() {
    if (!fonts) return;
    fonts.forEach(function (bytes, i) {
      var p = Module._malloc(bytes.byteLength);
      HEAPU8.set(bytes, p);
      Module._stn_set_font(p, bytes.byteLength, i);
      Module._free(p);
    });
  }

  // ---- the host object the C++ side calls (platform_web.cpp) ----
  var frames = 0, readyDone = false;
  Module.stenogramHost = {
    setClipboard: function (text) {
      clipboardText = text;
      if (!navigator.clipboard || !navigator.clipboard.writeText) { fail('Copying is not available on this page.'); return; }
      navigator.clipboard.writeText(text).then(function () { emit('copied', { length: text.length }); },
        function (e) { withString('Could not copy to the clipboard: ' + e.message, function (p) { Module._stn_set_error(p); }); });
    },
    clipboardPtr: function () {
      if (clipboardPtr) Module._free(clipboardPtr);
      var n = lengthBytesUTF8(clipboardText) + 1;
      clipboardPtr = Module._malloc(n);
      stringToUTF8(clipboardText, clipboardPtr, n);
      return clipboardPtr;
    },
    emit: emit,
    frameDrawn: function (archiveShown) {
      frames++;
      if (!readyDone && archiveShown) {
        readyDone = true;
        if (loader) loader.classList.add('done');
        var s = api.state();
        emit('ready', s);
        readyResolve(s);
      }
    }
  };
  document.addEventListener('paste', function (e) {
    clipboardText = (e.clipboardData && e.clipboardData.getData('text/plain')) || clipboardText;
  });

  // ---- Module hooks ----
  Module.canvas = document.getElementById('canvas');
  Module.preRun = (Module.preRun || []).concat([loadFonts]);
  Module.onRuntimeInitialized = function () {
    // main() runs right after this hook and creates the app: hand over fonts and archive after it.
    setTimeout(function () {
      runtimeReady = true;
      giveFonts();
      if (archiveJob) {
        if (archiveJob.error) fail(archiveJob.error); else drainArchive(archiveJob);
      }
    }, 0);
  };
  Module.setStatus = function (text) { if (text) showProgress(text); };
  Module.printErr = function (text) { console.warn(text); };
  Module.onAbort = function (what) { fail('The viewer stopped: ' + what); };

  // ---- window.stenogram ----
  function callJson(fn, arg) {
    if (!runtimeReady) return null;
    var out = arg === undefined ? fn() : withString(arg, fn);
    return JSON.parse(UTF8ToString(out));
  }
  var api = {
    version: 1,
    ready: readyPromise,
    state: function () { return callJson(function () { return Module._stn_state(); }); },
    command: function (cmd) {
      var result = callJson(function (p) { return Module._stn_command(p); }, JSON.stringify(cmd || {}));
      if (!result) return { ok: false, error: 'the viewer is still loading' };
      emit('stateChanged', api.state());
      return result;
    },
    // The rectangle (CSS pixels, page coordinates) where a labelled widget was last drawn, or null.
    locate: function (label) {
      var r = callJson(function (p) { return Module._stn_locate(p); }, String(label));
      if (!r) return null;
      var c = Module.canvas.getBoundingClientRect();
      return { x: c.left + r.x, y: c.top + r.y, width: r.width, height: r.height,
               cx: c.left + r.x + r.width / 2, cy: c.top + r.y + r.height / 2 };
    },
    frames: function () { return frames; },
    on: function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    off: function (type, fn) { listeners[type] = (listeners[type] || []).filter(function (f) { return f !== fn; }); }
  };
  window.stenogram = api;

  showProgress('Loading the viewer…');
  startArchive(archiveUrl);
})();
