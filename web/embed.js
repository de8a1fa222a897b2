// embed.js: the viewer inside another page's iframe (linked in as --pre-js after stenogram.js).
// - postMessage API, versioned: the host sends {stenogram: 1, type, id?, ...} commands (search,
//   open, setFilters, setRange, setTheme, loadArchive) and receives {stenogram: 1, type: "result",
//   id, ok, error?} replies and events (ready, documentOpened, stateChanged, error).
// - The API is on only when the embedding URL names the host's origin explicitly (&origin=, an
//   http(s) origin); it is never guessed from the referrer, so no other site can drive the viewer
//   or read what it shows. Messages are accepted only from that origin and the parent window;
//   events are posted only to that origin.
// - A local file the user opens inside the embedded viewer (picker or drag-and-drop) is private:
//   from then on no event carries state or document content to the host, and getState is refused,
//   until the host loads an archive from a URL again.
// - Keyboard focus follows clicks into the canvas and is released when the page loses focus.
// See docs/embedding.md.
(function () {
  'use strict';
  var api = window.stenogram;
  var params = new URLSearchParams(window.location.search);
  var canvas = document.getElementById('canvas');

  // ---- focus: a click into the canvas takes the keyboard, a click outside gives it back ----
  if (canvas) {
    canvas.addEventListener('mousedown', function () { if (document.activeElement !== canvas) canvas.focus({ preventScroll: true }); }, true);
    canvas.addEventListener('touchstart', function () { canvas.focus({ preventScroll: true }); }, { capture: true, passive: true });
  }
  window.addEventListener('blur', function () { if (canvas && document.activeElement === canvas) canvas.blur(); });

  // ?theme=light|dark (the theme command belongs to the viewer; unknown themes are reported).
  if (params.get('theme')) {
    api.ready.then(function () {
      var r = api.command({ type: 'setTheme', theme: params.get('theme') });
      if (!r.ok) console.warn('stenogram embed: theme: ' + r.error);
    });
  }

  var inFrame = window.parent && window.parent !== window;
  if (!inFrame) return;

  // The same rule as stenogramPolicy.embedOrigin (web/policy.js): an explicit http(s) origin only.
  function explicitOrigin(value) {
    if (!value) return null;
    var url;
    try { url = new URL(String(value)); } catch (e) { return null; }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
    return url.origin;
  }
  var allowed = explicitOrigin(params.get('origin'));
  if (!allowed) {
    console.warn('stenogram embed: no &origin= naming the host page\'s http(s) origin: the postMessage API is off');
    return;
  }

  // A local file opened inside the frame (the picker's change, a drop with files) makes the view
  // private; the capture listeners on window run whatever the viewer's own handlers do.
  var privateView = false;
  window.addEventListener('change', function (e) {
    var t = e.target;
    if (t && t.type === 'file' && t.files && t.files.length) privateView = true;
  }, true);
  window.addEventListener('drop', function (e) {
    if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) privateView = true;
  }, true);
  if (typeof api.openFile === 'function') {
    var openFile = api.openFile;
    api.openFile = function (file) { privateView = true; return openFile.apply(api, arguments); };
  }

  function post(type, detail) {
    if (privateView && type !== 'result') return;  // nothing about a local file leaves the frame
    var msg = { stenogram: 1, type: type };
    if (detail) Object.keys(detail).forEach(function (k) { msg[k] = detail[k]; });
    window.parent.postMessage(msg, allowed);
  }

  function isoDay(iso) {
    if (iso === null || iso === undefined || iso === '') return null;
    var d = window.stenogramLinks.dayOfIso(String(iso).slice(0, 10));
    if (d === null) throw new Error('dates are "YYYY-MM-DD": ' + iso);
    return d;
  }

  var handlers = {
    search: function (m) { return api.command({ type: 'search', text: String(m.text || m.query || '') }); },
    open: function (m) {
      var cmd = { type: 'open', id: Number(m.id) };
      if (m.turn !== undefined) cmd.turn = Number(m.turn);
      return api.command(cmd);
    },
    setFilters: function (m) { return api.command({ type: 'setFilters', filters: m.filters || [] }); },
    compare: function (m) { return api.command({ type: 'compare', queries: m.queries || [], perThousand: !!m.perThousand }); },
    setRange: function (m) {
      // The viewer's own setRange (the timeline's brush uses the same): null or missing ends are open.
      var from = isoDay(m.from), to = isoDay(m.to);
      return api.command({ type: 'setRange', from: from === null ? null : window.stenogramLinks.isoOfDay(from),
                           to: to === null ? null : window.stenogramLinks.isoOfDay(to) });
    },
    setTheme: function (m) { return api.command({ type: 'setTheme', theme: String(m.theme || '') }); },
    loadArchive: function (m) {
      return api.loadArchive(String(m.url || '')).then(function (r) {
        if (r && r.ok) { privateView = false; lastLink = ''; }
        return r;
      });
    },
    getState: function () {
      if (privateView) return { ok: false, error: 'the viewer shows a local file; its state is not shared' };
      return { ok: true, state: api.state() };
    }
  };

  window.addEventListener('message', function (e) {
    if (e.origin !== allowed || e.source !== window.parent) return;  // only the embedder may drive the viewer
    var m = e.data;
    if (!m || typeof m !== 'object' || m.stenogram === undefined) return;
    var reply = function (r) { post('result', { requestId: m.requestId === undefined ? null : m.requestId, command: m.type, ok: !!r.ok, error: privateView ? null : r.error || null, result: privateView ? null : r }); };
    if (m.stenogram !== 1) { reply({ ok: false, error: 'unsupported message version ' + m.stenogram + ' (this viewer speaks 1)' }); return; }
    var h = handlers[m.type];
    if (!h) { reply({ ok: false, error: 'unknown command type "' + m.type + '"' }); return; }
    api.ready.then(function () {
      var r;
      try { r = h(m); } catch (err) { r = { ok: false, error: String(err && err.message || err) }; }
      Promise.resolve(r).then(reply, function (err) { reply({ ok: false, error: String(err && err.message || err) }); });
    });
  });

  // ---- events out ----
  // The viewer tells what changed (documentOpened, stateChanged: src/app/api.cpp NotifyPage), whether a
  // command, a click or typing inside it changed it; a stateChanged is passed on when the link changed.
  var lastLink = null;
  function changed(s) {
    if (!s) return;
    var link = window.stenogramLinks.hashOf(s);
    if (link !== lastLink) {
      lastLink = link;
      post('stateChanged', { state: s, link: link });
    }
  }
  api.on('ready', function (s) { lastLink = window.stenogramLinks.hashOf(s); post('ready', { version: 1, state: s }); });
  api.on('stateChanged', changed);
  api.on('documentOpened', function (d) { post('documentOpened', { document: { id: d.id, title: d.title, date: d.date } }); });
  api.on('error', function (e) { post('error', { message: e.message }); });
})();
