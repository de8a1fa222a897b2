// worker.js: the archive engine's dedicated Web Worker. It runs the engine build (engine.js +
// engine.wasm: SQLite and the core, no UI) and reads the archive lazily through the core's block
// cache from a byte source written here: synchronous XHR with a Range header for a hosted archive,
// FileReaderSync on file.slice() for a local file, or an ArrayBuffer in memory.
//
// Messages (the page side is web/stenogram.js):
//   page → worker  {type:'open', seq, source: {url} | {file: File} | {bytes: ArrayBuffer, name}, cacheBytes?, blockBytes?, prefetchBytes?}
//                  {type:'import', seq, files: [{name, relativePath?, file?, bytes?}], options: {format?, map?, pattern?},
//                   returnImage?}   (imported in steps: a big JSONL file in parts, progress after each; with
//                                    returnImage the archive image comes back in 'imported' instead of
//                                    being opened here: the page's import worker, web/stenogram.js)
//                  {type:'cancel', seq}                               (stops import seq between two steps)
//                  {type:'request', seq, slot, bytes: ArrayBuffer}   (in order, but slots "search" and "rows" first;
//                                                                     a newer queued request with the same non-empty
//                                                                     slot drops the older one)
//                  {type:'stats', seq}
//                  {type:'shown', seq}   (the page has drawn open seq's first view with all its answers:
//                                         the background warm-up may start; it waits for this, at most
//                                         SHOWN_WAIT_MS after the open)
//                  {type:'search', seq, text, speaker?, limit?, plan?} (tests and the benchmark: a ranked search
//                                                                     with snippets, as the results list does;
//                                                                     plan: false reads its rows unplanned)
//                  {type:'peek', seq, offset, length}                 (tests: bytes of the file through the cache)
//   worker → page  {type:'ready'}  {type:'progress', seq, what: 'download'|'cache'|'import'|'index', loaded, total,
//                   records?, rejected?}   (import: bytes of the inputs done and documents imported so far)
//                  {type:'opened', seq, ok, error, name, size, mode: 'range'|'whole'|'file'|'memory', note, title, documents,
//                   report?, cancelled?}   (always, once per open or import, whatever happened)
//                  {type:'imported', seq, ok, error, name, image (ArrayBuffer, transferred), size, report, cancelled?}
//                  {type:'answer', seq, bytes (transferred)} | {type:'answer', seq, dropped: true}
//                  {type:'stats', seq, fetchedBytes, requests, cacheBytes, budget, fileSize, mode, heapBytes, ...}
//                  {type:'searched', seq, total, error, rows, ms}  {type:'peeked', seq, ok, bytes}
//                  {type:'error', message}   (unsolicited: the archive changed on the server, ...)
// From file:// the page makes this worker from a Blob URL of engine-single.js + this file.
// The engine never throws into this file (engine entry points turn C++ exceptions into error replies,
// src/worker/worker_main.cpp); what can still come out of it (a trap, a stack overflow) fails the
// message at hand with its words, and every open or import is answered.
/* global StenogramEngine, FileReaderSync */
'use strict';
(function () {
  var DEFAULT_BLOCK = 16 * 1024;     // a random row costs a block: small blocks, read-ahead for runs
  var DEFAULT_PREFETCH = 512 * 1024;     // the file's start (the first view's small tables), fetched while the wasm downloads
  var MAX_PARALLEL = 6;                  // range requests in flight at once (planned rows, the warm-up)
  var FILE_PARALLEL = 16;                // reads of a local file in flight at once (the same plans)
  var HOT_STEP = 8 << 20;                // bytes per step of a local file's read-ahead (hotStep)
  var FILL_IDLE_MS = 300;                // background fill starts after this long without requests
  var SHOWN_WAIT_MS = 5000;              // ... and once the page has shown the first view, or this long after the open
  var FILL_CHUNK = { range: 1 << 20, file: 4 << 20 };  // bytes per fill step (one request each)
  var IMPORT_PART = 4 << 20;             // a JSONL file is imported in parts of about this many bytes
  var JSONL_NAME = /\.(jsonl|ndjson)$/i;
  var CHANGED = 'the archive changed on the server; reload the page to open the new version';  // after "name: "

  var engine = null;          // the instantiated engine module
  var queue = [];             // messages waiting for the engine, in order
  var busy = false, scheduled = false;
  var parked = null;          // the request whose planned reads are in flight (the engine is free meanwhile)
  var current = null;         // {id, mode, name, size, source}
  var lastActivity = 0, fillTimer = 0, fillSeq = 0;
  var prefetches = new Map(); // open message → Promise of what its source learnt
  self.stenogramSources = {}; // id → {read(offset, length, view) → null | message}; used by the engine
  var nextSourceId = 1;
  var cancelled = {};         // seq → true: imports asked to stop

  function post(m, transfer) { self.postMessage(m, transfer || []); }
  function mb(n) { return (n / 1e6).toFixed(n < 1e7 ? 1 : 0) + ' MB'; }
  function baseName(url) { try { return decodeURIComponent(new URL(url, self.location.href).pathname.split('/').pop()) || url; } catch (e) { return url; } }

  // ---- the engine ------------------------------------------------------------------------------
  // Two modules are loaded the same way: the engine as the worker starts, the importer when a dump
  // is first imported. The offline file's worker has the engine inlined (StenogramEngine defined
  // already, with the import code in it: nothing to fetch).
  var WEB = /^https?:$/.test(self.location.protocol);
  function here(name) { return new URL(name, self.location.href).href; }
  // A module's script is fetched without blocking this worker (importScripts of the URL would hold
  // every message, an open's first range request too, until it has arrived), then run from a Blob
  // URL; if it cannot be fetched, importScripts of the URL says why.
  function runScript(name) {
    var url = here(name);
    var code = !WEB ? Promise.resolve(url) : fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.text();
    }).then(function (text) { return URL.createObjectURL(new Blob([text], { type: 'text/javascript' })); }, function () { return url; });
    return code.then(function (src) {
      try { importScripts(src); } finally { if (src !== url) URL.revokeObjectURL(src); }
    });
  }
  // A module's wasm is fetched and compiled alongside its script (not after it has arrived and
  // run); a restart instantiates the same compiled module again. null where there is no URL to fetch.
  function compileWasm(name) {
    if (!WEB) return null;
    var compiled = fetch(here(name), { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error(name + ': HTTP ' + response.status);
      if (typeof WebAssembly.compileStreaming !== 'function') return response.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
      var copy = response.clone();  // a server that sends another MIME type than application/wasm: compiled from bytes
      return WebAssembly.compileStreaming(response).catch(function () {
        return copy.arrayBuffer().then(function (b) { return WebAssembly.compile(b); });
      });
    });
    compiled.catch(function () {});  // a failure shows when the module starts (its own fetch says why)
    return compiled;
  }
  // Emscripten's options for a module instantiated from compiled (or fetching its wasm itself).
  function moduleOptions(compiled, what) {
    return {
      locateFile: function (f) { return here(f); },
      instantiateWasm: compiled ? function (imports, done) {
        compiled.then(function (module) { return WebAssembly.instantiate(module, imports).then(function (instance) { done(instance, module); }); })
          .catch(function (e) { post({ type: 'error', message: 'the ' + what + ' could not start: ' + (e && e.message || e) }); });
        return {};  // the exports come through done()
      } : undefined,
      print: function () {}, printErr: function (t) { console.warn('[' + what + '] ' + t); },
    };
  }
  var inlinedEngine = typeof StenogramEngine === 'function';
  var wasmModule = inlinedEngine ? null : compileWasm('engine.wasm');
  function loadEngine() {
    (inlinedEngine ? Promise.resolve() : runScript('engine.js')).then(function () {
      startEngine().then(function () {
        post({ type: 'ready' });
        schedule();
      });
    }, function (e) {
      post({ type: 'error', message: 'the archive engine (engine.js) could not be loaded: ' + (e && e.message || e) });
    });
  }
  function startEngine() {
    return StenogramEngine(moduleOptions(wasmModule, 'archive engine')).then(function (m) {
      engine = m;
    }, function (e) {
      post({ type: 'error', message: 'the archive engine could not start: ' + (e && e.message || e) });
    });
  }
  // After a trap or a stack overflow the engine's memory cannot be trusted: a fresh instance takes
  // over and reopens the open archive from its source (every source lives here, in JavaScript).
  function restartEngine(why) {
    if (!engine) return;
    engine = null;
    cancelFill();
    post({ type: 'error', message: 'the archive engine failed (' + why + ') and was restarted' });
    startEngine().then(function () {
      if (engine && current && self.stenogramSources[current.id]) {
        var r = { ok: false };
        try {
          r = withStrings([current.name], function (namePtr) {
            return json(engine._stn_worker_open(current.id, current.size, namePtr, DEFAULT_BLOCK, 0, 0, 0));
          });
        } catch (e) { r = { ok: false, error: String(e && e.message || e) }; }
        if (!r.ok) {
          post({ type: 'error', message: current.name + ': cannot be reopened after the engine failed: ' + r.error });
          current = null;
        } else armFill();
      }
      schedule();
    });
  }
  // These work on the engine, or on the module mod when given (the importer).
  function cstr(s, mod) {
    var e = mod || engine, n = e.lengthBytesUTF8(s) + 1, p = e._malloc(n);
    e.stringToUTF8(s, p, n);
    return p;
  }
  function withStrings(strings, fn, mod) {
    var e0 = mod || engine, ptrs = strings.map(function (s) { return cstr(s, e0); });
    try { return fn.apply(null, ptrs); } finally { release(e0, ptrs); }
  }
  // Frees ptrs in module e0 unless a restart replaced it (a trapped module is not called again).
  function release(e0, ptrs) {
    if (e0 && (e0 === engine || e0 === importer)) ptrs.forEach(function (p) { if (p) e0._free(p); });
  }
  function copyIn(bytes, mod) {  // Uint8Array → malloc'd pointer (the caller frees or hands it on)
    var e = mod || engine, p = e._malloc(Math.max(1, bytes.length));
    if (!p) throw new Error('out of memory in the archive engine (' + mb(bytes.length) + ')');
    e.HEAPU8.set(bytes, p);
    return p;
  }
  function json(ptr, mod) { return JSON.parse((mod || engine).UTF8ToString(ptr)); }

  // ---- the importer ----------------------------------------------------------------------------
  // The hosted engine reads only; the import code (JSON, JSONL, CSV and text dumps into an archive)
  // is a second build, engine-import.js/.wasm, fetched the first time a dump is imported and run as
  // a module of its own next to the engine. Its image is then opened by the engine like any archive
  // in memory, and the module is let go (its memory with it). The offline file's inlined engine has
  // the import code in it: it imports itself.
  var importer = null;        // the module an import runs in (the engine itself when it can import)
  var importerCompiled = null, importerLoaded = null;
  function loadImporter() {
    if (engine && typeof engine._stn_import_begin === 'function') return Promise.resolve(engine);
    if (!importerLoaded) {
      importerLoaded = runScript('engine-import.js');
      importerLoaded.catch(function () { importerLoaded = null; });  // a later import tries again
    }
    if (!importerCompiled) {
      importerCompiled = compileWasm('engine-import.wasm');
      if (importerCompiled) importerCompiled.catch(function () { importerCompiled = null; });
    }
    var compiled = importerCompiled;
    return importerLoaded.then(function () {
      return StenogramImportEngine(moduleOptions(compiled, 'importer'));  // eslint-disable-line no-undef
    }).catch(function (e) {
      throw new Error('the importer (engine-import.js) could not be loaded: ' + (e && e.message || e));
    });
  }

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
      kind: 'file', bytesRead: 0, reads: 0, readMs: 0,
      read: function (offset, length, view) {
        if (failed) return failed;
        var buf, t0 = performance.now();
        try { buf = reader.readAsArrayBuffer(file.slice(offset, offset + length)); } catch (e) {
          return fail('the file cannot be read any more (changed, moved or removed on disk?); open it again');
        }
        if (buf.byteLength !== length) return fail('the file changed on disk; open it again');
        view.set(new Uint8Array(buf));
        this.bytesRead += length;
        this.reads++;
        this.readMs += performance.now() - t0;
        return null;
      },
      // Several runs at once: each synchronous read costs ~1.4 ms of the browser's file machinery
      // whatever its size (measured for 4-64 KB), so a planned batch is read in parallel instead.
      // Resolves to [Uint8Array or null] in order; a failure is left to the synchronous read.
      readMany: function (runs) {
        var self_ = this, out = new Array(runs.length), next = 0, t0 = performance.now();
        if (failed) return Promise.resolve(runs.map(function () { return null; }));
        function lane() {
          if (next >= runs.length) return Promise.resolve();
          var i = next++, offset = runs[i][0], length = runs[i][1];
          return file.slice(offset, offset + length).arrayBuffer().then(function (buf) {
            if (buf.byteLength === length) { out[i] = new Uint8Array(buf); self_.bytesRead += length; self_.reads++; }
          }, function () { out[i] = null; }).then(lane);
        }
        var lanes = [];
        for (var k = 0; k < Math.min(FILE_PARALLEL, runs.length); k++) lanes.push(lane());
        return Promise.all(lanes).then(function () { self_.readMs += performance.now() - t0; return out; });
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
    return p.then(function (got) { openPrepared(m.seq, got, m, {}); }, function (e) {
      post({ type: 'opened', seq: m.seq, ok: false, error: String(e && e.message || e), name: '', size: 0, mode: '', note: '' });
    });
  }

  // Opens what prepare() (or an import) made ready, with options.blockBytes/cacheBytes; posts 'opened'
  // (with extra's fields) whatever happens.
  function openPrepared(seq, got, options, extra) {
    function answer(fields) {
      var out = { type: 'opened', seq: seq };
      Object.keys(fields).forEach(function (k) { out[k] = fields[k]; });
      Object.keys(extra).forEach(function (k) { if (out[k] === undefined || k === 'note') out[k] = extra[k]; });
      post(out);
    }
    var id = nextSourceId++, ptr = 0, r, e0 = engine;
    self.stenogramSources[id] = got.source;
    try {
      var head = got.head;
      ptr = head.length ? copyIn(head) : 0;
      r = withStrings([got.name], function (namePtr) {
        return json(engine._stn_worker_open(id, got.size, namePtr, options.blockBytes || DEFAULT_BLOCK, options.cacheBytes || 0, ptr, head.length));
      });
    } catch (e) {
      r = { ok: false, error: got.name + ': ' + engineTrouble(e) };
    } finally { release(e0, [ptr]); }
    if (!r.ok) {
      delete self.stenogramSources[id];
      answer({ ok: false, error: r.error, name: got.name, size: got.size, mode: got.mode, note: got.note });
      return;
    }
    if (current) delete self.stenogramSources[current.id];
    current = { id: id, mode: got.mode, name: got.name, size: got.size, source: got.source, seq: seq, openedAt: Date.now(), shown: false };
    answer({ ok: true, error: null, name: got.name, size: got.size, mode: got.mode, note: got.note,
      title: r.title, documents: r.documents, fetchedBytes: got.source.networkBytes || 0 });
    armFill();
  }

  // Words for what came out of the engine instead of a reply (the engine itself turns C++ exceptions
  // into replies; this is a trap or a stack overflow).
  function engineTrouble(e) {
    var why = String(e && e.message || e).slice(0, 200);
    if (e instanceof WebAssembly.RuntimeError || e instanceof RangeError) restartEngine(why);
    return 'the archive engine failed (' + why + ')';
  }

  // Imports m.files in steps (src/worker/worker_main.cpp, stn_import_*): each input whole, a JSONL
  // file over IMPORT_PART bytes in parts cut at line boundaries (read slice by slice, never whole);
  // progress after each step; a 'cancel' for this seq stops it between two steps. The image is then
  // opened here as an archive in memory or, with returnImage, handed back to the page.
  function handleImport(m) {
    return loadImporter().then(function (im) {
      importer = im;
      return importWith(im, m);
    }, function (e) {
      if (m.returnImage) post({ type: 'imported', seq: m.seq, ok: false, error: e.message });
      else post({ type: 'opened', seq: m.seq, ok: false, error: e.message, name: '', size: 0, mode: 'memory', note: '' });
    });
  }
  // A trap in the importer: it is dropped (the next import starts a new one); the engine and its
  // archive are untouched. When the engine is the importer it restarts as after any trap.
  function importTrouble(im, e) {
    if (im === engine) return importTrouble(im, e);
    if (importer === im) importer = null;
    return 'the importer failed (' + String(e && e.message || e).slice(0, 200) + ')';
  }
  function importWith(im, m) {
    var files = m.files || [], options = m.options || {};
    files.forEach(function (f) { if (f.bytes && !(f.bytes instanceof ArrayBuffer)) f.bytes = new Uint8Array(f.bytes).buffer; });
    var name = files.length ? (files[0].name || 'import') : 'import';
    var names = files.map(function (f, i) { return f.name || 'input-' + (i + 1); }).join(', ');
    var total = 0, done = 0, reader = null, last = {};
    files.forEach(function (f) { total += f.bytes ? f.bytes.byteLength : f.file ? f.file.size : 0; });
    function report(r) { return { imported: r.imported || 0, rejected: r.rejected || 0, warnings: r.warnings || 0, problems: r.problems || [] }; }
    function later(fn) { return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(fn); }
    function finish(fields) {  // the one answer
      delete cancelled[m.seq];
      try { im._stn_import_drop(); } catch (e) { /* the module is gone: nothing to free */ }
      if (importer === im && im !== engine) importer = null;  // its memory goes with it
      if (!fields.report) fields.report = report(last);
      if (m.returnImage) {
        var out = { type: 'imported', seq: m.seq, name: name };
        Object.keys(fields).forEach(function (k) { out[k] = fields[k]; });
        post(out, fields.image ? [fields.image] : []);
      } else if (!fields.ok) {
        post({ type: 'opened', seq: m.seq, ok: false, error: fields.error, name: name, size: total, mode: 'memory', note: '',
          report: fields.report, cancelled: !!fields.cancelled });
      } else {
        openPrepared(m.seq, { source: memorySource(fields.image), size: fields.size, name: name, mode: 'memory', head: new Uint8Array(0), note: '' },
          {}, { note: importNote(fields.report), report: fields.report });
      }
    }
    function readPart(f, offset, length) {
      if (f.bytes) return new Uint8Array(f.bytes, offset, Math.max(0, Math.min(length, f.bytes.byteLength - offset)));
      reader = reader || new FileReaderSync();
      return new Uint8Array(reader.readAsArrayBuffer(f.file.slice(offset, offset + length)));
    }
    // The next part of a big JSONL file: whole lines, the file's line and record numbers where it starts.
    function nextPart(f, st) {
      for (;;) {
        if (st.offset >= st.size) {
          if (!st.carry.length) return null;
          var rest = st.carry;
          st.carry = new Uint8Array(0);
          return counted(rest, st);
        }
        var chunk = readPart(f, st.offset, IMPORT_PART);
        if (!chunk.length) throw new Error('the file changed while it was read; open it again');
        st.offset += chunk.length;
        var buf = chunk;
        if (st.carry.length) { buf = new Uint8Array(st.carry.length + chunk.length); buf.set(st.carry); buf.set(chunk, st.carry.length); }
        if (st.offset >= st.size) { st.carry = new Uint8Array(0); return counted(buf, st); }
        var cut = buf.lastIndexOf(10);
        if (cut < 0) { st.carry = buf; continue; }  // a line longer than a part: read on
        st.carry = buf.slice(cut + 1);
        return counted(buf.subarray(0, cut + 1), st);
      }
    }
    function counted(bytes, st) {
      var part = { bytes: bytes, firstLine: st.line, firstRecord: st.record }, lines = 0, records = 0, ink = false;
      for (var i = 0; i < bytes.length; i++) {
        var c = bytes[i];
        if (c === 10) { lines++; if (ink) records++; ink = false; } else if (c > 32) ink = true;
      }
      if (ink) records++;  // records are non-blank lines, as the importer counts them
      st.line += lines;
      st.record += records;
      return part;
    }
    function add(f, part) {
      var ptr = copyIn(part.bytes, im);  // freed by the importer
      return withStrings([f.name || 'input', f.relativePath || ''], function (n, rel) {
        return json(im._stn_import_add(n, rel, ptr, part.bytes.length, part.firstLine, part.firstRecord), im);
      }, im);
    }
    var fi = 0, st = null;
    function loop() {
      if (cancelled[m.seq]) return finish({ ok: false, cancelled: true, error: name + ': Import cancelled' });
      try {
        if (fi >= files.length) return index();
        var f = files[fi];
        if (!f.bytes && !f.file) return finish({ ok: false, error: (f.name || 'input ' + (fi + 1)) + ': no file or bytes' });
        var size = f.bytes ? f.bytes.byteLength : f.file.size, part;
        if (size > IMPORT_PART && (JSONL_NAME.test(f.name || '') || /^jsonl$/i.test(options.format || ''))) {
          st = st || { offset: 0, size: size, carry: new Uint8Array(0), line: 1, record: 1 };
          part = nextPart(f, st);
          if (!part) { fi++; st = null; return later(loop); }
        } else {
          part = { bytes: readPart(f, 0, size), firstLine: 1, firstRecord: 1 };
          fi++;
        }
        var r = add(f, part);
        last = r;
        done += part.bytes.length;
        post({ type: 'progress', seq: m.seq, what: 'import', loaded: done, total: total, records: r.imported || 0, rejected: r.rejected || 0 });
        if (!r.ok) return finish({ ok: false, error: r.error, report: report(r) });
      } catch (e) {
        return finish({ ok: false, error: name + ': ' + (e instanceof Error && !(e instanceof WebAssembly.RuntimeError) ? e.message : importTrouble(im, e)) });
      }
      return later(loop);
    }
    function index() {  // entities, statistics and the search index: one step
      post({ type: 'progress', seq: m.seq, what: 'index', loaded: total, total: total, records: last.imported || 0, rejected: last.rejected || 0 });
      return later(function () {
        if (cancelled[m.seq]) return finish({ ok: false, cancelled: true, error: name + ': Import cancelled' });
        try {
          var r = json(im._stn_import_finish(), im);
          if (!r.ok) return finish({ ok: false, error: r.error, report: report(r) });
          var at = im._stn_import_image(), n = im._stn_import_image_size();
          var image = im.HEAPU8.slice(at, at + n).buffer;
          im._stn_import_drop();
          return finish({ ok: true, error: null, image: image, size: n, report: report(r) });
        } catch (e) {
          return finish({ ok: false, error: name + ': ' + importTrouble(im, e) });
        }
      });
    }
    var begun;
    try {
      begun = withStrings([names, JSON.stringify(options)], function (n, o) { return json(im._stn_import_begin(n, o), im); }, im);
    } catch (e) {
      begun = { ok: false, error: name + ': ' + importTrouble(im, e) };
    }
    if (!begun.ok) { finish({ ok: false, error: begun.error, report: report(begun) }); return Promise.resolve(); }
    return later(loop);
  }
  function importNote(r) {
    return 'imported ' + r.imported + ' document' + (r.imported === 1 ? '' : 's') + (r.rejected ? ', ' + r.rejected + ' rejected' : '');
  }

  // Over HTTP, the rows a request will look up (a result page, a document) are planned first and
  // their blocks fetched in parallel, one round trip per level of the b-trees, instead of one
  // synchronous read after another (core/archive/readplan.h). At most MAX_PLAN_ROUNDS rounds (a
  // bound, not a budget: a cold ranked search plans its index's levels, then its rows' — about 9).
  var MAX_PLAN_ROUNDS = 16;
  // plan() → [[offset, length], ...] still missing; null when there is nothing to prefetch.
  // Puts what readMany brought (got[i] for runs[i], null when it failed) into the cache; whether any came.
  function insertFetched(runs, got) {
    var any = false;
    got.forEach(function (bytes, i) {
      if (!bytes) return;
      any = true;
      var p = copyIn(bytes), e0 = engine;
      try { engine._stn_worker_insert(runs[i][0], p, bytes.length); } finally { release(e0, [p]); }
    });
    return any;
  }
  function prefetchPlanned(plan, round) {
    var src = current && current.source;
    if (!src || !src.readMany || round >= MAX_PLAN_ROUNDS) return null;
    var runs = plan();
    if (!runs.length) return null;
    return src.readMany(runs).then(function (got) {
      var any = insertFetched(runs, got);
      return any ? prefetchPlanned(plan, round + 1) : null;
    });
  }
  function handleRequest(m) {
    var req = new Uint8Array(m.bytes || new ArrayBuffer(0)), t0 = performance.now();
    function answer() {
      var ptr = copyIn(req), out, e0 = engine;
      try {
        var at = engine._stn_engine_request(ptr, req.length), n = engine._stn_engine_answer_size();
        out = engine.HEAPU8.slice(at, at + n).buffer;
      } finally { release(e0, [ptr]); }
      if (!out.byteLength) { post({ type: 'answer', seq: m.seq, bytes: null, error: 'the archive engine ran out of memory' }); return; }
      // ms: this worker's time on it, from taking it off the queue (its planned reads, and what it
      // served while they came, included).
      post({ type: 'answer', seq: m.seq, bytes: out, ms: performance.now() - t0 }, [out]);
    }
    // One request at a time waits for its reads (a second one reads synchronously, as unplanned).
    // After each step of its plan the queue is looked at again (schedule): a step may have run the
    // request's query, whose kept ids then serve the facet counts and months without a read.
    var planned = parked ? null : prefetchPlanned(function () { var runs = planOf(req); if (parked) schedule(); return runs; }, 0);
    if (!planned) return answer();
    // While its reads are in flight, the engine serves the queued requests that need none (pump,
    // nextWhileParked): a search's facet counts and months are computed while its rows' texts come.
    parked = m;
    busy = false;
    schedule();
    var resume = function () { parked = null; busy = true; answer(); };
    return planned.then(resume, resume);
  }
  function planOf(req) {
    var ptr = copyIn(req), e0 = engine;
    try { return json(engine._stn_engine_plan(ptr, req.length)); } finally { release(e0, [ptr]); }
  }

  function stats() {
    var s = json(engine._stn_worker_stats()), src = current && current.source;
    s.mode = current ? current.mode : '';
    s.warmed = !!(current && current.warmed);
    // A local file's background reading is done: what every search reads is held (or the whole file).
    s.readAhead = !!(current && (current.mode !== 'file' || (current.hot && (!s.fillPossible || s.filled))));
    s.heapBytes = engine.HEAPU8.length;  // the engine's wasm memory (the block cache is in it)
    s.name = current ? current.name : '';
    if (src && src.networkBytes !== undefined) { s.networkBytes = src.networkBytes; s.networkRequests = src.networkRequests; s.networkRounds = src.networkRounds !== undefined ? src.networkRounds : src.networkRequests; }
    if (src && src.bytesRead !== undefined) { s.fileBytesRead = src.bytesRead; s.fileReads = src.reads; s.fileReadMs = src.readMs; }
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
      case 'fault': {  // tests of the engine's exception boundary (stn_worker_fault)
        var f = json(engine._stn_worker_fault(m.kind | 0));
        post({ type: 'faulted', seq: m.seq, ok: f.ok, error: f.error });
        return;
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
    if (m.type !== 'stats' && m.type !== 'shown') lastActivity = Date.now();  // asking for statistics is not activity (a page may poll)
    if (m.type === 'cancel') { cancelled[m.seq] = true; return; }  // seen by the import between two steps
    if (m.type === 'shown') { if (current && current.seq === m.seq) current.shown = true; return; }
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
  // The next message is taken in a task of its own (messages that arrive meanwhile, e.g. one that
  // supersedes a queued request, are seen first), posted through a MessageChannel: chained
  // setTimeout(0) calls are clamped to 4 ms from the fifth on, which cost a search with its eight
  // facet counts some 25 ms of waiting between answers.
  var tick = typeof MessageChannel === 'function' ? new MessageChannel() : null;
  if (tick) tick.port1.onmessage = function () { pump(); };
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    if (tick) tick.port2.postMessage(0); else setTimeout(pump, 0);
  }
  // What the reader waits for first: a search's ids and its page of rows (slots "search" and "rows")
  // go before facet counts, months and other answers queued earlier (never past an open, an import
  // or anything but requests and statistics).
  function nextIndex() {
    for (var i = 0; i < queue.length; i++) {
      var q = queue[i];
      if (q.type !== 'request' && q.type !== 'stats') break;
      if (q.type === 'request' && (q.slot === 'search' || q.slot === 'rows')) return i;
    }
    return 0;
  }
  // While a request waits for its reads: the first queued request that needs none (its plan is
  // empty: what it reads is held), or statistics; never past an open, an import or other messages.
  function nextWhileParked() {
    for (var i = 0; i < queue.length; i++) {
      var q = queue[i];
      if (q.type === 'stats') return i;
      if (q.type !== 'request') return -1;
      var runs;
      try { runs = planOf(new Uint8Array(q.bytes || new ArrayBuffer(0))); } catch (e) { return i; }  // its handler reports it
      if (!runs.length) return i;
    }
    return -1;
  }
  function pump() {
    scheduled = false;
    if (!engine || busy || !queue.length) return;
    var at = parked ? nextWhileParked() : nextIndex();
    if (at < 0) return;  // the parked request's answer comes first; pump runs again after it
    var m = queue.splice(at, 1)[0];
    busy = true;
    var finish = function () { busy = false; if (m.type !== 'stats') lastActivity = Date.now(); schedule(); };
    try {
      Promise.resolve(handle(m)).then(finish, function (e) {
        failed(m, e);
        finish();
      });
    } catch (e) {
      failed(m, e);
      finish();
    }
  }
  // A message whose handler failed still gets its answer (no promise on the page waits forever).
  function failed(m, e) {
    var trap = e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
    var text = trap ? engineTrouble(e) : String(e && e.message || e);  // a trap restarts the engine
    if (m.type === 'request') post({ type: 'answer', seq: m.seq, bytes: null, error: text });
    else if (m.type === 'open' || (m.type === 'import' && !m.returnImage)) post({ type: 'opened', seq: m.seq, ok: false, error: text, name: '', size: 0, mode: '', note: '' });
    else if (m.type === 'import') post({ type: 'imported', seq: m.seq, ok: false, error: text });
    else if (m.type === 'stats') post({ type: 'stats', seq: m.seq, error: text });
    else if (m.type === 'search') post({ type: 'searched', seq: m.seq, error: text, total: 0, rows: [] });
    else if (m.type === 'peek') post({ type: 'peeked', seq: m.seq, ok: false, bytes: null });
    else if (m.type === 'fault') post({ type: 'faulted', seq: m.seq, ok: false, error: text, escaped: true });
    else post({ type: 'error', message: text });
  }

  // ---- background work between requests: first the warm-up, over HTTP and from a local file (the
  // index's sizes and term pages, the b-trees' interior pages: core/archive/readplan.h PlanWarmUp,
  // fetched in parallel a level at a time), then, when the whole file fits the budget, the rest of
  // the file in chunks; a local file that does not fit gets what every search reads (hotStep) -------
  function cancelFill() { clearTimeout(fillTimer); fillTimer = 0; }
  function armFill() {
    cancelFill();
    if (!current || (current.mode !== 'range' && current.mode !== 'file')) return;
    current.warmed = false;  // both read the warm-up plan first (a local file in parallel slices)
    fillSeq = current.seq;
    fillTimer = setTimeout(fillStep, FILL_IDLE_MS);
  }
  function warmStep(rounds) {
    var archive = current;
    var runs = rounds < 12 ? json(engine._stn_worker_warm_plan()) : [];
    if (!runs.length) {
      archive.warmed = true;
      engine._stn_worker_preload(archive.mode === 'file' ? 1 : 0);  // the first search then finds its lengths and facets decoded
      fillTimer = setTimeout(fillStep, 0);
      return;
    }
    archive.source.readMany(runs).then(function (got) {
      if (current !== archive) return;  // another archive opened meanwhile: these bytes are not its
      var any = insertFetched(runs, got);
      if (!any) archive.warmed = true;
      fillTimer = setTimeout(function () { fillTimer = 0; fillStep(rounds + 1); }, 0);
    });
  }
  // A local file larger than the budget: what every search reads (the index, the documents' rows;
  // core/archive/readplan.h PlanHotReads), a few MB in parallel slices a step, between requests.
  function hotStep() {
    var archive = current;
    var runs = json(engine._stn_worker_hot_plan(HOT_STEP));
    if (!runs.length) { archive.hot = true; fillTimer = 0; return; }
    archive.source.readMany(runs).then(function (got) {
      if (current !== archive) return;
      if (!insertFetched(runs, got)) archive.hot = true;  // the file cannot be read: leave it to the requests
      fillTimer = setTimeout(function () { fillTimer = 0; fillStep(); }, 0);
    });
  }
  function fillStep(rounds) {
    fillTimer = 0;
    if (!current || !engine) return;
    var idle = Date.now() - lastActivity;
    if (busy || parked || queue.length || idle < FILL_IDLE_MS) { fillTimer = setTimeout(function () { fillStep(rounds); }, Math.max(20, FILL_IDLE_MS - idle)); return; }
    // Not before the page has drawn the first view: on a slow machine its requests come in well
    // after the worker fell idle, and would wait behind a warm-up step's megabytes.
    var unshown = SHOWN_WAIT_MS - (Date.now() - current.openedAt);
    if (!current.shown && unshown > 0) { fillTimer = setTimeout(function () { fillStep(rounds); }, Math.min(unshown, 50)); return; }
    if (!current.warmed) { fillTimer = -1; warmStep(rounds || 0); return; }
    var st = json(engine._stn_worker_stats());
    if (!st.fillPossible && current.mode === 'file' && !current.hot) { fillTimer = -1; hotStep(); return; }
    if (st.fillPossible) current.hot = true;  // the whole file comes instead
    if (!st.fillPossible || st.filled) return;
    var n = engine._stn_worker_fill_step(FILL_CHUNK[current.mode] || (1 << 20));
    var s = json(engine._stn_worker_stats());
    post({ type: 'progress', seq: fillSeq, what: 'cache', loaded: s.cacheBytes, total: s.fileSize });
    if (n > 0) fillTimer = setTimeout(fillStep, 0);
  }

  setTimeout(loadEngine, 0);
})();
