// a11y.js: the viewer's text layer (linked in as --pre-js after stenogram.js). The canvas shows the
// archive; this layer mirrors what it shows as ordinary, visually hidden DOM so that screen readers,
// the browser's find and other assistive tools can reach it: landmarks for the timeline, filters,
// results and reader; the results as a list (title, date, kind, place); the open document as an
// article (title as a heading, each turn a paragraph prefixed by its speaker; dir="auto" keeps
// right-to-left runs in order); the result count in a polite live region; and DOM focus following
// the viewer's keyboard focus. It is rebuilt only when the C++ side reports a change
// (platform::MirrorChanged → Module.stenogramHost.mirror), never per frame, and it never takes the
// canvas' pointer events. Also here: Tab/Shift+Tab go to the viewer (panel to panel) and Ctrl/Cmd+F
// opens the viewer's own find instead of the browser's, and the deep link of a turn for "Copy with
// citation".
/* global Module */
(function () {
  'use strict';
  var host = Module.stenogramHost;
  if (!host) return;
  var layer = null, parts = {};
  var last = { count: null, focus: null, docId: null };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function build() {
    if (layer) return;
    layer = el('div', { id: 'stn-text', 'class': 'stn-sr' });
    var banner = el('header', { role: 'banner' });
    parts.title = el('h1', {}, 'Stenogram');
    parts.facts = el('p', {}, '');
    banner.appendChild(parts.title);
    banner.appendChild(parts.facts);
    banner.appendChild(el('p', {}, 'Tab and Shift+Tab move between the timeline, the filters, the search box, the results ' +
      'and the reader; arrows move inside them; Enter opens. Ctrl+F finds in the open document. Press ? for all keys.'));
    parts.timeline = el('section', { 'aria-label': 'Timeline', tabindex: '-1', id: 'stn-timeline' });
    parts.timelineText = el('p', {}, '');
    parts.timeline.appendChild(parts.timelineText);
    parts.filters = el('nav', { 'aria-label': 'Filters', tabindex: '-1', id: 'stn-filters' });
    parts.filters.appendChild(el('p', {}, 'Filters, the tag cloud and the months: arrows, Home and End move, Enter or ' +
      'Space applies (with Shift: excludes); Up from the first item reaches the tabs, where Left and Right switch them.'));
    parts.leftTabs = el('div', { role: 'tablist', 'aria-label': 'Left column' });
    [['filters', 'Filters'], ['tags', 'Tags'], ['months', 'Months']].forEach(function (t) {
      parts.leftTabs.appendChild(el('div', { role: 'tab', id: 'stn-tab-' + t[0], tabindex: '-1', 'aria-selected': 'false',
        'aria-controls': 'stn-left-list' }, t[1]));
    });
    parts.leftList = el('ul', { role: 'listbox', id: 'stn-left-list', tabindex: '-1', 'aria-label': 'Filters' });
    parts.filters.appendChild(parts.leftTabs);
    parts.filters.appendChild(parts.leftList);
    parts.search = el('section', { role: 'search', 'aria-label': 'Search', tabindex: '-1', id: 'stn-search' });
    parts.search.appendChild(el('p', {}, 'Search box: type words, "a phrase" or a prefix such as negotiat*.'));
    parts.results = el('section', { 'aria-label': 'Results', id: 'stn-results' });
    parts.status = el('p', { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'stn-count' }, '');
    parts.list = el('ul', { 'aria-label': 'Results', tabindex: '-1', id: 'stn-list' });
    parts.results.appendChild(parts.status);
    parts.results.appendChild(parts.list);
    parts.reader = el('main', { 'aria-label': 'Reader', id: 'stn-reader' });
    parts.article = el('article', { tabindex: '-1', id: 'stn-article' });
    parts.article.appendChild(el('p', {}, 'No document is open.'));
    parts.reader.appendChild(parts.article);
    [banner, parts.timeline, parts.filters, parts.search, parts.results, parts.reader].forEach(function (p) { layer.appendChild(p); });
    document.body.appendChild(layer);
  }

  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'];
  function human(iso, unit) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
    if (!m) return iso || '';
    if (unit === 'year') return m[1];
    if (unit === 'month') return MONTHS[+m[2] - 1] + ' ' + m[1];
    return (+m[3]) + ' ' + MONTHS[+m[2] - 1] + ' ' + m[1];
  }

  function setArchive(a) {
    if (!a) { parts.title.textContent = 'Stenogram'; parts.facts.textContent = 'No archive is open.'; return; }
    parts.title.textContent = 'Stenogram: ' + a.title;
    parts.facts.textContent = a.documents + ' documents' +
      (a.first ? ', ' + a.first.slice(0, 4) + (a.last && a.last.slice(0, 4) !== a.first.slice(0, 4) ? ' to ' + a.last.slice(0, 4) : '') : '') + '.';
  }

  function setTimeline(t) {
    if (!t) { parts.timelineText.textContent = 'Timeline: loading.'; return; }
    var text = 'Timeline from ' + human(t.from) + ' to ' + human(t.to) + ': ' + t.documents +
      (t.filtered ? ' matching' : '') + ' documents, counted by ' + t.unit + '.';
    if (t.busiest && t.busiest.length) {
      text += ' Busiest: ' + t.busiest.map(function (b) {
        var label = t.unit === 'year' || t.unit === 'month' ? human(b.from, t.unit) : human(b.from) + ' to ' + human(b.to);
        return label + ' (' + b.count + ')';
      }).join(', ') + '.';
    }
    text += ' With the keyboard: arrows pan, + and - zoom, [ and ] step through the marks.';
    parts.timelineText.textContent = text;
  }

  // While the timeline pans or zooms its description changes every frame: it is rewritten at most
  // every TIMELINE_MS (the first change at once, the last one always). A screen reader gains nothing
  // from sixty rewrites a second, and each one would cost the next frame a style and layout pass.
  var TIMELINE_MS = 250, timelineNext = null, timelineTimer = 0, timelineAt = -Infinity;
  function sayTimeline(t) {
    timelineNext = t;
    if (timelineTimer) return;
    var wait = timelineAt + TIMELINE_MS - performance.now();
    if (wait <= 0) flushTimeline();
    else timelineTimer = setTimeout(flushTimeline, wait);
  }
  function flushTimeline() {
    timelineTimer = 0;
    timelineAt = performance.now();
    setTimeline(timelineNext);
  }

  function setResults(r) {
    var list = parts.list;
    var hadFocus = list.contains(document.activeElement);
    while (list.firstChild) list.removeChild(list.firstChild);
    (r.rows || []).forEach(function (row) {
      var facts = [row.date || 'Undated', row.kind, row.place].filter(function (x) { return x; }).join(', ');
      var li = el('li', { id: 'stn-result-' + row.index, tabindex: '-1', dir: 'auto' }, row.title + ' — ' + facts);
      if (row.current) li.setAttribute('aria-current', 'true');
      list.appendChild(li);
    });
    if (r.count >= 0) list.setAttribute('aria-label', 'Results: ' + r.count);
    if (hadFocus && last.focus) setFocus(last.focus);  // the rebuilt list keeps the keyboard's place
    // The count is announced once the answer to a search is in (not while it is on its way).
    if (r.count >= 0) {
      var said = r.error ? r.error : r.count === 0 ? 'No results' + (r.query ? ' for ' + r.query : '') :
        r.count + (r.count === 1 ? ' result' : ' results') + (r.query ? ' for ' + r.query : '');
      if (said !== last.count) { parts.status.textContent = said; last.count = said; }
    }
  }

  // The left column's chosen tab and what it lists (the items the keyboard's cursor moves over).
  function setLeft(l) {
    var list = parts.leftList;
    var hadFocus = list.contains(document.activeElement);
    while (list.firstChild) list.removeChild(list.firstChild);
    ['filters', 'tags', 'months'].forEach(function (t) {
      var tab = document.getElementById('stn-tab-' + t);
      if (tab) tab.setAttribute('aria-selected', t === l.tab ? 'true' : 'false');
    });
    list.setAttribute('aria-label', { filters: 'Filters', tags: 'Tag cloud', months: 'Months' }[l.tab] || 'Filters');
    (l.items || []).forEach(function (item, i) {
      list.appendChild(el('li', { role: 'option', id: 'stn-left-' + i, tabindex: '-1', dir: 'auto',
        'aria-selected': item.chosen ? 'true' : 'false' }, item.text));
    });
    // The rebuilt list keeps the keyboard's place (or takes it, when the focus came before the items).
    if (last.focus && (hadFocus || last.focus.panel === 'filters')) setFocus(last.focus);
  }

  function setDocument(d) {
    var a = parts.article;
    while (a.firstChild) a.removeChild(a.firstChild);
    last.docId = d ? d.id : null;
    if (!d) { a.appendChild(el('p', {}, 'No document is open.')); a.removeAttribute('aria-labelledby'); return; }
    a.appendChild(el('h2', { id: 'stn-doc-title', dir: 'auto' }, d.title));
    a.setAttribute('aria-labelledby', 'stn-doc-title');
    a.appendChild(el('p', {}, d.meta));
    d.turns.forEach(function (t, k) {
      String(t.text).split(/\n\n+/).forEach(function (para, i) {
        if (!para && i > 0) return;
        var p = el('p', { dir: 'auto', 'data-turn': String(k) });
        if (t.speaker && i === 0) {
          p.appendChild(el('strong', { dir: 'auto' }, t.speaker));
          p.appendChild(document.createTextNode(': '));
        }
        p.appendChild(document.createTextNode(para));
        a.appendChild(p);
      });
    });
  }

  // DOM focus follows the viewer's keyboard focus, so a screen reader says where the keys went.
  // Only while the keyboard moves it (a click keeps the focus on the canvas).
  function setFocus(f) {
    last.focus = f;
    if (!f || !f.ring || !f.panel) return;
    var target = null;
    if (f.panel === 'results') {
      target = document.getElementById('stn-result-' + f.result) || parts.list;
    } else if (f.panel === 'reader') target = parts.article;
    else if (f.panel === 'timeline') target = parts.timeline;
    else if (f.panel === 'filters') {
      var left = f.left || {};
      target = (left.onTabs ? document.getElementById('stn-tab-' + left.tab) : document.getElementById('stn-left-' + left.at)) ||
        parts.filters;
    }
    else if (f.panel === 'search') target = parts.search;
    if (target && document.activeElement !== target) {
      try { target.focus({ preventScroll: true }); } catch (e) { target.focus(); }
    }
  }

  host.mirror = function (json) {
    var m;
    try { m = JSON.parse(json); } catch (e) { return; }
    build();
    if ('archive' in m) setArchive(m.archive);
    if ('timeline' in m) sayTimeline(m.timeline);
    if ('results' in m) setResults(m.results);
    if ('document' in m) setDocument(m.document);
    if ('left' in m) setLeft(m.left);
    if ('focus' in m) setFocus(m.focus);
  };

  host.turnLink = function (id, turn) {
    var u;
    try { u = new URL(window.stenogramLinks ? window.stenogramLinks.shareUrl() : window.location.href); } catch (e) { return ''; }
    u.hash = 'doc=' + id + (turn > 0 ? '&turn=' + turn : '');
    return u.toString();
  };

  // The viewer's keys before the canvas' (GLFW's listeners are added later, when main() runs).
  window.addEventListener('keydown', function (e) {
    var t = e.target;
    var ours = t === document.body || t === document.documentElement || (t && t.id === 'canvas') ||
               (layer && layer.contains(t));
    if (!ours || !Module._stn_focus_step) return;
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      e.stopImmediatePropagation();  // the viewer moves between its panels; ImGui does not tab as well
      Module._stn_focus_step(e.shiftKey ? -1 : 1);
      return;
    }
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'f' || e.key === 'F')) e.preventDefault();  // the viewer's find
  }, true);

  // A click on the canvas gives the keyboard back to it (the layer may hold DOM focus).
  var canvas = document.getElementById('canvas');
  if (canvas) canvas.addEventListener('pointerdown', function () {
    if (document.activeElement !== canvas) try { canvas.focus({ preventScroll: true }); } catch (e) { /* ignore */ }
  }, true);

  // A tap reaches the viewer as a press through the touch events (Emscripten's GLFW); the mouse
  // events the browser sends after it for compatibility would press a second time (a toggle such as
  // the phone's timeline strip would open and close again): they are kept from the canvas.
  var lastTouch = 0;
  ['touchstart', 'touchend'].forEach(function (t) {
    window.addEventListener(t, function () { lastTouch = Date.now(); }, { capture: true, passive: true });
  });
  ['mousedown', 'mouseup'].forEach(function (t) {
    window.addEventListener(t, function (e) {
      var fromTouch = e.sourceCapabilities ? e.sourceCapabilities.firesTouchEvents : Date.now() - lastTouch < 1000;
      if (fromTouch && e.target === canvas) e.stopImmediatePropagation();
    }, true);
  });

  // The start-up overlay leaves the accessibility tree once the viewer is shown.
  if (window.stenogram && window.stenogram.ready) {
    window.stenogram.ready.then(function () {
      var loader = document.getElementById('loader');
      if (loader) { loader.setAttribute('aria-hidden', 'true'); loader.removeAttribute('aria-live'); }
    });
  }
})();
