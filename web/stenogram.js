// stenogram.js: the page side of the viewer (linked in as --pre-js, so it shares the module's scope).
// It loads the fonts and the archive with progress, hands them to the wasm core, and exposes the
// scripting API window.stenogram = { ready, state(), command(cmd), locate(label), on(type, fn) }.
// Also: the offline single file (window.STENOGRAM_OFFLINE holds the wasm, fonts and sample as
// base64, so nothing is fetched), opening local files (picker and drag-and-drop; archives are read
// in slices straight into the wasm heap, JSON/JSONL/CSV sources are imported by the core), deep
// links in the URL hash with history, and the service worker on http(s).
/* global Module, HEAPU8, UTF8ToString, stringToUTF8, lengthBytesUTF8, addRunDependency, removeRunDependency */

// ---- WebGL state reads without a round trip to the GPU process ----
// ImGui's OpenGL3 backend reads ~20 pieces of GL state every frame (to restore them after drawing).
// In Chromium most such getParameter/isEnabled calls are synchronous round trips that wait for the
// GPU process to finish the previous frame: with software GL that was ~95% of a frame's main-thread
// time (100-300 ms). The page draws only through its own context, so the state the backend reads is
// tracked here as it is set; the first read of each value still asks the context.
(function () {
  'use strict';
  var P = window.WebGL2RenderingContext && window.WebGL2RenderingContext.prototype;
  if (!P || P.stenogramTracked) return;
  P.stenogramTracked = true;
  var G = { ACTIVE_TEXTURE: 0x84E0, TEXTURE0: 0x84C0, TEXTURE_2D: 0x0DE1, TEXTURE_BINDING_2D: 0x8069, CURRENT_PROGRAM: 0x8B8D,
    SAMPLER_BINDING: 0x8919, ARRAY_BUFFER: 0x8892, ARRAY_BUFFER_BINDING: 0x8894, ELEMENT_ARRAY_BUFFER: 0x8893,
    ELEMENT_ARRAY_BUFFER_BINDING: 0x8895, VERTEX_ARRAY_BINDING: 0x85B5, VIEWPORT: 0x0BA2, SCISSOR_BOX: 0x0C10,
    BLEND_SRC_RGB: 0x80C9, BLEND_DST_RGB: 0x80C8, BLEND_SRC_ALPHA: 0x80CB, BLEND_DST_ALPHA: 0x80CA,
    BLEND_EQUATION_RGB: 0x8009, BLEND_EQUATION_ALPHA: 0x883D };
  var contexts = new WeakMap();
  function state(gl) {
    var s = contexts.get(gl);
    if (!s) { s = { values: new Map(), enabled: new Map() }; contexts.set(gl, s); }
    return s;
  }
  function unit(gl, s) {
    if (!s.values.has(G.ACTIVE_TEXTURE)) s.values.set(G.ACTIVE_TEXTURE, getParameter.call(gl, G.ACTIVE_TEXTURE));
    return s.values.get(G.ACTIVE_TEXTURE);
  }
  // Per texture unit state is keyed by unit; the rest by pname.
  function key(gl, s, pname) {
    if (pname === G.TEXTURE_BINDING_2D || pname === G.SAMPLER_BINDING) return pname + ':' + unit(gl, s);
    return pname;
  }
  var tracked = {};
  Object.keys(G).forEach(function (k) { if (!/^(TEXTURE0|TEXTURE_2D|ARRAY_BUFFER|ELEMENT_ARRAY_BUFFER)$/.test(k)) tracked[G[k]] = true; });
  var getParameter = P.getParameter, isEnabled = P.isEnabled;
  P.getParameter = function (pname) {
    if (!tracked[pname]) return getParameter.call(this, pname);
    var s = state(this), k = key(this, s, pname);
    if (!s.values.has(k)) s.values.set(k, getParameter.call(this, pname));
    return s.values.get(k);
  };
  P.isEnabled = function (cap) {
    var s = state(this);
    if (!s.enabled.has(cap)) s.enabled.set(cap, isEnabled.call(this, cap));
    return s.enabled.get(cap);
  };
  // Emscripten binds "no object" as undefined (GL.vaos[0], GL.samplers[0]); the context reports it as
  // null, and Emscripten's glGet accepts only null for an unbound object.
  function after(name, record) {
    var original = P[name];
    P[name] = function () {
      var r = original.apply(this, arguments);
      var args = Array.prototype.map.call(arguments, function (v) { return v === undefined ? null : v; });
      record.call(this, state(this), args);
      return r;
    };
  }
  after('enable', function (s, a) { s.enabled.set(a[0], true); });
  after('disable', function (s, a) { s.enabled.set(a[0], false); });
  after('activeTexture', function (s, a) { s.values.set(G.ACTIVE_TEXTURE, a[0]); });
  after('useProgram', function (s, a) { s.values.set(G.CURRENT_PROGRAM, a[0]); });
  after('bindTexture', function (s, a) {
    if (a[0] === G.TEXTURE_2D) s.values.set(G.TEXTURE_BINDING_2D + ':' + unit(this, s), a[1]);
  });
  after('bindSampler', function (s, a) { s.values.set(G.SAMPLER_BINDING + ':' + (G.TEXTURE0 + a[0]), a[1]); });
  after('bindBuffer', function (s, a) {
    if (a[0] === G.ARRAY_BUFFER) s.values.set(G.ARRAY_BUFFER_BINDING, a[1]);
    if (a[0] === G.ELEMENT_ARRAY_BUFFER) s.values.set(G.ELEMENT_ARRAY_BUFFER_BINDING, a[1]);
  });
  after('bindVertexArray', function (s, a) {
    s.values.set(G.VERTEX_ARRAY_BINDING, a[0]);
    s.values.delete(G.ELEMENT_ARRAY_BUFFER_BINDING);  // part of the vertex array's state
  });
  after('viewport', function (s, a) { s.values.set(G.VIEWPORT, new Int32Array([a[0], a[1], a[2], a[3]])); });
  after('scissor', function (s, a) { s.values.set(G.SCISSOR_BOX, new Int32Array([a[0], a[1], a[2], a[3]])); });
  after('blendFunc', function (s, a) {
    s.values.set(G.BLEND_SRC_RGB, a[0]); s.values.set(G.BLEND_SRC_ALPHA, a[0]);
    s.values.set(G.BLEND_DST_RGB, a[1]); s.values.set(G.BLEND_DST_ALPHA, a[1]);
  });
  after('blendFuncSeparate', function (s, a) {
    s.values.set(G.BLEND_SRC_RGB, a[0]); s.values.set(G.BLEND_DST_RGB, a[1]);
    s.values.set(G.BLEND_SRC_ALPHA, a[2]); s.values.set(G.BLEND_DST_ALPHA, a[3]);
  });
  after('blendEquation', function (s, a) { s.values.set(G.BLEND_EQUATION_RGB, a[0]); s.values.set(G.BLEND_EQUATION_ALPHA, a[0]); });
  after('blendEquationSeparate', function (s, a) { s.values.set(G.BLEND_EQUATION_RGB, a[0]); s.values.set(G.BLEND_EQUATION_ALPHA, a[1]); });
  // A deleted object that is bound becomes unbound: forget every value that holds it.
  ['deleteTexture', 'deleteBuffer', 'deleteProgram', 'deleteVertexArray', 'deleteSampler'].forEach(function (name) {
    after(name, function (s, a) { s.values.forEach(function (v, k) { if (v === a[0]) s.values.delete(k); }); });
  });
})();

(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var offline = window.STENOGRAM_OFFLINE || null;  // set by the offline single file
  var archiveUrl = params.get('archive') || (offline ? '' : 'sample.sqlite');
  var loader = document.getElementById('loader');
  var progress = { wasm: [0, 0], fonts: [0, 0], archive: [0, 0] };
  // Where the start-up goes (tools/bench prints these): performance marks "stenogram:WHAT".
  function mark(what, at) {
    try { performance.mark('stenogram:' + what, at !== undefined ? { startTime: at } : undefined); } catch (e) { /* old browsers */ }
  }
  var listeners = {};
  var readyResolve;
  var readyPromise = new Promise(function (resolve) { readyResolve = resolve; });
  var runtimeReady = false;
  var fonts = null;          // [regularBytes, boldBytes] once fetched
  var clipboardText = '';
  var clipboardPtr = 0;

  function baseName(url) {
    try { url = new URL(url, window.location.href).pathname; } catch (e) { /* keep as is */ }
    var parts = url.split('/');
    return decodeURIComponent(parts[parts.length - 1] || url);
  }

  function fromBase64(b64) {
    var bin = atob(b64), out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // A thin bar with a message over the running viewer (local files, later archives); with onCancel
  // it has a Cancel button that calls it.
  function busyBar(text, fraction, onCancel) {
    var bar = document.getElementById('busy');
    if (!bar) return;
    var cancel = bar.querySelector('.cancel');
    if (text === null) { bar.classList.remove('on'); if (cancel) { cancel.hidden = true; cancel.onclick = null; } return; }
    bar.classList.add('on');
    bar.querySelector('.what').textContent = text;
    bar.querySelector('.fill').style.width = Math.round(100 * Math.max(0, Math.min(1, fraction))) + '%';
    if (cancel) {
      cancel.hidden = !onCancel;
      cancel.onclick = onCancel ? function (e) { e.preventDefault(); onCancel(); } : null;
    }
  }

  function showProgress(text) {
    var done = 0, total = 0;
    Object.keys(progress).forEach(function (k) { done += progress[k][0]; total += progress[k][1]; });
    if (!loader) return;
    loader.querySelector('.fill').style.width = (total ? Math.min(100, 100 * done / total) : 5) + '%';
    if (text) loader.querySelector('.what').textContent = text;
  }

  function fail(message) {
    if (loader && !readyDone) { loader.classList.add('failed'); loader.querySelector('.what').textContent = message; }
    busyBar(null);
    if (runtimeReady) withString(message, function (p) { Module._stn_set_error(p); });
    else earlyError = message;  // (a refused ?archive= link): the viewer shows it once it runs
    emit('error', { message: message });
  }
  var earlyError = null;

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

  // ---- the archive: held by the archive worker (web/worker.js), read lazily ----
  // The worker opens the archive (HTTP Range requests for a URL, slices of a local File, bytes in
  // memory) and serves the viewer's requests; the page only carries messages between the two. It is
  // started at once, so the archive's first blocks load while the viewer's wasm downloads.
  var worker = null;
  var workerSeq = 0;
  var pendingOpens = {};     // seq → {name, onDone}
  var openedQueue = [];      // archives opened before the viewer's runtime was ready
  var statsWaiters = {};     // seq → resolve

  // A new engine worker (the archive's, or an import's): from a Blob URL in the offline file.
  function newWorker() {
    if (offline && offline.workerSource) return new Worker(URL.createObjectURL(new Blob([offline.workerSource], { type: 'text/javascript' })));
    return new Worker('worker.js');
  }

  function startWorker() {
    try {
      // index.html starts it before this script has arrived (its engine loads meanwhile).
      var early = !offline && window.stenogramEarlyWorker;
      window.stenogramEarlyWorker = null;
      worker = early ? early.worker : newWorker();
    } catch (e) {
      fail('Cannot start the archive worker: ' + (e && e.message || e));
      return;
    }
    worker.onmessage = function (e) { onWorkerMessage(e.data); };
    worker.onerror = function (e) {
      e.preventDefault && e.preventDefault();
      fail('The archive worker failed: ' + (e.message || 'unknown error'));
    };
    if (early) {
      early.messages.forEach(function (e) {
        if (e.data && e.data.type === 'ready') mark('engine', e.at);  // when it came, not now
        else onWorkerMessage(e.data);
      });
      if (early.error) fail('The archive worker failed: ' + early.error);
    }
  }

  function onWorkerMessage(m) {
    if (!m || typeof m !== 'object') return;
    if (m.type === 'ready') { mark('engine'); return; }
    if (m.type === 'answer') {
      if (!runtimeReady) return;
      if (m.dropped || !m.bytes) {
        if (m.error) console.warn('archive worker: ' + m.error);
        Module._stn_dropped(m.seq);
      } else {
        var bytes = new Uint8Array(m.bytes);
        var ptr = Module._malloc(Math.max(1, bytes.byteLength));
        HEAPU8.set(bytes, ptr);
        Module._stn_answer(m.seq, ptr, bytes.byteLength);
        Module._free(ptr);
      }
      return;
    }
    if (m.type === 'progress') {
      var job = pendingOpens[m.seq];
      if (job) {
        progress.archive = [m.loaded || 0, m.total || 0];
        if (readyDone) busyBar((m.what === 'import' ? 'Importing ' : 'Opening ') + job.name + '…', m.total ? m.loaded / m.total : 0.5);
        else showProgress();
      }
      emit('archiveProgress', m);
      return;
    }
    if (m.type === 'opened') {
      if (m.ok) mark('opened');
      var pending = pendingOpens[m.seq];
      delete pendingOpens[m.seq];
      if (!pending) return;
      if (!runtimeReady) { openedQueue.push({ m: m, pending: pending }); return; }
      finishOpen(m, pending);
      return;
    }
    if (m.type === 'stats') {
      var w = statsWaiters[m.seq];
      delete statsWaiters[m.seq];
      if (w) w(m);
      return;
    }
    if (m.type === 'error') { fail(m.message); return; }
  }

  function finishOpen(m, pending) {
    busyBar(null);
    if (m.ok) {
      archiveInfo = { name: m.name || pending.name, size: m.size, mode: m.mode, note: m.note || pending.note || '' };
      if (pending.report || m.report) archiveInfo.report = pending.report || m.report;
      // What the first frame needs has been read: the archive's part of the progress bar is done.
      if (m.fetchedBytes) progress.archive = [m.fetchedBytes, m.fetchedBytes];
      Module._stn_archive_opened();
      if (archiveInfo.note) console.info('archive: ' + archiveInfo.note);
      // The viewer itself tells stateChanged (and documentOpened) after the frame that shows the archive.
      emit('archiveOpened', { name: archiveInfo.name, mode: m.mode, size: m.size });
      // The first view drawn with its answers: the worker's background warm-up may start (web/worker.js).
      settled().then(function () { if (worker) worker.postMessage({ type: 'shown', seq: m.seq }); });
      if (pending.onDone) settled().then(function () { pending.onDone({ ok: true }); });
    } else {
      var message = m.error || (pending.name + ': cannot open the archive');
      fail(message);
      if (pending.onDone) pending.onDone({ ok: false, error: message });
    }
  }

  var archiveInfo = null;  // {name, size, mode, note} of the archive the worker holds

  // Asks the worker to open an archive (or import a source); onDone({ok, error}) once it is shown.
  function openInWorker(type, payload, name, onDone, transfer, extra) {
    if (!worker) { if (onDone) onDone({ ok: false, error: 'the archive worker is not running' }); return; }
    var seq = ++workerSeq;
    pendingOpens[seq] = { name: name, onDone: onDone, note: extra && extra.note, report: extra && extra.report };
    progress.archive = [0, 0];
    var m = { type: type, seq: seq };
    Object.keys(payload).forEach(function (k) { m[k] = payload[k]; });
    worker.postMessage(m, transfer || []);
  }

  function startArchive(url, onDone) {
    var name = baseName(url);
    var checked = window.stenogramPolicy.checkArchiveUrl(url, window.location.href);  // web/policy.js
    if (!checked.ok) {
      fail(name + ': ' + checked.error);
      if (onDone) onDone({ ok: false, error: name + ': ' + checked.error });
      return;
    }
    var absolute = checked.url;
    if (SOURCE_EXT.test(name)) {
      // A JSON/JSONL/CSV source is fetched here (without cookies) and imported in the worker.
      fetch(absolute, checked.options).then(function (r) {
        if (!r.ok) throw new Error('HTTP ' + r.status + (r.status === 404 ? ' (not found)' : ''));
        return r.arrayBuffer();
      }).then(function (buf) {
        startImport([{ name: name, bytes: buf }], name, onDone, [buf]);
      }, function (e) {
        var message = name + ': cannot load the archive: ' +
          (/fetch/i.test(e.message) ? 'the server cannot be reached or does not allow it (CORS)' : e.message);
        fail(message);
        if (onDone) onDone({ ok: false, error: message });
      });
      return;
    }
    cancelImport();  // an archive opened now wins over an import still running
    openInWorker('open', { source: { url: absolute } }, name, onDone);
  }

  // Resolves once nothing asked of the archive is on its way and a frame has drawn the answers:
  // at the end of the first frame that drew with everything settled (frameDrawn), or, when no
  // frame comes (the viewer rests once settled), on the second animation frame that finds it so.
  var settledWaiters = [];
  function settled() {
    return new Promise(function (resolve) {
      var tries = 0, done = false;
      function finish() {
        if (done) return;
        done = true;
        var at = settledWaiters.indexOf(finish);
        if (at >= 0) settledWaiters.splice(at, 1);  // resolved by the animation-frame check: no longer waiting
        resolve();
      }
      settledWaiters.push(finish);
      function check() {
        if (done) return;
        if (runtimeReady && Module._stn_settled() && ++tries > 1) { finish(); return; }
        requestAnimationFrame(check);
      }
      requestAnimationFrame(check);
    });
  }

  var SQLITE_MAGIC = 'SQLite format 3\u0000';
  var SOURCE_EXT = /\.(json|jsonl|ndjson|csv)$/i;

  // ---- local files: the "Open…" picker and drag-and-drop ----
  function setError(message) {
    if (runtimeReady) withString(message, function (p) { Module._stn_set_error(p); });
    emit('error', { message: message });
  }

  // Opens a local File in the worker: an archive is read in slices as it is needed (never copied
  // whole); a JSON/JSONL/CSV source is imported there. Resolves with true once it is shown.
  function loadFile(file) {
    if (!runtimeReady) return Promise.resolve(false);
    var name = file.name;
    return file.slice(0, 16).arrayBuffer().then(function (head) {
      var b = new Uint8Array(head), magic = b.length === 16;
      for (var i = 0; magic && i < 16; i++) magic = b[i] === SQLITE_MAGIC.charCodeAt(i);
      if (file.size === 0) { setError(name + ': the file is empty'); return false; }
      if (!magic && !SOURCE_EXT.test(name)) {
        setError(name + ': not a Stenogram archive (.sqlite) or a JSON, JSONL or CSV source');
        return false;
      }
      return new Promise(function (resolve) {
        var done = function (r) { resolve(!!r.ok); };
        if (magic) {
          cancelImport();  // an archive opened now wins over an import still running
          busyBar('Opening ' + name + '…', 0);
          openInWorker('open', { source: { file: file } }, name, done);
        }
        else startImport([{ name: name, file: file }], name, done);
      });
    });
  }

  // ---- imports: JSON/JSONL/CSV sources, in a worker of their own ----
  // The import worker (web/worker.js with a second engine) imports in steps and reports progress;
  // Cancel terminates it at once, whatever step it is in. The archive worker keeps the open archive
  // (answering the viewer all along) until the import's image arrives and is opened there.
  var importJob = null;      // {worker, seq, name, onDone, progress: {what, loaded, total, records, rejected}}

  function startImport(files, name, onDone, transfer) {
    if (importJob) cancelImport();  // a newer import replaces one still running
    var total = 0;
    files.forEach(function (f) { total += f.bytes ? f.bytes.byteLength : f.file ? f.file.size : 0; });
    var job = { seq: ++workerSeq, name: name, onDone: onDone, progress: { what: 'import', loaded: 0, total: total, records: 0, rejected: 0 } };
    try {
      job.worker = newWorker();
    } catch (e) {
      importJob = job;
      endImport(job, { ok: false, error: name + ': cannot start the import worker: ' + (e && e.message || e) });
      return;
    }
    importJob = job;
    job.worker.onmessage = function (e) { onImportMessage(job, e.data || {}); };
    job.worker.onerror = function (e) {
      if (e.preventDefault) e.preventDefault();
      endImport(job, { ok: false, error: name + ': the import stopped (' + (e.message || 'the import worker failed') + ')' });
    };
    showImport(job);
    job.worker.postMessage({ type: 'import', seq: job.seq, files: files, options: {}, returnImage: true }, transfer || []);
  }

  function onImportMessage(job, m) {
    if (importJob !== job) return;
    if (m.type === 'progress' && m.seq === job.seq) {
      job.progress = { what: m.what, loaded: m.loaded || 0, total: m.total || 0, records: m.records || 0, rejected: m.rejected || 0 };
      showImport(job);
      emit('importProgress', api.importing());
    } else if (m.type === 'imported' && m.seq === job.seq) {
      if (!m.ok) { endImport(job, { ok: false, error: m.error || job.name + ': the import failed', report: m.report }); return; }
      importJob = null;
      job.worker.terminate();  // its heap goes with it; the archive worker opens the image
      busyBar('Opening ' + job.name + '…', 1);
      var r = m.report || {};
      openInWorker('open', { source: { bytes: m.image, name: job.name } }, job.name, job.onDone, [m.image],
        { report: r, note: 'imported ' + r.imported + ' document' + (r.imported === 1 ? '' : 's') + (r.rejected ? ', ' + r.rejected + ' rejected' : '') });
    } else if (m.type === 'error') {
      endImport(job, { ok: false, error: job.name + ': ' + m.message });
    }
  }

  // Ends the import job with r ({ok: false, error, cancelled?}): the worker is stopped, the caller told.
  function endImport(job, r) {
    if (importJob !== job) return;
    importJob = null;
    if (job.worker) job.worker.terminate();
    busyBar(null);
    if (!r.cancelled) fail(r.error);
    if (job.onDone) job.onDone(r);
  }

  function showImport(job) {
    var p = job.progress, n = p.records.toLocaleString('en-US');
    var text = p.what === 'index'
      ? 'Indexing ' + job.name + '… ' + n + ' document' + (p.records === 1 ? '' : 's')
      : 'Importing ' + job.name + '… ' + mb(p.loaded) + ' of ' + mb(p.total) + ', ' + n + ' document' + (p.records === 1 ? '' : 's');
    if (readyDone) busyBar(text, p.total ? p.loaded / p.total : 0, cancelImport);
    else { progress.archive = [p.loaded, p.total]; showProgress(text); }
  }
  function mb(n) { return (n / 1e6).toFixed(1) + ' MB'; }

  // Stops the running import at once; the open archive stays as it was. True when one was running.
  function cancelImport() {
    var job = importJob;
    if (!job) return false;
    endImport(job, { ok: false, cancelled: true, error: job.name + ': Import cancelled' });
    toast('Import cancelled: ' + job.name + ' (the open archive is unchanged)', 5000);
    emit('importCancelled', { name: job.name });
    return true;
  }

  function pickFile() {
    var input = document.createElement('input');
    input.type = 'file';
    input.accept = '.sqlite,.sqlite3,.db,.stenogram,.json,.jsonl,.ndjson,.csv';
    input.style.display = 'none';
    input.addEventListener('change', function () {
      if (input.files && input.files[0]) loadFile(input.files[0]);
      input.remove();
    });
    document.body.appendChild(input);
    input.click();
  }

  function installDrop() {
    var overlay = document.getElementById('drop');
    var depth = 0;
    function hasFiles(e) { return e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types || [], 'Files') >= 0; }
    window.addEventListener('dragenter', function (e) {
      if (!hasFiles(e)) return;
      e.preventDefault(); depth++;
      if (overlay) overlay.classList.add('on');
    }, true);
    window.addEventListener('dragover', function (e) { if (hasFiles(e)) { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; } }, true);
    window.addEventListener('dragleave', function () { if (--depth <= 0 && overlay) { depth = 0; overlay.classList.remove('on'); } }, true);
    window.addEventListener('drop', function (e) {
      if (!hasFiles(e)) return;
      e.preventDefault(); e.stopPropagation(); depth = 0;
      if (overlay) overlay.classList.remove('on');
      if (e.dataTransfer.files.length) loadFile(e.dataTransfer.files[0]);
    }, true);
  }

  // ---- fonts: needed before the first frame; fetched as the page starts (with the wasm, not after it) ----
  var fontsFetch = null;
  function fetchFonts() {
    if (offline || fontsFetch) return;
    fontsFetch = Promise.all([fetchBytes('fonts/NotoSans-Regular.ttf', 'fonts'), fetchBytes('fonts/NotoSans-Bold.ttf', 'fonts')]);
    fontsFetch.then(function () { mark('fonts'); }, function () {});
  }
  function loadFonts() {
    if (offline) { fonts = [fromBase64(offline.fonts[0]), fromBase64(offline.fonts[1])]; return; }
    addRunDependency('stenogram-fonts');
    fetchFonts();
    fontsFetch
      .then(function (f) { fonts = f; }, function (e) { fail('Cannot load the fonts: ' + e.message); })
      .then(function () { removeRunDependency('stenogram-fonts'); });
  }

  function giveFont(bytes, i) {
    var p = Module._malloc(bytes.byteLength);
    HEAPU8.set(bytes, p);
    Module._stn_set_font(p, bytes.byteLength, i);
    Module._free(p);
  }

  function giveFonts() {
    if (!fonts) return;
    fonts.forEach(giveFont);
  }

  // Hebrew and Arabic are not part of the first frame: the viewer asks for them the first time it
  // draws text that needs them (ui::Visual); until they arrive those letters are drawn as "?".
  var scriptFonts = 'none';
  function loadScriptFonts() {
    if (scriptFonts !== 'none') return;
    scriptFonts = 'loading';
    var names = ['fonts/NotoSansHebrew-Regular.ttf', 'fonts/NotoSansArabic-Regular.ttf'];
    var got = offline ? Promise.resolve().then(function () {
      if (!offline.fonts[3]) throw new Error('this offline file holds no Hebrew and Arabic fonts');
      return [fromBase64(offline.fonts[2]), fromBase64(offline.fonts[3])];
    }) : Promise.all(names.map(function (n) {
      return fetch(n).then(function (r) {
        if (!r.ok) throw new Error(n + ': HTTP ' + r.status);
        return r.arrayBuffer();
      }).then(function (b) { return new Uint8Array(b); });
    }));
    got.then(function (list) {
      list.forEach(function (bytes, i) { giveFont(bytes, 2 + i); });
      scriptFonts = 'loaded';
    }, function (e) {
      scriptFonts = 'failed';
      console.warn('Stenogram: the Hebrew and Arabic fonts did not load (' + e.message + '); their letters stay "?"');
    });
  }

  // ---- two-finger pinch (one finger reaches the viewer as the mouse through GLFW) ----
  var pinch = { pending: { scale: 1, x: 0, y: 0 }, dist: 0, lastPointer: 'mouse', clicks: 1 };
  (function () {
    var canvas = document.getElementById('canvas');
    if (!canvas) return;
    var measure = function (e) {
      var a = e.touches[0], b = e.touches[1], r = canvas.getBoundingClientRect();
      return { d: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY),
               x: (a.clientX + b.clientX) / 2 - r.left, y: (a.clientY + b.clientY) / 2 - r.top };
    };
    canvas.addEventListener('pointerdown', function (e) { pinch.lastPointer = e.pointerType || 'mouse'; }, true);
    // The browser's own count of presses in a row (the system's double-click time and distance):
    // slow frames cannot split a double-click the way counting frames or ImGui's clock can.
    canvas.addEventListener('mousedown', function (e) { pinch.clicks = e.detail || 1; }, true);
    // Emscripten's GLFW turns touchstart/touchend into button presses but never moves the cursor
    // for a touch: one finger's position is handed on as a mouse move (registered before GLFW's
    // listeners, so the press lands where the finger is). Two fingers pinch and do not move it.
    var follow = function (e) {
      if (e.touches.length !== 1) return;
      var t = e.touches[0];
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: t.clientX, clientY: t.clientY, screenX: t.screenX,
                                                         screenY: t.screenY, bubbles: true }));
    };
    canvas.addEventListener('touchstart', function (e) {
      follow(e);
      if (e.touches.length === 2) pinch.dist = measure(e).d;
    }, { capture: true, passive: true });
    canvas.addEventListener('touchmove', function (e) {
      follow(e);
      if (e.touches.length !== 2 || !pinch.dist) return;
      var m = measure(e);
      if (m.d > 0) {
        pinch.pending = { scale: pinch.pending.scale * (m.d / pinch.dist), x: m.x, y: m.y };
        pinch.dist = m.d;
      }
    }, { capture: true, passive: true });
    canvas.addEventListener('touchend', function (e) { if (e.touches.length < 2) pinch.dist = 0; }, { capture: true, passive: true });
  })();

  // ---- the host object the C++ side calls (platform_web.cpp) ----
  var frames = 0, readyDone = false;
  Module.stenogramHost = {
    loadScriptFonts: loadScriptFonts,
    scriptFonts: function () { return scriptFonts; },
    sendRequest: function (seq, slot, bytes) {
      if (worker) worker.postMessage({ type: 'request', seq: seq, slot: slot, bytes: bytes }, [bytes]);
    },
    setClipboard: function (text) {
      clipboardText = text;
      copyText(text, 'Copied');
    },
    copyLink: function () { copyText(links.shareUrl(), 'Link copied'); },
    pickFile: pickFile,
    takePinch: function () { var p = pinch.pending; pinch.pending = { scale: 1, x: 0, y: 0 }; return p; },
    pointerIsTouch: function () { return pinch.lastPointer === 'touch'; },
    clickCount: function () { return pinch.clicks; },
    clipboardPtr: function () {
      if (clipboardPtr) Module._free(clipboardPtr);
      var n = lengthBytesUTF8(clipboardText) + 1;
      clipboardPtr = Module._malloc(n);
      stringToUTF8(clipboardText, clipboardPtr, n);
      return clipboardPtr;
    },
    // Events from the viewer (src/app/api.cpp NotifyPage, through platform::PostEvent), sent while
    // it draws a frame: listeners run after the frame, so they may call back into the viewer.
    emit: function (type, detail) { Promise.resolve().then(function () { emit(type, detail); }); },
    frameDrawn: function (archiveShown, settledNow) {
      if (!frames) mark('first-frame');
      frames++;
      if (settledNow && settledWaiters.length) {
        var waiting = settledWaiters;
        settledWaiters = [];
        waiting.forEach(function (finish) { finish(); });
      }
      if (!readyDone && archiveShown) {
        readyDone = true;
        if (loader) loader.classList.add('done');
        // A deep link's view is applied before the page says it is ready (its answers take a moment).
        mark('shown');
        links.start().then(function () {
          var s = api.state();
          emit('ready', s);
          readyResolve(s);
        });
      }
    }
  };
  function toast(text, ms) {
    var t = document.getElementById('toast');
    if (!t) return;
    t.textContent = text;
    t.classList.add('on');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.classList.remove('on'); }, ms || 1600);
  }

  // Writes to the clipboard; where the page may not (no clipboard API, an iframe without
  // clipboard-write, no user gesture) the failure is shown in the viewer's error banner.
  function copyText(text, done) {
    clipboardText = text;
    if (!navigator.clipboard || !navigator.clipboard.writeText) {
      setError('Could not copy to the clipboard: this page has no clipboard access.');
      return;
    }
    navigator.clipboard.writeText(text).then(function () { toast(done); emit('copied', { length: text.length, text: text }); },
      function (e) { setError('Could not copy to the clipboard: ' + (e && e.message || e)); });
  }

  document.addEventListener('paste', function (e) {
    clipboardText = (e.clipboardData && e.clipboardData.getData('text/plain')) || clipboardText;
  });

  // ---- the wasm: embedded (offline file), or streamed and compiled while it downloads ----
  Module.instantiateWasm = function (imports, receive) {
    var done = function (r) { receive(r.instance, r.module); };
    var broken = function (e) { fail('Cannot start the viewer (index.wasm): ' + (e && e.message || e)); };
    if (offline) {
      var bytes = fromBase64(offline.wasm);
      progress.wasm = [bytes.byteLength, bytes.byteLength];
      WebAssembly.instantiate(bytes, imports).then(done, broken);
      return {};
    }
    fetch('index.wasm').then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      var total = Number(response.headers.get('Content-Length')) || 0;
      progress.wasm[1] = total;
      var canStream = typeof WebAssembly.instantiateStreaming === 'function' && response.body &&
                      typeof ReadableStream === 'function';
      if (!canStream) {
        return response.arrayBuffer().then(function (buf) {
          progress.wasm = [buf.byteLength, buf.byteLength]; showProgress();
          return WebAssembly.instantiate(buf, imports);
        });
      }
      // Count the bytes as they pass into the compiler.
      var reader = response.body.getReader();
      var counted = new ReadableStream({
        pull: function (controller) {
          return reader.read().then(function (r) {
            if (r.done) { controller.close(); return; }
            progress.wasm[0] += r.value.byteLength;
            if (progress.wasm[1] < progress.wasm[0]) progress.wasm[1] = progress.wasm[0];
            showProgress();
            controller.enqueue(r.value);
          });
        }
      });
      return WebAssembly.instantiateStreaming(new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }), imports);
    }).then(done, broken);
    return {};
  };

  // ---- Module hooks ----
  Module.canvas = document.getElementById('canvas');
  // The canvas keeps its pixels between frames, so a frame redraws only the rectangle that changed
  // (src/app/renderer.cpp): with software GL a full redraw costs the GPU process tens of ms.
  (function (canvas) {
    var getContext = canvas.getContext;
    canvas.getContext = function (type, attrs) {
      if (type === 'webgl2') attrs = Object.assign({}, attrs, { preserveDrawingBuffer: true });
      return getContext.call(canvas, type, attrs);
    };
  })(Module.canvas);
  Module.preRun = (Module.preRun || []).concat([loadFonts]);
  Module.onRuntimeInitialized = function () {
    mark('runtime');
    // main() runs right after this hook and creates the app: hand over fonts and archive after it.
    setTimeout(function () {
      runtimeReady = true;
      giveFonts();
      if (params.get('embed') === '1') {
        var panels = (params.get('panels') || '').split(',').filter(function (x) { return x; });
        var laid = api.command({ type: 'setLayout', embed: true, panels: panels });
        // Shown once the archive is open (opening it clears older messages).
        if (!laid.ok) readyPromise.then(function () { setError('embed: ' + laid.error); });
      }
      openedQueue.splice(0).forEach(function (o) { finishOpen(o.m, o.pending); });
      if (earlyError) { withString(earlyError, function (p) { Module._stn_set_error(p); }); earlyError = null; }
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
    // Runs a command. What needs answers from the archive (opening a document, a search's count)
    // returns a Promise of the outcome, resolved once the answers are in; the rest returns it at once.
    command: function (cmd) {
      var result = callJson(function (p) { return Module._stn_command(p); }, JSON.stringify(cmd || {}));
      if (!result) return { ok: false, error: 'the viewer is still loading' };
      if (!result.then) return result;
      var next = result.then;
      return settled().then(function () { return api.command(next); });
    },
    // What the archive worker has read: {fetchedBytes, requests, cacheBytes, budget, fileSize, mode}.
    archiveStats: function () {
      if (!worker) return Promise.resolve(null);
      var seq = ++workerSeq;
      return new Promise(function (resolve) { statsWaiters[seq] = resolve; worker.postMessage({ type: 'stats', seq: seq }); });
    },
    // The archive the worker holds: {name, size, mode: 'range'|'whole'|'file'|'memory', note}.
    archive: function () { return archiveInfo; },
    // The rectangle (CSS pixels, page coordinates) where a labelled widget was last drawn, or null.
    locate: function (label) {
      var r = callJson(function (p) { return Module._stn_locate(p); }, String(label));
      if (!r) return null;
      var c = Module.canvas.getBoundingClientRect();
      return { x: c.left + r.x, y: c.top + r.y, width: r.width, height: r.height,
               cx: c.left + r.x + r.width / 2, cy: c.top + r.y + r.height / 2 };
    },
    frames: function () { return frames; },
    // Draws for a while from now on (the viewer sleeps when nothing happens; tests wake it).
    wake: function () { wake(); },
    // CPU milliseconds of each frame's work since the last call (a ring of the last 600; drained).
    frameTimes: function () { return callJson(function () { return Module._stn_frame_times(); }) || []; },
    // Bytes loaded and expected, per part of the start-up progress bar: {wasm, fonts, archive: [done, total]}.
    progress: function () { return JSON.parse(JSON.stringify(progress)); },
    // Opens a local File (as the picker and drag-and-drop do); resolves with true when it opened.
    openFile: function (file) { return loadFile(file); },
    // The import running now: {name, what: 'import'|'index', loaded, total (bytes), records
    // (documents imported so far), rejected}, or null.
    importing: function () {
      if (!importJob) return null;
      var p = importJob.progress;
      return { name: importJob.name, what: p.what, loaded: p.loaded, total: p.total, records: p.records, rejected: p.rejected };
    },
    // Stops the running import (as its Cancel button does); true when one was running.
    cancelImport: function () { return cancelImport(); },
    // Loads an archive (or a JSON/JSONL/CSV source) from a URL; resolves with {ok, error}.
    loadArchive: function (url) {
      if (!url) return Promise.resolve({ ok: false, error: 'loadArchive needs a "url"' });
      return readyPromise.then(function () { return new Promise(function (resolve) { startArchive(url, resolve); }); });
    },
    // The shareable link of the current view ({hash, url}); see the deep-link section.
    link: function () { return { hash: links.hashOf(api.state()), url: links.shareUrl() }; },
    params: params,
    on: function (type, fn) { (listeners[type] = listeners[type] || []).push(fn); },
    off: function (type, fn) { listeners[type] = (listeners[type] || []).filter(function (f) { return f !== fn; }); }
  };
  window.stenogram = api;

  // ---- deep links: the view in the URL hash (also accepted as query parameters) ----
  // q=query  speaker=key  f=facet:value (repeated; "-facet:value" excludes)  from/to=YYYY-MM-DD
  // sort=date-asc|date-desc  doc=id  turn=index (0-based turn at the top of the reader)
  // cmp=search (repeated, up to 3: compared on the timeline)  per=1000 (the comparison per 1,000 documents)
  var links = (function () {
    var DAY = 86400000;
    var current = '';        // the hash this page last wrote or applied
    var lastPush = { at: 0, kind: '' };
    var started = false;
    var applying = 0;        // links being applied (back/forward may start one before the last is done): no history entries
    var embedded = params.get('embed') === '1';

    function isoOfDay(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
    function dayOfIso(iso) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
      return m ? Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY) : null;
    }

    function hashOf(s) {
      if (!s || !s.archive) return '';
      var p = new URLSearchParams();
      if (s.query) p.set('q', s.query);
      if (s.speaker) p.set('speaker', s.speaker);
      (s.filters || []).forEach(function (f) { p.append('f', (f.exclude ? '-' : '') + f.facet + ':' + f.value); });
      if (s.dayFrom !== null && s.dayFrom !== undefined) p.set('from', isoOfDay(s.dayFrom));
      if (s.dayTo !== null && s.dayTo !== undefined) p.set('to', isoOfDay(s.dayTo));
      if (s.sort && s.sort !== 'relevance') p.set('sort', s.sort);
      if (s.compare) {
        (s.compare.queries || []).forEach(function (q) { p.append('cmp', q); });
        if (s.compare.perThousand && (s.compare.queries || []).length) p.set('per', '1000');
      }
      if (s.openDocument) {
        p.set('doc', String(s.openDocument.id));
        if (s.openDocument.turn > 0) p.set('turn', String(s.openDocument.turn));
      }
      return p.toString();
    }

    // The view a parameter set describes, as a setView command (missing keys clear).
    function viewOf(p) {
      var cmd = { type: 'setView', query: p.get('q') || '', speaker: p.get('speaker') || '', filters: [] };
      p.getAll('f').forEach(function (f) {
        var exclude = f.charAt(0) === '-', body = exclude ? f.slice(1) : f, i = body.indexOf(':');
        if (i > 0) cmd.filters.push({ facet: body.slice(0, i), value: body.slice(i + 1), exclude: exclude });
      });
      var from = dayOfIso(p.get('from')), to = dayOfIso(p.get('to'));
      if (from !== null) cmd.dayFrom = from;
      if (to !== null) cmd.dayTo = to;
      if (p.get('doc')) cmd.document = parseInt(p.get('doc'), 10) || 0;
      if (p.get('turn')) cmd.turn = parseInt(p.get('turn'), 10) || 0;
      cmd.compare = p.getAll('cmp').slice(0, 3);
      cmd.perThousand = p.get('per') === '1000';
      return { view: cmd, sort: p.get('sort') || 'relevance' };
    }

    // Applies a link's view; resolves with the outcome of the view once its answers are in.
    // Links are applied one after the other (back twice quickly: the second waits for the first).
    var queue = Promise.resolve();
    function apply(p) {
      var v = viewOf(p);
      applying++;
      var run = queue.then(function () { return api.command({ type: 'setSort', sort: v.sort }); })
        .then(function () { return api.command(v.view); })
        .then(function (r) { applying--; return r; }, function (e) { applying--; throw e; });
      queue = run.catch(function () {});
      return run;
    }

    function hashParams() { return new URLSearchParams(window.location.hash.replace(/^#/, '')); }

    // What changed between two link hashes: 'doc', 'filters' (anything but the text and turn), 'q', 'turn' or ''.
    function changeKind(a, b) {
      if (a === b) return '';
      var pa = new URLSearchParams(a), pb = new URLSearchParams(b);
      if (pa.get('doc') !== pb.get('doc')) return 'doc';
      var strip = function (p) { p.delete('q'); p.delete('turn'); return p.toString(); };
      var qa = pa.get('q'), qb = pb.get('q');
      if (strip(pa) !== strip(pb)) return 'filters';
      return qa !== qb ? 'q' : 'turn';
    }

    function baseUrl() {
      var u = new URL(window.location.href);
      u.hash = '';
      ['embed', 'panels', 'theme', 'origin', 'sw', 'q', 'speaker', 'f', 'from', 'to', 'sort', 'doc', 'turn', 'cmp', 'per']
        .forEach(function (k) { u.searchParams.delete(k); });
      return u.toString().replace(/\?$/, '');
    }

    function shareUrl() { var h = hashOf(api.state()); return baseUrl() + (h ? '#' + h : ''); }

    // Called on every stateChanged the viewer sends: records the view in the URL. A new history entry
    // for a new document, filters or range, or a search typed after a pause; typing, scrolling
    // to another turn and changes within 1.5 s of the last entry replace it instead.
    // state: the viewer's state() when the caller has it (a stateChanged event carries it: asking
    // again would assemble and parse it a second time, tens of ms a change on a slow machine).
    function track(state) {
      if (!started || applying > 0) return;
      var h = hashOf(state || api.state());
      if (h === current) return;
      var kind = changeKind(current, h), now = Date.now();
      current = h;
      var url = window.location.pathname + window.location.search + (h ? '#' + h : '');
      var replace = embedded || kind === 'turn' || (kind === 'q' && lastPush.kind === 'q' && now - lastPush.at < 1500);
      try {
        if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
      } catch (e) { /* file:// in some browsers refuses history URLs: the view still works */ }
      if (!replace) lastPush = { at: now, kind: kind };
      else if (kind === 'q') lastPush.at = now;
    }

    // Applies the link the page was opened with; resolves once its view is shown.
    function start() {
      if (started) return Promise.resolve();
      // Query parameters first (embedding, plain links), the hash's keys replace theirs.
      var p = new URLSearchParams(window.location.search), h = hashParams();
      h.forEach(function (v, k) { p.delete(k); });
      h.forEach(function (v, k) { p.append(k, v); });
      var meaningful = ['q', 'speaker', 'f', 'from', 'to', 'sort', 'doc', 'turn', 'cmp', 'per'].some(function (k) { return p.has(k); });
      var applied = Promise.resolve();
      if (meaningful && api.state().archive) {  // no archive: keep its error rather than the link's
        applied = apply(p).then(function (r) {
          if (!r.ok) setError('This link\'s view cannot be shown: ' + r.error);
        });
      }
      started = true;
      applied = applied.then(function () {
        current = hashOf(api.state());
        try { history.replaceState(null, '', window.location.pathname + window.location.search + (current ? '#' + current : '')); } catch (e) { /* ignore */ }
      });
      // Back/forward (and a hash edited by hand) restore the view without new entries.
      var restore = function () {
        var now = window.location.hash.replace(/^#/, '');
        if (now === current) return;
        current = now;
        // A view the link could not show in full (a document that is gone) is recorded as shown.
        apply(hashParams()).then(function () { track(); }, function () {});
        lastPush = { at: 0, kind: '' };
      };
      window.addEventListener('popstate', restore);
      window.addEventListener('hashchange', restore);
      return applied;
    }

    return { start: start, track: track, hashOf: hashOf, shareUrl: shareUrl, viewOf: viewOf, dayOfIso: dayOfIso, isoOfDay: isoOfDay };
  })();
  api.on('stateChanged', function (state) { links.track(state); });
  window.stenogramLinks = links;

  // ---- service worker: the hosted page works offline on the second visit ----
  if (/^https?:$/.test(window.location.protocol) && 'serviceWorker' in navigator && params.get('sw') !== '0') {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register('sw.js').catch(function () { /* blocked or unsupported: online only */ });
    });
  }

  // ---- the viewer rests when nothing happens: input anywhere on the page wakes it ----
  function wake() { if (runtimeReady && Module._stn_wake) Module._stn_wake(); }
  ['mousemove', 'mousedown', 'mouseup', 'wheel', 'keydown', 'keyup', 'touchstart', 'touchmove', 'touchend',
   'pointerdown', 'pointermove', 'pointerup', 'focus', 'blur', 'resize', 'paste', 'dragover', 'drop'].forEach(function (t) {
    window.addEventListener(t, wake, { capture: true, passive: true });
  });
  document.addEventListener('visibilitychange', wake);
  if (window.matchMedia) {  // a new device pixel ratio (zoom, another screen) needs a redraw too
    try { window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)').addEventListener('change', wake); } catch (e) { /* old browsers */ }
  }

  installDrop();
  showProgress('Loading the viewer…');
  fetchFonts();
  startWorker();
  if (offline && !params.get('archive')) {
    var sample = fromBase64(offline.archive);
    openInWorker('open', { source: { bytes: sample.buffer, name: offline.archiveName || 'sample.sqlite' } },
                 offline.archiveName || 'sample.sqlite', null, [sample.buffer]);
  } else if (archiveUrl) {
    startArchive(archiveUrl);
  }
})();
