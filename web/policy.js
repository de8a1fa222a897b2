// policy.js: the link policy of the hosted viewer, as pure functions (no DOM, no fetch) so they can
// be tested in node and called by the loader:
//   checkArchiveUrl(value, pageHref) -> {ok: true, url, options} | {ok: false, error}
//     ?archive= takes http(s) URLs only (relative ones resolve against the page); data:, blob:,
//     javascript:, file: and URLs with a user name or password are refused. options are the fetch
//     options to use: credentials 'omit' (never the site's cookies), no referrer.
//   embedOrigin(value) -> "https://host:port" | null
//     the one origin an embedded viewer talks to, from &origin= only (never guessed from the
//     referrer): an http(s) origin, else null (the postMessage API stays off).
// In the page it defines window.stenogramPolicy; in node, module.exports.
(function (root) {
  'use strict';
  var MAX_URL = 4096;

  function checkArchiveUrl(value, pageHref) {
    var text = String(value === undefined || value === null ? '' : value).trim();
    if (!text) return { ok: false, error: 'the archive link is empty' };
    if (text.length > MAX_URL) return { ok: false, error: 'the archive link is longer than ' + MAX_URL + ' characters' };
    var url;
    try { url = new URL(text, pageHref); } catch (e) { return { ok: false, error: 'the archive link is not a URL: ' + shown(text) }; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, error: 'only http and https links open archives (not ' + url.protocol.replace(/:$/, '') + ':)' };
    }
    if (url.username || url.password) return { ok: false, error: 'archive links may not carry a user name or password' };
    return { ok: true, url: url.href, options: { credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'follow' } };
  }

  function embedOrigin(value) {
    if (value === undefined || value === null || value === '') return null;
    var url;
    try { url = new URL(String(value)); } catch (e) { return null; }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return url.origin;
  }

  // A value as it may appear in a message: printable, at most 80 characters.
  function shown(text) {
    var s = text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
    return s.length > 80 ? s.slice(0, 80) + '…' : s;
  }

  var policy = { checkArchiveUrl: checkArchiveUrl, embedOrigin: embedOrigin };
  if (typeof module === 'object' && module.exports) module.exports = policy;
  else root.stenogramPolicy = policy;
})(typeof window !== 'undefined' ? window : this);
