// boundary.test.mjs: no exception crosses the wasm boundary (issue 13). The archive engine (in its
// worker) throws each kind of C++ exception its code can meet - one of our own, std::out_of_range from
// inside libc++, std::bad_alloc, a JSON type error - and answers each with an error reply instead
// (without -fwasm-exceptions the first escaped into JavaScript as a bare number and the others aborted
// the module); it then still opens and searches an archive. The viewer answers a command with
// wrongly typed fields (a JSON type error inside the command) with an error, not a thrown number.
// What no catch stops (a trap) still gets an answer, and the worker restarts the engine with the archive.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, openViewer, assert, assertEq, DIST } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';

// A page that runs web/worker.js and exposes send(msg) → the worker's reply to msg.seq.
const PAGE = `<!doctype html><meta charset="utf-8"><title>engine boundary</title><script>
const worker = new Worker('/worker.js');
const waiting = new Map();
window.errors = [];
window.workerReady = new Promise((resolve) => { window.markReady = resolve; });
worker.onerror = (e) => window.errors.push(String(e.message));
worker.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'ready') window.markReady();
  if (m.type === 'error') window.errors.push(m.message);
  if (m.type !== 'progress' && waiting.has(m.seq)) { waiting.get(m.seq)(m); waiting.delete(m.seq); }
};
let seq = 0;
window.send = (msg) => new Promise((resolve) => { msg.seq = ++seq; waiting.set(msg.seq, resolve); worker.postMessage(msg); });
</script>`;

test('boundary: C++ exceptions in the archive engine become error replies, and the engine keeps working', async (ctx) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-boundary-'));
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
  const server = await startServer({ dir: DIST, port: 0, extraDirs: { '/t/': dir } });
  try {
    const context = await ctx.browser.newContext();
    ctx.contexts.push(context);
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/t/index.html`);
    await page.evaluate(() => window.workerReady);
    const expect = {
      1: /^fault test: a C\+\+ exception inside the engine$/,
      2: /^fault test: .*vector/,                                  // libc++'s out_of_range from vector::at
      3: /^fault test: out of memory in the archive engine$/,      // std::bad_alloc
      4: /^fault test: JSON type error: a string was expected, but this is a number$/,  // core/text/json.h
    };
    for (const [kind, says] of Object.entries(expect)) {
      const r = await page.evaluate((k) => window.send({ type: 'fault', kind: Number(k) }), kind);
      assert(!r.escaped, `kind ${kind}: the exception escaped into JavaScript: ${r.error}`);
      assert(r.ok === false && says.test(r.error || ''), `kind ${kind}: an error reply: ` + JSON.stringify(r));
    }
    // The same engine still opens and searches an archive.
    const opened = await page.evaluate(() => window.send({ type: 'open', source: { url: '/sample.sqlite' } }));
    assert(opened.ok && opened.documents === 10, 'the engine opens the sample after the exceptions: ' + JSON.stringify(opened));
    const found = await page.evaluate(() => window.send({ type: 'search', text: 'Lavrov' }));
    assert(!found.error && found.total > 0, 'and searches it: ' + JSON.stringify(found).slice(0, 300));
    // Thrown again after an archive is open: still answered, the archive still searchable.
    const again = await page.evaluate(() => window.send({ type: 'fault', kind: 3 }));
    assert(!again.escaped && again.ok === false, 'bad_alloc with an archive open: ' + JSON.stringify(again));
    const still = await page.evaluate(() => window.send({ type: 'search', text: 'Lavrov' }));
    assertEq(still.total, found.total, 'the archive answers as before');
    assertEq([await page.evaluate(() => window.errors), pageErrors], [[], []], 'no worker or page error');
    // A trap no catch can stop (kind 5): the message is answered, the worker restarts the engine and
    // reopens the archive, which answers again.
    const trap = await page.evaluate(() => window.send({ type: 'fault', kind: 5 }));
    assert(trap.ok === false && /the archive engine failed \(.*unreachable.*\)/.test(trap.error), 'a trap is answered: ' + JSON.stringify(trap));
    const reopened = await page.evaluate(() => window.send({ type: 'search', text: 'Lavrov' }));
    assertEq(reopened.total, found.total, 'the restarted engine has the archive open again');
    const told = await page.evaluate(() => window.errors);
    assert(told.length === 1 && /the archive engine failed \(.*unreachable.*\) and was restarted/.test(told[0]), 'the page is told: ' + JSON.stringify(told));
    assertEq(pageErrors, [], 'no page error');
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('boundary: a viewer command with wrongly typed fields gets an error answer, never a thrown exception', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  const results = await page.evaluate(() => {
    const out = [];
    for (const cmd of [{ type: 'setView', query: 5 }, { type: 'setView', query: 'Lavrov', speaker: ['x'] }, { type: '_opened', id: 'seven' }]) {
      try {
        const r = window.stenogram.command(cmd);
        out.push(r && typeof r.then === 'function' ? { promise: true } : r);
      } catch (e) {
        out.push({ threw: typeof e + ': ' + String(e) });
      }
    }
    return out;
  });
  for (const r of results) {
    assert(!r.threw && !r.promise, 'a command threw into JavaScript: ' + JSON.stringify(results));
    assert(r.ok === false && /^the command failed: JSON type error: an? (string|number|boolean|integer) was expected, but this is /.test(r.error || ''), 'an error answer: ' + JSON.stringify(r));
  }
  // The viewer still works: a search answers and frames keep coming.
  const r = await page.evaluate(() => window.stenogram.command({ type: 'search', text: 'Lavrov' }));
  const done = r && r.then ? await r : r;
  assert(done && done.ok, 'a search after the failed commands: ' + JSON.stringify(done));
  await page.waitForFunction(() => window.stenogram.state().resultCount > 0, null, { timeout: 10000 });
  assertEq(consoleErrors.filter((e) => /RuntimeError|Aborted|out of bounds|unreachable/.test(e)), [], 'no page error');
});
