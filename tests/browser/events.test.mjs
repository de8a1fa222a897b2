// events.test.mjs: the viewer tells the page what changed (stenogram.on: stateChanged with the whole
// state, documentOpened with {id, title, date}) after the frame that changed it, whether a click,
// typing or a command changed it; nothing on the page polls state() meanwhile (the URL's view
// follows the events).
import { test, openViewer, frames, clickLabel, typeQuery, assert, assertEq } from './harness.mjs';

test('events: stateChanged and documentOpened are pushed to the page; nothing polls state()', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  await page.evaluate(() => {
    window.seen = [];
    window.stenogram.on('stateChanged', (s) => window.seen.push({ type: 'stateChanged', state: s, hash: window.location.hash }));
    window.stenogram.on('documentOpened', (d) => window.seen.push({ type: 'documentOpened', document: d }));
  });

  // Typing in the search box: the query, then its count, arrive as events.
  await typeQuery(page, 'Minsk');
  await page.waitForFunction(() => window.seen.some((e) => e.type === 'stateChanged' && e.state.query === 'Minsk' &&
    e.state.resultCount > 0), null, { timeout: 5000 });
  const count = await page.evaluate(() => window.stenogram.state().resultCount);
  const told = await page.evaluate(() => window.seen.filter((e) => e.type === 'stateChanged').pop().state);
  assertEq([told.query, told.resultCount], ['Minsk', count], 'the last stateChanged carries the state as it is');

  // A click on a result: documentOpened with the document, and the link follows.
  await clickLabel(page, 'result:0');
  await page.waitForFunction(() => window.seen.some((e) => e.type === 'documentOpened'), null, { timeout: 5000 });
  const s = await page.evaluate(() => window.stenogram.state());
  const opened = await page.evaluate(() => window.seen.filter((e) => e.type === 'documentOpened'));
  assertEq(opened.map((e) => [e.document.id, e.document.title, e.document.date]),
    [[s.openDocument.id, s.openDocument.title, s.openDocument.date]], 'one documentOpened, for the clicked document');
  await page.waitForFunction((id) => new RegExp('doc=' + id + '(&|$)').test(window.location.hash), s.openDocument.id, { timeout: 5000 });

  // At rest: no event and not one call of state() in two seconds (the page used to poll every 400 ms).
  await frames(page, 2);
  const calls = await page.evaluate(() => new Promise((resolve) => {
    const api = window.stenogram, state = api.state;
    let n = 0;
    const before = window.seen.length;
    api.state = function () { n++; return state.apply(api, arguments); };
    setTimeout(() => { api.state = state; resolve({ calls: n, events: window.seen.length - before }); }, 2000);
  }));
  assertEq(calls, { calls: 0, events: 0 }, 'nothing polls the viewer at rest');

  // A command: one more stateChanged, with the range; the same document is not "opened" again.
  const r = await page.evaluate(() => window.stenogram.command({ type: 'setRange', from: '2014-01-01', to: '2019-12-31' }));
  assertEq(r.ok, true, 'setRange');
  await page.waitForFunction(() => window.seen.some((e) => e.type === 'stateChanged' && e.state.dayFrom !== null), null, { timeout: 5000 });
  assertEq((await page.evaluate(() => window.seen.filter((e) => e.type === 'documentOpened'))).length, 1, 'documentOpened once');
  // Another archive: stateChanged says so (a new title, no document open).
  const loaded = await page.evaluate(() => window.stenogram.loadArchive('fixtures/russian.sqlite'));
  assertEq(loaded.ok, true, 'loadArchive');
  await page.waitForFunction(() => { const e = window.seen.filter((x) => x.type === 'stateChanged').pop();
    return e.state.archive && e.state.archive.name === 'russian.sqlite' && e.state.openDocument === null; }, null, { timeout: 10000 });
  assert(!consoleErrors.length, 'console errors: ' + consoleErrors.join('\n'));
});
