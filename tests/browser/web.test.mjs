// web.test.mjs: the three uses of issue 6 in real Chromium: the hosted page (deep links with
// back/forward and "Copy link", offline reload through the service worker), the offline single
// file from file:// (sample shown, local .sqlite and .jsonl picked through the real file chooser,
// a wrong file refused by name), and the viewer embedded by a page on another origin (postMessage
// commands and events, a third origin ignored, typing after a click into the iframe).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test, openViewer, clickLabel, frames, screenshotStats, assert, assertEq, DIST, FIXTURES } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';

const state = (page) => page.evaluate(() => window.stenogram.state());
const hash = (page) => page.evaluate(() => decodeURIComponent(window.location.hash));

test('hosted: the view is in the URL hash; back/forward restore it; a copied link reopens it', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + '?archive=fixtures/russian.sqlite', { permissions: ['clipboard-read', 'clipboard-write'] });
  assertEq(await hash(page), '', 'no hash before anything is chosen');
  await page.evaluate(() => window.stenogram.command({ type: 'search', text: 'переговоры' }));
  await page.waitForFunction(() => /q=/.test(window.location.hash), null, { timeout: 5000 });
  await page.evaluate(() => window.stenogram.command({ type: 'open', id: 3, turn: 1 }));
  await page.waitForFunction(() => /doc=3/.test(window.location.hash) && /turn=1/.test(window.location.hash), null, { timeout: 5000 });
  await page.evaluate(() => window.stenogram.command({ type: 'setFilters', filters: [{ facet: 'kind', value: 'press conference' }] }));
  await page.waitForFunction(() => /f=kind/.test(window.location.hash), null, { timeout: 5000 });
  const full = await hash(page);
  assert(/q=переговоры/.test(full.replace(/\+/g, ' ')) && /doc=3/.test(full) && /f=kind:press conference/.test(full.replace(/\+/g, ' ')), 'hash: ' + full);

  await page.goBack();
  await page.waitForFunction(() => window.stenogram.state().filters.length === 0, null, { timeout: 5000 });
  let s = await state(page);
  assertEq([s.query, s.openDocument && s.openDocument.id], ['переговоры', 3], 'back once: the filter is gone, query and document stay');
  await page.goBack();
  await page.waitForFunction(() => window.stenogram.state().openDocument === null, null, { timeout: 5000 });
  assertEq((await state(page)).query, 'переговоры', 'back twice: the document is closed, the query stays');
  await page.goBack();
  await page.waitForFunction(() => window.stenogram.state().query === '', null, { timeout: 5000 });
  await page.goForward();
  await page.goForward();
  await page.waitForFunction(() => window.stenogram.state().openDocument && window.stenogram.state().openDocument.id === 3, null, { timeout: 5000 });
  await page.goForward();
  await page.waitForFunction(() => window.stenogram.state().filters.length === 1, null, { timeout: 5000 });

  // "Copy link" in the top bar, clicked for real, puts the whole view on the clipboard.
  await frames(page, 3);
  await clickLabel(page, 'copy-link');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied.startsWith(ctx.base + '?archive=') && copied.includes('#') && copied.includes('doc=3'), 'copied link: ' + copied);
  const second = await openViewer(ctx, copied);
  await frames(second.page, 4);
  s = await state(second.page);
  assertEq([s.archive.name, s.query, s.filters, s.openDocument && s.openDocument.id, s.openDocument && s.openDocument.turn],
    ['russian.sqlite', 'переговоры', [{ exclude: false, facet: 'kind', value: 'press conference' }], 3, 1], 'the copied link restores the view');
  assertEq(consoleErrors, [], 'console errors');
});

test('hosted: the progress bar counts the bytes of the wasm and the archive; ?archive= imports a JSONL URL', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  const p = await page.evaluate(() => window.stenogram.progress());
  const size = (f) => fs.statSync(path.join(DIST, f)).size;
  assertEq(p.wasm, [size('index.wasm'), size('index.wasm')], 'wasm bytes (streamed into the compiler)');
  assertEq(p.archive, [size('sample.sqlite'), size('sample.sqlite')], 'archive bytes');
  const json = await openViewer(ctx, ctx.base + '?archive=fixtures/russian.jsonl');
  const s = await state(json.page);
  assertEq([s.archive && s.archive.name, s.archive && s.archive.documentCount, s.error], ['russian.jsonl', 3, null], 'imported from a URL');
  const cors = await openViewer(ctx, ctx.base + '?archive=' + encodeURIComponent('http://127.0.0.1:9/none.sqlite'));
  const e = (await state(cors.page)).error;
  assert(/none\.sqlite: cannot load the archive: /.test(e), 'an unreachable archive says so: ' + e);
});

test('hosted: ?archive= on another origin opens with CORS and is refused clearly without it', async (ctx) => {
  const open = await startServer({ dir: FIXTURES, port: 0, cors: true });
  const closed = await startServer({ dir: FIXTURES, port: 0 });
  const { page } = await openViewer(ctx, ctx.base + '?archive=' + encodeURIComponent(`http://localhost:${open.address().port}/russian.sqlite`));
  let s = await state(page);
  assertEq([s.archive && s.archive.name, s.error], ['russian.sqlite', null], 'a CORS-enabled archive opens');
  const refused = await openViewer(ctx, ctx.base + '?archive=' + encodeURIComponent(`http://localhost:${closed.address().port}/russian.sqlite`));
  s = await state(refused.page);
  assert(/russian\.sqlite: cannot load the archive: .*CORS/.test(s.error || ''), 'without CORS: ' + s.error);
  open.close(); closed.close();
});

test('hosted: deep-link parameters also work as query parameters, and bad ones are reported', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base + '?q=Syria&doc=2&from=2014-01-01&to=2019-12-31');
  let s = await state(page);
  assertEq([s.query, s.openDocument && s.openDocument.id], ['Syria', 2], 'query and document from the query string');
  assert(s.dayFrom === Date.UTC(2014, 0, 1) / 86400000 && s.dayTo === Date.UTC(2019, 11, 31) / 86400000, 'range: ' + s.dayFrom + '..' + s.dayTo);
  const bad = await openViewer(ctx, ctx.base + '#doc=999');
  s = await state(bad.page);
  assert(s.error && /999/.test(s.error), 'a link to a missing document says so: ' + s.error);
  assert(s.archive && s.archive.documentCount === 10, 'the archive stays usable');
  const none = await openViewer(ctx, ctx.base + '?archive=missing.sqlite#q=x&doc=2');
  s = await state(none.page);
  assert(/missing\.sqlite: cannot load the archive/.test(s.error || ''), 'a link into a missing archive keeps the archive\'s message: ' + s.error);
});

test('hosted: after one visit the page reloads with the server stopped (service worker)', async (ctx) => {
  // A copy of dist/, so that a new version can be published during the test.
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-site-'));
  fs.cpSync(DIST, site, { recursive: true });
  const server = await startServer({ dir: site, port: 0 });
  const base = `http://127.0.0.1:${server.address().port}/`;
  const { page } = await openViewer(ctx, base + '#q=Lavrov', { serviceWorkers: 'allow' });
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 15000 });
  const version = await page.evaluate(() => caches.keys());
  assert(version.length === 1 && /^stenogram-[0-9a-f]{16}$/.test(version[0]), 'one versioned cache: ' + version);
  // A new build (another version in sw.js) is picked up on the next load and replaces the old cache.
  const sw = path.join(site, 'sw.js');
  fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(version[0].slice('stenogram-'.length), '0123456789abcdef'));
  await page.reload();
  await page.evaluate(() => window.stenogram.ready);
  await page.waitForFunction(() => caches.keys().then((k) => k.join() === 'stenogram-0123456789abcdef'), null, { timeout: 15000, polling: 250 });
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.reload();
  await page.waitForFunction(() => window.stenogram && window.stenogram.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.stenogram.ready);
  const s = await state(page);
  assertEq([s.archive && s.archive.documentCount, s.query, s.error], [10, 'Lavrov', null], 'offline reload: archive and deep link');
  assertEq(failed, [], 'no request failed while offline');
  fs.rmSync(site, { recursive: true, force: true });
  const shot = await screenshotStats(page, 'web-offline-reload');
  assert(shot.whole.ink > 5000, 'the viewer is drawn');
});

test('file://: the offline single file opens with no network, and local files open through the real chooser', async (ctx) => {
  const file = path.join(DIST, 'stenogram-offline.html');
  assert(fs.existsSync(file), 'dist has stenogram-offline.html');
  const { page, requests, consoleErrors } = await openViewer(ctx, pathToFileURL(file).href);
  let s = await state(page);
  assertEq([s.archive && s.archive.documentCount, s.error], [10, null], 'the sample archive is inside the file');
  for (const u of requests) assert(/^(file|data|blob):/.test(u), 'a network request from the offline file: ' + u);
  assertEq(requests.filter((u) => u.startsWith('file:')).length, 1, 'only the file itself is read');
  const shot = await screenshotStats(page, 'web-offline-file');
  assert(shot.whole.ink > 5000, 'the sample is drawn');

  const pick = async (fixture) => {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), clickLabel(page, 'open-file')]);
    await chooser.setFiles(path.join(FIXTURES, fixture));
  };
  await pick('russian.sqlite');
  await page.waitForFunction(() => { const s = window.stenogram.state(); return s.archive && s.archive.name === 'russian.sqlite'; }, null, { timeout: 15000 });
  assertEq((await state(page)).archive.documentCount, 3, 'the picked archive is open');

  await pick('russian.jsonl');
  await page.waitForFunction(() => { const s = window.stenogram.state(); return s.archive && s.archive.name === 'russian.jsonl'; }, null, { timeout: 20000 });
  s = await state(page);
  assertEq([s.archive.documentCount, s.error], [3, null], 'the JSONL source was imported in the browser');
  const found = await page.evaluate(() => window.stenogram.command({ type: 'search', text: 'переговоры' }));
  assert(found.ok && found.resultCount >= 2, 'the imported archive is searchable (stemmed): ' + JSON.stringify(found));

  await pick('notes.txt');
  await page.waitForFunction(() => !!window.stenogram.state().error, null, { timeout: 10000 });
  s = await state(page);
  assert(/notes\.txt: not a Stenogram archive/.test(s.error), 'the wrong file is refused by name: ' + s.error);
  assertEq(s.archive.name, 'russian.jsonl', 'the previous archive stays open');
  await screenshotStats(page, 'web-offline-wrong-file');
  await clickLabel(page, 'error-dismiss');

  await pick('truncated.sqlite');
  await page.waitForFunction(() => !!window.stenogram.state().error, null, { timeout: 10000 });
  s = await state(page);
  assert(/truncated\.sqlite: /.test(s.error) && s.archive.name === 'russian.jsonl', 'a broken archive: ' + s.error);

  // Drag-and-drop of a file onto the page (a real DataTransfer with a File, as the browser makes).
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{"title": "Dropped", "date": "2020-05-01", "text": "A dropped speech."}\n'], 'dropped.jsonl'));
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForFunction(() => { const s = window.stenogram.state(); return s.archive && s.archive.name === 'dropped.jsonl'; }, null, { timeout: 10000 });
  assertEq((await state(page)).archive.documentCount, 1, 'the dropped file is open');
  assertEq(consoleErrors, [], 'console errors');
});

test('embed: a page on 127.0.0.1 drives the viewer on localhost; a third origin is ignored; typing works', async (ctx) => {
  const port = new URL(ctx.base).port;
  const viewer = `http://localhost:${port}/index.html`;
  // A third origin: a page on another port that tries to drive the viewer inside the host page.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-third-'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script>' +
    'parent.frames[0].postMessage({stenogram: 1, type: "search", requestId: 99, text: "intruder"}, "*");' +
    'parent.frames[0].postMessage({stenogram: 1, type: "open", id: 5}, "*");</script>');
  const third = await startServer({ dir, port: 0 });
  const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  ctx.contexts.push(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${ctx.base}embed-example.html?viewer=${encodeURIComponent(viewer)}`);
  await page.waitForFunction(() => window.stenogramEvents.some((m) => m.type === 'ready'), null, { timeout: 30000 });
  const frame = page.frames().find((f) => f.url().startsWith(`http://localhost:${port}/`));
  assert(frame, 'the viewer frame is on localhost');
  const ready = await page.evaluate(() => window.stenogramEvents.find((m) => m.type === 'ready'));
  assertEq([ready.version, ready.state.archive.documentCount], [1, 10], 'ready event');

  // Commands in, results and events out.
  await page.evaluate(() => window.sendToViewer({ type: 'search', text: 'Syria' }));
  await page.waitForFunction(() => window.stenogramEvents.some((m) => m.type === 'stateChanged' && /q=Syria/.test(m.link)), null, { timeout: 5000 });
  await page.evaluate(() => window.sendToViewer({ type: 'open', id: 2 }));
  await page.waitForFunction(() => window.stenogramEvents.some((m) => m.type === 'documentOpened' && m.document.id === 2), null, { timeout: 5000 });
  await page.evaluate(() => window.sendToViewer({ type: 'setRange', from: '2015-01-01', to: '2016-12-31' }));
  await page.evaluate(() => window.sendToViewer({ type: 'open', id: 999 }));
  await page.waitForFunction(() => window.stenogramEvents.filter((m) => m.type === 'result').length >= 4, null, { timeout: 5000 });
  const results = await page.evaluate(() => window.stenogramEvents.filter((m) => m.type === 'result'));
  assertEq(results.map((r) => [r.command, r.ok, r.requestId]), [['search', true, 1], ['open', true, 2], ['setRange', true, 3], ['open', false, 4]], 'results');
  assert(/999/.test(results[3].error), 'a failed command says why: ' + results[3].error);
  let s = await frame.evaluate(() => window.stenogram.state());
  assertEq([s.query, s.dayFrom, s.dayTo], ['Syria', Date.UTC(2015, 0, 1) / 86400000, Date.UTC(2016, 11, 31) / 86400000], 'the viewer follows the host');
  await page.evaluate(() => window.sendToViewer({ type: 'setTheme', theme: 'dark' }));
  await page.waitForFunction(() => window.stenogramEvents.filter((m) => m.type === 'result').length >= 5, null, { timeout: 5000 });

  // A third origin's messages are ignored.
  const before = await page.evaluate(() => window.stenogramEvents.length);
  await page.evaluate((src) => { const f = document.createElement('iframe'); f.src = src; document.body.appendChild(f); },
    `http://127.0.0.1:${third.address().port}/`);
  await page.waitForTimeout(1200);
  s = await frame.evaluate(() => window.stenogram.state());
  assertEq([s.query, s.openDocument && s.openDocument.id], ['Syria', 2], 'the third origin changed nothing');
  const after = await page.evaluate((n) => window.stenogramEvents.slice(n), before);
  assert(!after.some((m) => m.requestId === 99), 'no reply to the third origin\'s message reached the host');

  // Focus: a click into the embedded search box takes the keyboard; typing goes there.
  const box = await frame.evaluate(() => window.stenogram.locate('search-box'));
  const frameBox = await (await page.$('#viewer')).boundingBox();
  await page.mouse.click(frameBox.x + box.cx, frameBox.y + box.cy);
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Minsk');
  await frame.waitForFunction(() => window.stenogram.state().query === 'Minsk', null, { timeout: 5000 });
  await page.waitForFunction(() => window.stenogramEvents.some((m) => m.type === 'stateChanged' && /q=Minsk/.test(m.link)), null, { timeout: 5000 });
  // A click on the host page gives the keyboard back: typing there does not reach the viewer.
  await page.click('#q');
  await page.keyboard.type('xyz');
  assertEq(await page.inputValue('#q'), 'Syriaxyz', 'the host input got the keys');
  assertEq((await frame.evaluate(() => window.stenogram.state())).query, 'Minsk', 'the viewer did not');
  await screenshotStats(page, 'web-embed');

  // The canvas follows the iframe's size (and the layout with it).
  await page.evaluate(() => { document.getElementById('viewer').style.width = '640px'; document.getElementById('viewer').style.height = '480px'; });
  await frame.waitForFunction(() => document.getElementById('canvas').width === 640 && document.getElementById('canvas').height === 480, null, { timeout: 5000 });
  const narrow = await frame.evaluate(() => window.stenogram.locate('open-file'));
  assert(narrow && narrow.x + narrow.width <= 640 && narrow.x > 400, 'the top bar is laid out for 640 px: ' + JSON.stringify(narrow));
  await page.evaluate(() => { document.getElementById('viewer').style.width = ''; document.getElementById('viewer').style.height = ''; });

  // loadArchive: another archive by URL, with its result; a bad URL fails with the file's name.
  await page.evaluate(() => window.sendToViewer({ type: 'loadArchive', url: 'fixtures/russian.sqlite' }));
  await page.evaluate(() => window.sendToViewer({ type: 'loadArchive', url: 'fixtures/people.sqlite' }));
  await page.waitForFunction(() => window.stenogramEvents.filter((m) => m.type === 'result' && m.command === 'loadArchive').length >= 2, null, { timeout: 15000 });
  const loads = await page.evaluate(() => window.stenogramEvents.filter((m) => m.type === 'result' && m.command === 'loadArchive'));
  const good = loads.find((l) => l.ok), bad = loads.find((l) => !l.ok);
  assert(good && bad && /people\.sqlite: not a Stenogram archive/.test(bad.error), 'loadArchive results: ' + JSON.stringify(loads.map((l) => [l.ok, l.error])));
  assertEq((await frame.evaluate(() => window.stenogram.state())).archive.name, 'russian.sqlite', 'the good archive stays open');
  assert(await page.evaluate(() => window.stenogramEvents.some((m) => m.type === 'error' && /people\.sqlite/.test(m.message))), 'an error event reached the host');

  // Without allow="clipboard-write" the iframe cannot copy: the viewer says so instead of failing silently.
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.id = 'noclip'; f.src = src; f.style.cssText = 'position:fixed;left:0;top:0;width:900px;height:500px;border:0';
    document.body.appendChild(f);
  }, `${viewer}?embed=1&origin=${encodeURIComponent(new URL(ctx.base).origin)}&q=noclip`);
  await page.waitForFunction(() => [...document.querySelectorAll('iframe')].length >= 3);
  let noclip = null;
  for (let i = 0; i < 100 && !noclip; i++) {
    noclip = page.frames().find((f) => f.url().includes('q=noclip'));
    if (!noclip) await page.waitForTimeout(100);
  }
  await noclip.waitForFunction(() => window.stenogram && window.stenogram.state() && window.stenogram.state().archive, null, { timeout: 30000 });
  await noclip.evaluate(() => window.stenogram.ready);
  const link = await noclip.evaluate(() => window.stenogram.locate('copy-link'));
  const at = await (await page.$('#noclip')).boundingBox();
  // As clickLabel does: the pointer comes first, the button goes down and up on frames of their own.
  await page.mouse.move(at.x + link.cx, at.y + link.cy);
  await frames(noclip, 1);
  await page.mouse.down();
  await frames(noclip, 1);
  await page.mouse.up();
  // (15 s: the third viewer of this page, with the whole suite's load, has taken more than 5.)
  await noclip.waitForFunction(() => /Could not copy/.test(window.stenogram.state().error || ''), null, { timeout: 15000 })
    .catch(async (e) => { throw new Error(`no "Could not copy" after clicking copy-link at ${JSON.stringify(link)}: the viewer says ${JSON.stringify((await noclip.evaluate(() => window.stenogram.state())).error)} (${e.message})`); });
  third.close();
  assertEq(errors, [], 'page errors');
});

test('embed: ?embed=1&panels= shows only the chosen panels; deep-link query parameters open a document', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base + '?embed=1&panels=transcript&doc=2', { viewport: { width: 900, height: 600 } });
  await frames(page, 3);
  const s = await state(page);
  assertEq([s.embed, s.openDocument && s.openDocument.id], [true, 2], 'embedded, document 2 open');
  assertEq(await page.evaluate(() => window.stenogram.locate('search-box')), null, 'no search panel');
  const body = await page.evaluate(() => window.stenogram.locate('transcript-body'));
  assert(body && body.x < 120 && body.width > 500, 'the reader takes the width: ' + JSON.stringify(body));
  await screenshotStats(page, 'web-embed-transcript-only');
  const two = await openViewer(ctx, ctx.base + '?embed=1&q=Syria', { viewport: { width: 1100, height: 600 } });
  await frames(two.page, 3);
  assert(await two.page.evaluate(() => window.stenogram.locate('search-box')), 'search shown by default');
  assert(await two.page.evaluate(() => window.stenogram.locate('tab-filters')), 'filters behind a tab (compact) even at 1100 px');
  assertEq((await state(two.page)).query, 'Syria', 'query from the query string');
  const bad = await openViewer(ctx, ctx.base + '?embed=1&panels=sidebar');
  assert(/unknown panel "sidebar"/.test((await state(bad.page)).error || ''), 'an unknown panel is reported');
});
