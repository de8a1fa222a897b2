// rest.test.mjs: the viewer rests when nothing happens (no frames, almost no main-thread time) and
// wakes for real input, for an answer from the archive worker and for a command; and the archive
// lives in a worker: the page's own wasm never holds it, a search does not block the page.
import { test, openViewer, clickLabel, frames, typeQuery, assert, assertEq } from './harness.mjs';

// Main-thread busy time (ms) and frames drawn while the page is left alone for ms.
async function idleFor(page, ms) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return 1000 * metrics.find((m) => m.name === 'TaskDuration').value;
  };
  const f0 = await page.evaluate(() => window.stenogram.frames());
  const t0 = await metric();
  await page.waitForTimeout(ms);
  const t1 = await metric();
  const f1 = await page.evaluate(() => window.stenogram.frames());
  await cdp.detach();
  return { frames: f1 - f0, busyMs: t1 - t0 };
}

test('at rest the viewer draws nothing; a mouse move, an answer and a command wake it', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  await page.waitForTimeout(2000);  // the start-up settles, then the loop sleeps
  const idle = await idleFor(page, 5000);
  assert(idle.frames <= 1, `no frames while idle for 5 s (drew ${idle.frames})`);
  assert(idle.busyMs < 60, `the main thread is almost idle for 5 s (${idle.busyMs.toFixed(1)} ms busy)`);

  // Real input wakes it: hovering a result draws frames (and the hover).
  const before = await page.evaluate(() => window.stenogram.frames());
  const row = await page.evaluate(() => window.stenogram.locate('result:0'));
  await page.mouse.move(row.cx, row.cy);
  await page.waitForFunction((b) => window.stenogram.frames() > b + 2, before, { timeout: 5000 });

  // Typing a search: the answer comes from the worker and is drawn without further input.
  await typeQuery(page, 'security');
  await page.waitForFunction(() => window.stenogram.state().query === 'security' && window.stenogram.state().resultCount > 0,
    null, { timeout: 10000 });
  const s = await page.evaluate(() => window.stenogram.state());
  assert(s.resultCount > 0, 'the search was answered while the page was otherwise idle');

  // A command from a script wakes it too, and resolves with the answer's outcome.
  await page.waitForTimeout(2000);
  const r = await page.evaluate(() => window.stenogram.command({ type: 'search', text: 'Lavrov' }));
  assert(r.ok && r.resultCount > 0, 'a search command resolves with its count: ' + JSON.stringify(r));
  await clickLabel(page, 'result:0');
  await page.waitForFunction(() => !!window.stenogram.state().openDocument, null, { timeout: 5000 });
  assertEq(consoleErrors, [], 'no console errors');
});

test('the archive is held by a worker: the page opens it without loading it, and commands resolve once answered', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  const archive = await page.evaluate(() => window.stenogram.archive());
  assert(archive && archive.name === 'sample.sqlite', 'the worker holds the sample: ' + JSON.stringify(archive));
  const stats = await page.evaluate(() => window.stenogram.archiveStats());
  assert(stats && stats.fileSize > 0, 'the worker reports what it read: ' + JSON.stringify(stats));
  const open = await page.evaluate(() => window.stenogram.command({ type: 'open', id: 2 }));
  assertEq(open.ok, true, 'open resolves ok once the document has arrived');
  assertEq((await page.evaluate(() => window.stenogram.state())).openDocument.id, 2, 'the document is open');
  const missing = await page.evaluate(() => window.stenogram.command({ type: 'open', id: 99999 }));
  assert(!missing.ok && /no document 99999/.test(missing.error), 'an unknown id is refused by name: ' + missing.error);
  const bad = await page.evaluate(() => window.stenogram.command({ type: 'search', text: '"unterminated' }));
  assertEq(typeof bad.ok, 'boolean', 'a malformed query resolves with an outcome');
  await frames(page, 2);
  assertEq(consoleErrors, [], 'no console errors');
});

test('a changed view asks for all it shows at once: the search, its first rows and the facet counts go with the command', async (ctx) => {
  const { page, context, consoleErrors } = await openViewer(ctx, ctx.base);
  // Every request the page sends to the archive worker (kind: the protocol's RequestKind).
  await context.addInitScript(() => {
    window.sentToWorker = [];
    const W = window.Worker;
    window.Worker = function (...args) {
      const w = new W(...args), post = w.postMessage.bind(w);
      w.postMessage = (m, t) => {
        if (m && m.type === 'request') window.sentToWorker.push({ kind: new Uint8Array(m.bytes)[0], at: performance.now() });
        return post(m, t);
      };
      return w;
    };
  });
  await page.reload();
  await page.waitForFunction(() => window.stenogram && window.stenogram.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.stenogram.ready);
  await frames(page, 2);
  const r = await page.evaluate(async () => {
    window.sentToWorker.length = 0;
    const framesBefore = window.stenogram.frames();
    const t0 = performance.now();
    const done = window.stenogram.command({ type: 'setView', query: 'security', speaker: '' });
    const t1 = performance.now();
    const out = await done;
    return { out, t0, t1, sent: window.sentToWorker, framesDrawn: window.stenogram.frames() - framesBefore, state: window.stenogram.state() };
  });
  assert(r.out.ok && r.out.resultCount > 0, 'the view resolves with its count: ' + JSON.stringify(r.out));
  const during = r.sent.filter((s) => s.at >= r.t0 && s.at <= r.t1).map((s) => s.kind);
  assert(during.includes(2), 'the search went with the command: ' + JSON.stringify(during));
  assert(during.includes(3), 'its first page of rows went with it (not a frame after the ids): ' + JSON.stringify(during));
  assert(during.filter((k) => k === 4).length >= 3, 'the facet counts the filters column shows went with it: ' + JSON.stringify(during));
  assert(r.framesDrawn >= 1, 'a frame drew the answers before the command resolved');
  assertEq(r.state.busy, false, 'nothing is on its way once it resolves');
  assert(r.state.resultCount > 0, 'the results are in the state');
  assertEq(consoleErrors, [], 'no console errors');
});
