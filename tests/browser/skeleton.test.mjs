// skeleton.test.mjs: the walking skeleton in a real browser: load, ready, list, real click to open,
// text actually drawn, HiDPI, no foreign requests, and clear messages for bad archives.
import { test, openViewer, clickLabel, frames, screenshotStats, assert, assertEq } from './harness.mjs';

test('the sample archive loads and the list shows every document', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  const s = await page.evaluate(() => window.stenogram.state());
  assert(s.archive, 'state().archive is set');
  assertEq(s.archive.documentCount, 10, 'document count');
  assert(/Lavrov/.test(s.archive.title), `archive title names Lavrov: ${s.archive.title}`);
  assertEq(s.error, null, 'no error');
  assertEq(s.openDocument, null, 'no document open at start');
  // The list is clipped: rows below the panel are not drawn. The first rows are placed; scrolling
  // the list with the wheel brings the last document into view.
  for (let i = 1; i <= 3; i++) {
    const r = await page.evaluate((l) => window.stenogram.locate(l), 'doc:' + i);
    assert(r && r.width > 100 && r.height > 20, `row doc:${i} is drawn with a sensible size: ${JSON.stringify(r)}`);
  }
  const first = await page.evaluate(() => window.stenogram.locate('doc:1'));
  await page.mouse.move(first.cx, first.cy);
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, 400); await frames(page, 2); }
  const last = await page.evaluate(() => window.stenogram.locate('doc:10'));
  assert(last && last.height > 20, 'scrolling the list shows the tenth document: ' + JSON.stringify(last));
  assertEq(consoleErrors, [], 'console errors');
});

test('a real click on a document opens it and its text is drawn', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  const before = await screenshotStats(page, 'skeleton-before-click', { x: 700, y: 100, width: 500, height: 600 });
  // ids follow the dates (archive format 2): doc 8 is the Serbia talks, December 2014, the last row in
  // view and partly cut by the list's edge: the wheel brings it fully into view first.
  const first = await page.evaluate(() => window.stenogram.locate('result:0'));
  await page.mouse.move(first.cx, first.cy);
  await page.mouse.wheel(0, 240);
  await frames(page, 3);
  const row = await clickLabel(page, 'doc:8');
  const s = await page.evaluate(() => window.stenogram.state());
  assert(s.openDocument, 'a document is open after the click');
  assertEq(s.openDocument.id, 8, 'the clicked document is open');
  assert(/Serbia/.test(s.openDocument.title), 'its title: ' + s.openDocument.title);
  const after = await screenshotStats(page, 'skeleton-document-open', { x: row.x + row.width + 20, y: 100, width: 1280 - row.x - row.width - 40, height: 600 });
  assert(after.region.ink > before.region.ink + 2000,
    `the reader shows text after the click (ink pixels ${before.region.ink} → ${after.region.ink})`);
  assert(after.whole.colours > 20, 'the page is not blank (distinct colours: ' + after.whole.colours + ')');
});

test('the scripting API opens a document and reports bad commands', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  const ok = await page.evaluate(() => window.stenogram.command({ type: 'open', id: 7 }));
  assertEq(ok, { ok: true }, 'open 7');
  await frames(page, 2);
  const s = await page.evaluate(() => window.stenogram.state());
  assertEq(s.openDocument.id, 7, 'document 7 is open');
  const missing = await page.evaluate(() => window.stenogram.command({ type: 'open', id: 999 }));
  assertEq(missing.ok, false, 'opening a missing id fails');
  assert(/no document 999/.test(missing.error), missing.error);
  const unknown = await page.evaluate(() => window.stenogram.command({ type: 'fly' }));
  assert(/unknown command type "fly"/.test(unknown.error), unknown.error);
  // The app stays usable: the previous document is still open and the error can be dismissed for real.
  await clickLabel(page, 'error-dismiss');
  assertEq((await page.evaluate(() => window.stenogram.state())).error, null, 'error dismissed by a click');
});

test('HiDPI: the UI is drawn at the device pixel ratio and stays crisp', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base, { deviceScaleFactor: 2 });
  const s = await page.evaluate(() => window.stenogram.state());
  assertEq(s.uiScale, 2, 'ui scale follows devicePixelRatio');
  const size = await page.evaluate(() => [document.getElementById('canvas').width, window.innerWidth]);
  assertEq(size[0], size[1] * 2, 'canvas backing store is CSS width × 2');
  const r = await clickLabel(page, 'doc:1');
  assert(r.height > 20 && r.height < 120, 'rows have the same CSS size as at ratio 1: ' + r.height);
  assertEq((await page.evaluate(() => window.stenogram.state())).openDocument.id, 1, 'click at ratio 2 opens the right row');
  const shot = await screenshotStats(page, 'skeleton-hidpi');
  assertEq(shot.width, 2560, 'screenshot in device pixels');
  assert(shot.whole.ink > 5000, 'text is drawn at ratio 2');
});

test('the page requests nothing but its own files and the archive', async (ctx) => {
  const { page, requests } = await openViewer(ctx, ctx.base);
  await clickLabel(page, 'doc:3');
  const origin = new URL(ctx.base).origin;
  const allowed = ['/', '/index.js', '/index.wasm', '/worker.js', '/engine.js', '/engine.wasm', '/sample.sqlite',
    '/fonts/NotoSans-Regular.ttf', '/fonts/NotoSans-Bold.ttf'];
  for (const u of requests) {
    const url = new URL(u);
    if (url.protocol === 'data:' || url.protocol === 'blob:') continue;
    assertEq(url.origin, origin, 'request origin of ' + u);
    assert(allowed.includes(url.pathname), 'unexpected request ' + u);
  }
  assert(requests.some((u) => u.endsWith('/sample.sqlite')), 'the archive was requested');
});

for (const [file, reason] of [
  ['missing.sqlite', /missing\.sqlite: cannot load the archive: HTTP 404/],
  ['fixtures/notes.txt', /notes\.txt: not a SQLite database/],
  ['fixtures/people.sqlite', /people\.sqlite: not a Stenogram archive: table 'meta' is missing/],
  ['fixtures/truncated.sqlite', /truncated\.sqlite: /],
  ['fixtures/format1.sqlite', /format1\.sqlite: this archive is in the old format 1 and this viewer reads format 4; rebuild it from its sources with: stenogram-build -o format1\.sqlite --title 'Old archive' lavrov\.jsonl$/],
]) {
  test(`a bad archive (${file}) gives a clear message and the app stays usable`, async (ctx) => {
    const { page } = await openViewer(ctx, ctx.base + '?archive=' + encodeURIComponent(file));
    const s = await page.evaluate(() => window.stenogram.state());
    assert(s.error && reason.test(s.error), `state().error names the file and reason: ${s.error}`);
    assertEq(s.archive, null, 'no archive is open');
    const shot = await screenshotStats(page, 'skeleton-bad-' + file.replace(/\W+/g, '-'));
    assert(shot.whole.ink > 500, 'the message and the empty panels are drawn');
    await clickLabel(page, 'error-dismiss');
    assertEq((await page.evaluate(() => window.stenogram.state())).error, null, 'the message can be dismissed');
  });
}
