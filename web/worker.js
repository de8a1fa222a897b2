// worker.js: the archive engine's dedicated Web Worker. It runs the engine build (engine.js +
// engine.wasm: SQLite and the core, no UI) and reads the archive lazily through the core's block
// cache from a byte source written here: synchronous XHR with a Range header for a hosted archive,
// FileReaderSync on file.slice() for a local file, or an ArrayBuffer in memory.
//
// Messages (the page side is web/stenogram.js):
//   page → worker  {type:'open', seq, source: {url} | {file: File} | {bytes: ArrayBuffer, name}, cacheBytes?, blockBytes?, prefetchBytes?}
//                  {type:'import', seq, files: [{name, relativePath?, file?, bytes?}], options: {format?, map?, pattern?}}
//                  {type:'request', seq, slot, bytes: ArrayBuffer}   (in order; a newer queued request with the
//                                                                     same non-empty slot drops the older one)
//                  {type:'stats', seq}
//                  {type:'search', seq, text, speaker?, limit?, plan?} (tests and the benchmark: a ranked search
//                                                                     with snippets, as the results list does;
//                                                                     plan: false reads its rows unplanned)
//                  {type:'peek', seq, offset, length}                 (tests: bytes of the file through the cache)
//   worker → page  {type:'ready'}  {type:'progress', seq, what: 'download'|'cache'|'import', loaded, total}
//                  {type:'opened', seq, ok, error, name, size, mode: 'range'|'whole'|'file'|'memory', note, title, documents}
//                  {type:'answer', seq, bytes (transferred)} | {type:'answer', seq, dropped: true}
//                  {type:'stats', seq, fetchedBytes, requests, cacheBytes, budget, fileSize, mode, ...}
//                  {type:'searched', seq, total, error, rows, ms}  {type:'peeked', seq, ok, bytes}
//                  {type:'error', message}   (unsolicited: the archive changed on the server, ...)
// From file:// the page makes this worker from a Blob URL of engine-single.js + this file.
/* global StenogramEngine, FileReaderSync */
'use strict';
(function () {
  var DEFAULT_BLOCK = 16 * 1024;     // a random row costs a block: small blocks, read-ahead for runs
  var DEFAULT_PREFETCH = 512 * 1024;     // the file's start (the first view's small tables), fetched while the wasm downloads
  var MAX_PARALLEL = 6;                  // range requests in flight at once (planned rows, the warm-up)
  var FILL_IDLE_MS = 300;                // background fill starts after this long without requests
  var FILL_CHUNK = { range: 1 << 20, file: 4 << 20 };  // bytes per fill step (one request each)
  var CHANGED = 'the archive changed on the server; reload the page to open the new version';  // after "name: "

  var engine = null;          // the instantiated engine module
  var queue = [];             // messages waiting for the engine, in order
  var busy = false, scheduled = false;
  var current = null;         // {id, mode, name, size, source}
  var lastActivity = 0, fillTimer = 0, fillSeq = 0;
  var prefetches = new Map(); // open message → Promise of what its source learnt
  self.stenogramSources = {}; // id → {read(offset, length, view) → null | message}; used by the engine
  var nextSourceId = 1;

  function post(m, transfer) { self.postMessage(m, transfer || []); }
  function mb(n) { return (n / 1e6).toFixed(n < 1e7 ? 1 : 0) + ' MB'; }
  function baseName(url) { try { return decodeURIComponent(new URL(url, self.location.href).pathname.split('/').pop()) || url; } catch (e) { return url; } }

  // ---- the engine ------------------------------------------------------------------------------
  function loadEngine() {
    try {
      if (typeof StenogramEngine !== 'function') importScripts(new URL('engine.js', self.location.href).href);
    } catch (e) {
      post({ type: 'error', message: 'the archive engine (engine.js) could not be loaded: ' + (e && e.message || e) });
      return;
    }
    StenogramEngine({
      locateFile: function (f) { return new URL(f, self.location.href).href; },
      print: function () {}, printErr: function (t) { console.warn('[engine] ' + t); },
    }).then(function (m) {
      engine = m;
      post({ type: 'ready' });
      schedule();
    }, function (e) {
      post({ type: 'error', message: 'the archive engine could not start: ' + (e && e.message || e) });
    });
  }
  function cstr(s) {
    var n = engine.lengthBytesUTF8(s) + 1, p = engine._malloc(n);
    engine.stringToUTF8(s, p, n);
    return p;
  }
  function withStrings(strings, fn) {
    var ptrs = strings.map(cstr);
    try { return fn.apply(null, ptrs); } finally { ptrs.forEach(function (p) { engine._free(p); }); }
  }
  function copyIn(bytes) {  // Uint8Array → malloc'd pointer (the caller frees or hands it on)
    var p = engine._malloc(Math.max(1, bytes.length));
    if (!p) throw new Error('out of memory in the archive engine (' + mb(bytes.length) + ')');
    engine.HEAPU8.set(bytes, p);
    return p;
  }
  function json(ptr) { return JSON.parse(engine.UTF8ToString(ptr)); }

  // ---- byte sources ----------------------------------------------------------------------------
  function parseContentRange(v) {
    var m = v && /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(v.trim());
    return m ? { start: Number(m[1]), end: Number(m[2]), total: m[3] === '*' ? NaN : Number(m[3]) } : null;
  }
  function encoded(v) { return v && v.trim().toLowerCase() !== 'identity'; }
  var corsMessage = function () {
    return 'the server answers byte ranges but this page cannot read their Content-Range / Content-Length ' +
      'headers: a cross-origin server must send Access-Control-Expose-Headers: Content-Range, Content-Length (CORS)';
  };

  // Synchronous ranged reads of a hosted archive; every answer is checked against what the first one
  // said. Messages returned go to the engine, which puts the archive's name in front.
  function rangeSource(url, size, validators) {
    var name = baseName(url), changed = null;
    function change() {
      if (!changed) { changed = CHANGED; post({ type: 'error', message: name + ': ' + CHANGED }); }
      return changed;
    }
    // What a ranged answer must be: the bytes asked for, of the same file, uncompressed. Returns
    // null when it is, else the message for a person.
    function check(status, header, body, offset, length) {
      var etag = header('ETag'), modified = header('Last-Modified');
      var cr = parseContentRange(header('Content-Range'));
      var differs = (validators.etag && etag && etag !== validators.etag) || (validators.modified && modified && modified !== validators.modified);
      // A changed file shows as new validators, another total, 412/416, or (the browser's cache
      // revalidating with If-Range) a 200 with the new whole file.
      if (status === 412 || status === 416 || differs || (status === 206 && cr && cr.total !== size) ||
          (status === 200 && body && body.byteLength !== size)) return change();
      if (status === 200) return 'the server stopped answering byte ranges (HTTP 200 with the whole file); reload the page';
      if (status !== 206) return 'HTTP ' + status + ' while reading bytes ' + offset + '-' + (offset + length - 1);
      if (encoded(header('Content-Encoding')))
        return 'the server compressed a byte range (Content-Encoding: ' + header('Content-Encoding') + '); its offsets cannot be trusted';
      if (!cr) return corsMessage();
      var n = body ? body.byteLength : 0;
      if (cr.start !== offset || cr.end !== offset + length - 1 || n !== length)
        return 'asked for bytes ' + offset + '-' + (offset + length - 1) + ', the server sent ' + cr.start + '-' + cr.end + ' (' + n + ' bytes)';
      return null;
    }
    return {
      kind: 'range', networkBytes: 0, networkRequests: 0, networkRounds: 0,
      read: function (offset, length, view) {
        if (changed) return changed;
        var xhr = new XMLHttpRequest();
        xhr.open('GET', url, false);
        xhr.responseType = 'arraybuffer';
        xhr.setRequestHeader('Range', 'bytes=' + offset + '-' + (offset + length - 1));
        try { xhr.send(); } catch (e) { return 'the network failed while reading the archive (' + (e && e.message || e) + ')'; }
        this.networkRequests++;
        this.networkRounds++;
        var bad = check(xhr.status, function (h) { return xhr.getResponseHeader(h); }, xhr.response, offset, length);
        if (bad) return bad;
        view.set(new Uint8Array(xhr.response));
        this.networkBytes += length;
        return null;
      },
      // Several runs at once (one round trip): resolves to [Uint8Array or null (failed)] in order. A
      // failure is left to the synchronous read of the same bytes, which reports it.
      readMany: function (runs) {
        var self_ = this, out = new Array(runs.length), next = 0;
        if (changed) return Promise.resolve(runs.map(function () { return null; }));
        self_.networkRounds++;
        function one(i) {
          var offset = runs[i][0], length = runs[i][1];
          return fetch(url, { headers: { Range: 'bytes=' + offset + '-' + (offset + length - 1) }, credentials: 'omit', cache: 'no-store' })
            .then(function (resp) {
              return resp.arrayBuffer().then(function (buf) {
                self_.networkRequests++;
                if (check(resp.status, function (h) { return resp.headers.get(h); }, buf, offset, length)) return null;
                self_.networkBytes += length;
                return new Uint8Array(buf);
              });
            }).catch(function () { return null; });
        }
        // At most MAX_PARALLEL in flight (a browser's connections to one host).
        function lane() {
          if (next >= runs.length) return Promise.resolve();
          var i = next++;
          return one(i).then(function (bytes) { out[i] = bytes; return lane(); });
        }
        var lanes = [];
        for (var k = 0; k < Math.min(MAX_PARALLEL, runs.length); k++) lanes.push(lane());
        return Promise.all(lanes).then(function () { return out; });
      },
    };
  }
  function fileSource(file) {
    var reader = new FileReaderSync(), failed = null;
    function fail(message) {
      if (!failed) { failed = message; post({ type: 'error', message: file.name + ': ' + message }); }
      return failed;
    }
    return {
      kind: 'file', bytesRead: 0, reads: 0,
      read: function (offset, length, view) {
        if (failed) return failed;
        var buf;
        try { buf = reader.readAsArrayBuffer(file.slice(offset, offset + length)); } catch (e) {
          return fail('the file cannot be read any more (changed, moved or removed on disk?); open it again');
        }
        if (buf.byteLength !== length) return fail('the file changed on disk; open it again');
        view.set(new Uint8Array(buf));
        this.bytesRead += length;
        this.reads++;
        return null;
      },
    };
  }
  function memorySource(buffer) {
    var all = new Uint8Array(buffer);
    return {
      kind: 'memory',
      read: function (offset, length, view) {
        if (offset + length > all.length) return 'read past the end of the archive in memory';
        view.set(all.subarray(offset, offset + length));
        return null;
      },
    };
  }

  // What an open needs before the engine: the size, the source, the file's first bytes, the mode.
  // Started as soon as the message arrives, so the network works while the wasm downloads.
  function prepare(m) {
    var src = m.source || {};
    var prefetch = m.prefetchBytes >= 0 ? m.prefetchBytes : DEFAULT_PREFETCH;
    if (src.file) {
      var f = src.file, s = fileSource(f), n = Math.min(prefetch, f.size);
      var head = new Uint8Array(0);
      if (n > 0) { head = new Uint8Array(new FileReaderSync().readAsArrayBuffer(f.slice(0, n))); s.bytesRead += n; s.reads++; }
      post({ type: 'progress', seq: m.seq, what: 'download', loaded: n, total: f.size });
      return Promise.resolve({ source: s, size: f.size, name: f.name, mode: 'file', head: head, note: '' });
    }
    if (src.bytes) {
      post({ type: 'progress', seq: m.seq, what: 'download', loaded: src.bytes.byteLength, total: src.bytes.byteLength });
      return Promise.resolve({ source: memorySource(src.bytes), size: src.bytes.byteLength, name: src.name || 'archive.sqlite',
        mode: 'memory', head: new Uint8Array(0), note: '' });
    }
    if (!src.url) return Promise.reject(new Error('open: no source (url, file or bytes)'));
    var url = new URL(src.url, self.location.href).href, name = src.name || baseName(url);
    var cannot = name + ': cannot load the archive: ';
    var headers = prefetch > 0 ? { Range: 'bytes=0-' + (prefetch - 1) } : { Range: 'bytes=0-0' };
    var sameOrigin = new URL(url).origin === self.location.origin || self.location.origin === 'null';
    return fetch(url, { headers: headers, credentials: 'omit' }).catch(function (e) {
      throw new Error(name + ': cannot load the archive: ' + (sameOrigin ? 'the server cannot be reached (' + (e && e.message || e) + ')'
        : 'the server cannot be reached or does not allow it (CORS: a server on another origin must send Access-Control-Allow-Origin)'));
    }).then(function (r) {
      if (r.status === 200) return whole(r, url, name, m.seq, '');
      if (r.status === 416) throw new Error(name + ': the file is empty (HTTP 416)');
      if (r.status !== 206) throw new Error(httpError(name, r));
      if (encoded(r.headers.get('Content-Encoding'))) {
        // A compressed range has compressed offsets: read the whole (decompressed) file instead.
        return fetch(url, { credentials: 'omit' }).then(function (w) {
          return whole(w, url, name, m.seq, 'the server compresses the archive (Content-Encoding: ' + r.headers.get('Content-Encoding') + '), so byte ranges cannot be used');
        });
      }
      var cr = parseContentRange(r.headers.get('Content-Range'));
      if (!cr || !(cr.total >= 0)) throw new Error(cannot + corsMessage(url));
      var validators = { etag: r.headers.get('ETag'), modified: r.headers.get('Last-Modified') };
      return r.arrayBuffer().then(function (buf) {
        var s = rangeSource(url, cr.total, validators);
        s.networkBytes += buf.byteLength;
        s.networkRequests++;
        s.networkRounds++;
        post({ type: 'progress', seq: m.seq, what: 'download', loaded: buf.byteLength, total: cr.total });
        return { source: s, size: cr.total, name: name, mode: 'range', head: prefetch > 0 ? new Uint8Array(buf) : new Uint8Array(0), note: '' };
      });
    });
  }
  function httpError(name, r) {
    return name + ': cannot load the archive: HTTP ' + r.status + (r.status === 404 ? ' (not found)' : r.statusText ? ' ' + r.statusText : '');
  }
  // The whole file in one download (a server without Range support), with progress.
  function whole(r, url, name, seq, why) {
    if (!r.ok) throw new Error(httpError(name, r));
    var total = encoded(r.headers.get('Content-Encoding')) ? 0 : Number(r.headers.get('Content-Length')) || 0;
    var reason = why || 'the server does not answer byte ranges (Range)';
    var chunks = [], loaded = 0, reader = r.body && r.body.getReader();
    function done() {
      var all = new Uint8Array(loaded), at = 0;
      chunks.forEach(function (c) { all.set(c, at); at += c.length; });
      var s = memorySource(all.buffer);
      s.networkBytes = loaded;
      s.networkRequests = why ? 2 : 1;
      post({ type: 'progress', seq: seq, what: 'download', loaded: loaded, total: loaded });
      return { source: s, size: loaded, name: name, mode: 'whole', head: new Uint8Array(0),
        note: reason + ': the whole archive (' + mb(loaded) + ') was downloaded' };
    }
    if (!reader) return r.arrayBuffer().then(function (b) { chunks.push(new Uint8Array(b)); loaded = b.byteLength; return done(); });
    var lastPost = 0;
    function pump() {
      return reader.read().then(function (x) {
        if (x.done) return done();
        chunks.push(x.value);
        loaded += x.value.length;
        var t = Date.now();
        if (t - lastPost > 100) { lastPost = t; post({ type: 'progress', seq: seq, what: 'download', loaded: loaded, total: total }); }
        return pump();
      });
    }
    return pump();
  }

  // ---- handlers --------------------------------------------------------------------------------
  function handleOpen(m) {
    var p = prefetches.get(m) || prepare(m);
    prefetches.delete(m);
    return p.then(function (got) {
      var id = nextSourceId++;
      self.stenogramSources[id] = got.source;
      var head = got.head, ptr = head.length ? copyIn(head) : 0, r;
      try {
        r = withStrings([got.name], function (namePtr) {
          return json(engine._stn_worker_open(id, got.size, namePtr, m.blockBytes || DEFAULT_BLOCK, m.cacheBytes || 0, ptr, head.length));
        });
      } finally { if (ptr) engine._free(ptr); }
      if (!r.ok) {
        delete self.stenogramSources[id];
        post({ type: 'opened', seq: m.seq, ok: false, error: r.error, name: got.name, size: got.size, mode: got.mode, note: got.note });
        return;
      }
      if (current) delete self.stenogramSources[current.id];
      current = { id: id, mode: got.mode, name: got.name, size: got.size, source: got.source, seq: m.seq };
      post({ type: 'opened', seq: m.seq, ok: true, error: null, name: got.name, size: got.size, mode: got.mode, note: got.note,
        title: r.title, documents: r.documents, fetchedBytes: got.source.networkBytes || 0 });
      armFill();
    }, function (e) {
      post({ type: 'opened', seq: m.seq, ok: false, error: String(e && e.message || e), name: '', size: 0, mode: '', note: '' });
    });
  }

  function handleImport(m) {
    var files = m.files || [];
    var reader = null, total = 0, name = files.length ? files[0].name : 'import';
    for (var i = 0; i < files.length; i++) {
      var f = files[i], bytes;
      if (f.bytes) bytes = new Uint8Array(f.bytes);
      else if (f.file) { reader = reader || new FileReaderSync(); bytes = new Uint8Array(reader.readAsArrayBuffer(f.file)); }
      else { post({ type: 'opened', seq: m.seq, ok: false, error: (f.name || 'input ' + (i + 1)) + ': no file or bytes', name: name, size: 0, mode: 'memory', note: '' }); return; }
      total += bytes.length;
      var ptr = copyIn(bytes);  // freed by the engine
      withStrings([f.name || 'input-' + (i + 1), f.relativePath || ''], function (n, rel) { engine._stn_worker_import_add(n, rel, ptr, bytes.length); });
      post({ type: 'progress', seq: m.seq, what: 'import', loaded: i + 1, total: files.length });
    }
    var r = withStrings([JSON.stringify(m.options || {})], function (o) { return json(engine._stn_worker_import(o)); });
    if (r.ok) {
      if (current) delete self.stenogramSources[current.id];
      current = { id: 0, mode: 'memory', name: name, size: r.size, source: null, seq: m.seq };
      cancelFill();
    }
    post({ type: 'opened', seq: m.seq, ok: !!r.ok, error: r.ok ? null : r.error, name: name, size: r.ok ? r.size : total, mode: 'memory',
      note: r.ok ? 'imported ' + r.imported + ' document' + (r.imported === 1 ? '' : 's') + (r.rejected ? ', ' + r.rejected + ' rejected' : '') : '',
      title: r.title, documents: r.documents,
      report: { imported: r.imported, rejected: r.rejected, warnings: r.warnings, problems: r.problems } });
  }

  // Over HTTP, the rows a request will look up (a result page, a document) are planned first and
  // their blocks fetched in parallel, one round trip per level of the b-trees, instead of one
  // synchronous read after another (core/readplan.h). At most MAX_PLAN_ROUNDS rounds.
  var MAX_PLAN_ROUNDS = 6;
  // plan() → [[offset, length], ...] still missing; null when there is nothing to prefetch.
  function prefetchPlanned(plan, round) {
    var src = current && current.source;
    if (!src || !src.readMany || round >= MAX_PLAN_ROUNDS) return null;
    var runs = plan();
    if (!runs.length) return null;
    return src.readMany(runs).then(function (got) {
      var any = false;
      got.forEach(function (bytes, i) {
        if (!bytes) return;
        any = true;
        var p = copyIn(bytes);
        try { engine._stn_worker_insert(runs[i][0], p, bytes.length); } finally { engine._free(p); }
      });
      return any ? prefetchPlanned(plan, round + 1) : null;
    });
  }
  function handleRequest(m) {
    var req = new Uint8Array(m.bytes || new ArrayBuffer(0));
    function answer() {
      var ptr = copyIn(req), out;
      try {
        var at = engine._stn_engine_request(ptr, req.length), n = engine._stn_engine_answer_size();
        out = engine.HEAPU8.slice(at, at + n).buffer;
      } finally { engine._free(ptr); }
      post({ type: 'answer', seq: m.seq, bytes: out }, [out]);
    }
    var planned = prefetchPlanned(function () {
      var ptr = copyIn(req);
      try { return json(engine._stn_engine_plan(ptr, req.length)); } finally { engine._free(ptr); }
    }, 0);
    return planned ? planned.then(answer, answer) : answer();
  }

  function stats() {
    var s = json(engine._stn_worker_stats()), src = current && current.source;
    s.mode = current ? current.mode : '';
    s.warmed = !!(current && current.warmed);
    s.name = current ? current.name : '';
    if (src && src.networkBytes !== undefined) { s.networkBytes = src.networkBytes; s.networkRequests = src.networkRequests; s.networkRounds = src.networkRounds !== undefined ? src.networkRounds : src.networkRequests; }
    if (src && src.bytesRead !== undefined) { s.fileBytesRead = src.bytesRead; s.fileReads = src.reads; }
    return s;
  }

  function handle(m) {
    switch (m.type) {
      case 'open': return handleOpen(m);
      case 'import': return handleImport(m);
      case 'request': return handleRequest(m);
      case 'stats': { var s = stats(); s.type = 'stats'; s.seq = m.seq; post(s); return; }
      case 'search': {
        var q = JSON.stringify({ text: m.text || '', speaker: m.speaker || '', limit: m.limit || 20 });
        var searched = function () {
          var r = withStrings([q], function (p) { return json(engine._stn_worker_search(p)); });
          r.type = 'searched'; r.seq = m.seq; post(r);
        };
        var planned = m.plan === false ? null :
          prefetchPlanned(function () { return withStrings([q], function (p) { return json(engine._stn_worker_search_plan(p)); }); }, 0);
        return planned ? planned.then(searched, searched) : searched();
      }
      case 'peek': {
        var p = engine._malloc(Math.max(1, m.length)), ok = engine._stn_worker_peek(m.offset, m.length, p);
        var bytes = engine.HEAPU8.slice(p, p + m.length).buffer;
        engine._free(p);
        post({ type: 'peeked', seq: m.seq, ok: !!ok, bytes: ok ? bytes : null });
        return;
      }
      default: post({ type: 'error', message: 'worker: unknown message type "' + m.type + '"' });
    }
  }

  // ---- the queue -------------------------------------------------------------------------------
  self.onmessage = function (e) {
    var m = e.data || {};
    if (m.type !== 'stats') lastActivity = Date.now();  // asking for statistics is not activity (a page may poll)
    if (m.type === 'open') prefetches.set(m, prepare(m));  // network now, before the engine is ready
    if (m.type === 'request' && m.slot) {
      queue = queue.filter(function (q) {
        if (q.type === 'request' && q.slot === m.slot) { post({ type: 'answer', seq: q.seq, dropped: true }); return false; }
        return true;
      });
    }
    queue.push(m);
    schedule();
  };
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(pump, 0);
  }
  function pump() {
    scheduled = false;
    if (!engine || busy || !queue.length) return;
    var m = queue.shift();
    busy = true;
    var finish = function () { busy = false; if (m.type !== 'stats') lastActivity = Date.now(); schedule(); };
    try {
      Promise.resolve(handle(m)).then(finish, function (e) {
        post({ type: 'error', message: String(e && e.message || e) });
        finish();
      });
    } catch (e) {
      if (m.type === 'request') post({ type: 'answer', seq: m.seq, bytes: null, error: String(e && e.message || e) });
      else post({ type: 'error', message: String(e && e.message || e) });
      finish();
    }
  }

  // ---- background work between requests: over HTTP first the warm-up (the index's sizes and term
  // pages, the b-trees' interior pages: core/readplan.h PlanWarmUp, fetched in parallel a level at a
  // time), then, when the whole file fits the budget, the rest of the file in chunks -------------
  function cancelFill() { clearTimeout(fillTimer); fillTimer = 0; }
  function armFill() {
    cancelFill();
    if (!current || (current.mode !== 'range' && current.mode !== 'file')) return;
    current.warmed = current.mode !== 'range';
    fillSeq = current.seq;
    fillTimer = setTimeout(fillStep, FILL_IDLE_MS);
  }
  function warmStep(rounds) {
    var archive = current;
    var runs = rounds < 12 ? json(engine._stn_worker_warm_plan()) : [];
    if (!runs.length) { archive.warmed = true; fillTimer = setTimeout(fillStep, 0); return; }
    archive.source.readMany(runs).then(function (got) {
      if (current !== archive) return;  // another archive opened meanwhile: these bytes are not its
      var any = false;
      got.forEach(function (bytes, i) {
        if (!bytes) return;
        any = true;
        var p = copyIn(bytes);
        try { engine._stn_worker_insert(runs[i][0], p, bytes.length); } finally { engine._free(p); }
      });
      if (!any) archive.warmed = true;
      fillTimer = setTimeout(function () { fillTimer = 0; fillStep(rounds + 1); }, 0);
    });
  }
  function fillStep(rounds) {
    fillTimer = 0;
    if (!current || !engine) return;
    var idle = Date.now() - lastActivity;
    if (busy || queue.length || idle < FILL_IDLE_MS) { fillTimer = setTimeout(function () { fillStep(rounds); }, Math.max(20, FILL_IDLE_MS - idle)); return; }
    if (!current.warmed) { fillTimer = -1; warmStep(rounds || 0); return; }
    var st = json(engine._stn_worker_stats());
    if (!st.fillPossible || st.filled) return;
    var n = engine._stn_worker_fill_step(FILL_CHUNK[current.mode] || (1 << 20));
    var s = json(engine._stn_worker_stats());
    post({ type: 'progress', seq: fillSeq, what: 'cache', loaded: s.cacheBytes, total: s.fileSize });
    if (n > 0) fillTimer = setTimeout(fillStep, 0);
  }

  setTimeout(loadEngine, 0);
})();
