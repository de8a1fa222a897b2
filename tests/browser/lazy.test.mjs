// lazy.test.mjs: the archive engine in a real Worker (web/worker.js + engine.js/.wasm from dist/)
// reading a large fixture archive lazily from real servers: Debian's nginx with byte ranges, nginx
// gzipping .sqlite, tools/serve.mjs without Range support; a local File read in slices; an archive
// that changes on the server; the request queue's slots. The network log is nginx's access log.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, assert, assertEq, DIST, FIXTURES, ROOT } from './harness.mjs';
import { startNginx } from './nginx.mjs';
import { startServer } from '../../tools/serve.mjs';

const NATIVE = path.resolve(ROOT, process.env.NATIVE || 'build/native');
const LARGE = path.join(FIXTURES, 'large.sqlite');   // ~24 MB: 4000 synthetic documents with full texts (zstd frames)

// The fixture archive, built once (tools/test builds it too).
function largeFixture() {
  if (fs.existsSync(LARGE)) return LARGE;
  fs.mkdirSync(FIXTURES, { recursive: true });
  const src = path.join(FIXTURES, 'large.jsonl');
  for (const [cmd, args] of [[path.join(NATIVE, 'tools/builder/stenogram-gen'), ['--docs', '4000', '--seed', '5', '-o', src]],
    [path.join(NATIVE, 'tools/builder/stenogram-build'), ['--quiet', '-o', LARGE + '.tmp', src]]]) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${path.basename(cmd)} failed: ${r.stderr || r.error}`);
  }
  fs.renameSync(LARGE + '.tmp', LARGE);
  return LARGE;
}

// A page on the server's origin that runs web/worker.js in a Worker and exposes send(msg) → reply.
const PAGE = `<!doctype html><meta charset="utf-8"><title>worker test</title>
<input type="file" id="pick">
<script>
const worker = new Worker('/worker.js');
const waiting = new Map();
window.events = [];
window.workerReady = new Promise((resolve) => { window.markReady = resolve; });
worker.onmessage = (e) => {
  const m = e.data;
  window.events.push(m.type === 'answer' ? { type: 'answer', seq: m.seq, dropped: !!m.dropped, size: m.bytes ? m.bytes.byteLength : 0,
    text: m.bytes ? new TextDecoder().decode(m.bytes) : '' } : m);
  if (m.type === 'ready') window.markReady();
  if (m.type !== 'progress' && waiting.has(m.seq)) { waiting.get(m.seq)(m); waiting.delete(m.seq); }
};
let seq = 0;
window.send = (msg) => new Promise((resolve) => { msg.seq = ++seq; waiting.set(msg.seq, resolve); worker.postMessage(msg); });
window.post = (msg) => { msg.seq = ++seq; worker.postMessage(msg); return msg.seq; };
window.raw = (msg) => worker.postMessage(msg);  // as it is (the viewer's 'shown' names its open's seq)
window.decode = (m) => m.bytes ? JSON.parse(new TextDecoder().decode(m.bytes)) : m;
</script>`;
function pageDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-lazy-page-'));
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE);
  return dir;
}

async function newPage(ctx, url) {
  const context = await ctx.browser.newContext();
  ctx.contexts.push(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/favicon|404 \(Not Found\)/.test(m.text() + (m.location().url || ''))) errors.push(m.text()); });
  await page.goto(url);
  return { page, errors };
}
const archiveLog = (entries) => entries.filter((e) => e.path.endsWith('.sqlite'));
const sum = (a) => a.reduce((x, y) => x + y, 0);

test('lazy: a large archive over HTTP Range opens and searches with a small fraction of its bytes', async (ctx) => {
  const file = largeFixture(), size = fs.statSync(file).size;
  const dir = pageDir();
  const ng = await startNginx({ root: DIST, aliases: { '/fixtures/': FIXTURES, '/t/': dir } });
  try {
    const { page, errors } = await newPage(ctx, ng.base + 't/');
    await page.evaluate(() => window.workerReady);
    ng.log();
    const opened = await page.evaluate(() => window.send({ type: 'open', source: { url: '/fixtures/large.sqlite' }, cacheBytes: 16 << 20 }));
    assert(opened.ok, 'opened: ' + JSON.stringify(opened));
    assertEq(opened.mode, 'range', 'mode');
    assertEq(opened.size, size, 'size learnt from Content-Range');
    assertEq(opened.documents, 4000, 'documents');
    const atOpen = await page.evaluate(() => window.send({ type: 'stats' }));
    assertEq(atOpen.fileSize, size, 'stats.fileSize');
    assert(atOpen.fetchedBytes < 1e6, `opening fetched ${atOpen.fetchedBytes} bytes of ${size} (< 1 MB)`);
    // A ranked search with a few dozen matches.
    const search = await page.evaluate(() => window.send({ type: 'search', text: 'Serbia' }));
    assert(!search.error, 'search error: ' + search.error);
    assert(search.total > 20 && search.rows.length === 20, `search: ${search.total} matches, ${search.rows.length} rows`);
    assert(search.rows.every((r) => r.snippet.length > 0), 'every row has a snippet');
    const after = await page.evaluate(() => window.send({ type: 'stats' }));
    const searchBytes = after.fetchedBytes - atOpen.fetchedBytes;
    // Archives are compact (1500 documents made ~51 MB in format 1, ~22 MB in format 2; 4000 make ~26 MB
    // in format 4, its texts compressed), so the bound is in bytes
    // as well as a share: the open and one ranked search read at most 3 MB and 15% of the file.
    assert(after.fetchedBytes < Math.min(3 << 20, size * 0.15), `open + search fetched ${after.fetchedBytes} of ${size} bytes (< 3 MB, < 15%)`);
    const net = archiveLog(ng.log());
    assert(net.length >= 2, 'the archive was read in several requests: ' + net.length);
    assert(net.every((e) => e.status === 206 && /^bytes=\d+-\d+$/.test(e.range)), 'every archive request is a 206 range: ' +
      JSON.stringify(net.filter((e) => e.status !== 206).slice(0, 3)));
    const wire = sum(net.map((e) => e.bytes));
    assert(wire < Math.min(3 << 20, size * 0.15) + 400 * net.length, `bytes on the wire ${wire} of ${size}`);
    assertEq(after.networkRequests, net.length, 'the worker counted every request nginx logged');
    console.log(`      range: open ${atOpen.fetchedBytes} B / ${atOpen.requests} req; search ${searchBytes} B; file ${size} B; ${net.length} requests`);
    // The rows' reads were planned: fetched in parallel, fewer round trips than requests. The same
    // search on a fresh open without planning reads the same rows one request after another.
    const rounds = after.networkRounds - atOpen.networkRounds, requests = after.networkRequests - atOpen.networkRequests;
    assert(rounds < requests, `planned rows: ${rounds} round trips for ${requests} requests`);
    const unplanned = await page.evaluate(async () => {
      const o = await window.send({ type: 'open', source: { url: '/fixtures/large.sqlite' }, cacheBytes: 16 << 20 });
      const s0 = await window.send({ type: 'stats' });
      const r = await window.send({ type: 'search', text: 'Serbia', plan: false });
      const s1 = await window.send({ type: 'stats' });
      return { ok: o.ok, ids: r.rows.map((x) => x.id), rounds: s1.networkRounds - s0.networkRounds, requests: s1.networkRequests - s0.networkRequests };
    });
    assert(unplanned.ok, 'reopened');
    assertEq(unplanned.ids, search.rows.map((x) => x.id), 'the same rows either way');
    assertEq(unplanned.rounds, unplanned.requests, 'unplanned: every request its own round trip');
    assert(rounds + 10 <= unplanned.rounds, `planned ${rounds} round trips vs ${unplanned.rounds} unplanned`);
    console.log(`      round trips of the search: planned ${rounds} (${requests} requests), unplanned ${unplanned.rounds}`);
    assertEq(errors, [], 'page errors');
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('lazy: after opening, the worker warms the index up in the background once the page has shown the first view; a later search takes a few round trips', async (ctx) => {
  largeFixture();
  const dir = pageDir();
  const ng = await startNginx({ root: DIST, aliases: { '/fixtures/': FIXTURES, '/t/': dir } });
  try {
    const { page, errors } = await newPage(ctx, ng.base + 't/');
    await page.evaluate(() => window.workerReady);
    const r = await page.evaluate(async () => {
      const stats = () => window.send({ type: 'stats' });
      const search = async () => {
        const a = await stats(), res = await window.send({ type: 'search', text: 'Serbia' }), b = await stats();
        return { ids: res.rows.map((x) => x.id), rounds: b.networkRounds - a.networkRounds, bytes: b.fetchedBytes - a.fetchedBytes };
      };
      await window.send({ type: 'open', source: { url: '/fixtures/large.sqlite' }, cacheBytes: 16 << 20 });
      const cold = await search();  // at once: no warm-up yet
      const open = { type: 'open', source: { url: '/fixtures/large.sqlite' }, cacheBytes: 16 << 20 };
      await window.send(open);
      const openedAt = performance.now(), w0 = await stats();
      // Idle, but the page has not said it has drawn the first view: no warm-up yet (web/worker.js SHOWN_WAIT_MS).
      await new Promise((res) => setTimeout(res, 1200));
      const before = await stats();
      window.raw({ type: 'shown', seq: open.seq });
      let w = before, startedMs = -1;  // when the warm-up's first request went out
      while (!w.warmed && performance.now() - openedAt < 30000) {
        await new Promise((res) => setTimeout(res, 100));
        w = await stats();
        if (startedMs < 0 && w.networkRequests > before.networkRequests) startedMs = performance.now() - openedAt;
      }
      const warm = await search();
      return { cold, warm, warmed: w.warmed, warmRounds: w.networkRounds - w0.networkRounds, warmRequests: w.networkRequests - w0.networkRequests,
        warmBytes: w.fetchedBytes - w0.fetchedBytes, earlyRequests: before.networkRequests - w0.networkRequests, earlyWarmed: before.warmed, startedMs };
    });
    assert(r.warmed, 'the warm-up finished');
    assert(r.earlyRequests === 0 && !r.earlyWarmed, `no warm-up before the page showed the first view: ${r.earlyRequests} requests`);
    assert(r.startedMs >= 0 && r.startedMs < 4000, `the warm-up started on 'shown', not on the 5 s fallback: its first request ${Math.round(r.startedMs)} ms after the open`);
    assert(r.warmRounds >= 1 && r.warmRounds <= 8, `warm-up in ${r.warmRounds} round trips (a level of the b-trees each)`);
    assert(r.warmRequests > r.warmRounds, `warm-up requests in parallel: ${r.warmRequests} requests in ${r.warmRounds} round trips`);
    assertEq(r.warm.ids, r.cold.ids, 'the same rows');
    assert(r.warm.rounds <= 6 && r.warm.rounds < r.cold.rounds, `search after the warm-up: ${r.warm.rounds} round trips (cold: ${r.cold.rounds})`);
    console.log(`      warm-up ${r.warmBytes} B in ${r.warmRounds} round trips (${r.warmRequests} requests); search cold ${r.cold.rounds} round trips / ${r.cold.bytes} B, warm ${r.warm.rounds} / ${r.warm.bytes} B`);
    assertEq(errors, [], 'page errors');
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('lazy: the same search answers alike without Range support (whole download) and through nginx gzipping .sqlite', async (ctx) => {
  largeFixture();
  const dir = pageDir();
  const plain = await startServer({ dir: DIST, port: 0, extraDirs: { '/fixtures/': FIXTURES, '/t/': dir }, ranges: false });
  const gz = await startNginx({ root: DIST, aliases: { '/fixtures/': FIXTURES, '/t/': dir }, gzip: true });
  const ref = await startNginx({ root: DIST, aliases: { '/fixtures/': FIXTURES, '/t/': dir } });
  try {
    const results = {};
    for (const [name, base] of [['plain', `http://127.0.0.1:${plain.address().port}/`], ['gzip', gz.base], ['range', ref.base]]) {
      const { page } = await newPage(ctx, base + 't/');
      await page.evaluate(() => window.workerReady);
      const opened = await page.evaluate(() => window.send({ type: 'open', source: { url: '/fixtures/large.sqlite' }, cacheBytes: 16 << 20 }));
      assert(opened.ok, name + ' opened: ' + JSON.stringify(opened));
      const search = await page.evaluate(() => window.send({ type: 'search', text: 'negotiations' }));
      assert(!search.error, name + ' search error: ' + search.error);
      results[name] = { mode: opened.mode, note: opened.note, total: search.total, ids: search.rows.map((r) => r.id), snippet: search.rows[0].snippet };
    }
    assertEq(results.plain.mode, 'whole', 'mode without Range support');
    assert(/does not answer byte ranges \(Range\): the whole archive \(\d+ MB\) was downloaded/.test(results.plain.note), 'the note says so: ' + results.plain.note);
    // Chromium asks for a range with Accept-Encoding: identity, so nginx sends it uncompressed; a
    // compressed answer would make the worker read the whole (decompressed) file instead.
    assert(results.gzip.mode === 'range' || (results.gzip.mode === 'whole' && /gzip/.test(results.gzip.note)), 'gzip: ' + JSON.stringify(results.gzip).slice(0, 200));
    for (const name of ['plain', 'gzip']) {
      assertEq(results[name].total, results.range.total, name + ': matches');
      assertEq(results[name].ids, results.range.ids, name + ': top 20');
      assertEq(results[name].snippet, results.range.snippet, name + ': first snippet');
    }
    const gzLog = archiveLog(gz.log());
    assert(gzLog.length > 0 && gzLog.every((e) => e.status === 206 || e.status === 200), 'nginx (gzip) log: ' + JSON.stringify(gzLog.slice(0, 3)));
    console.log(`      gzip: mode ${results.gzip.mode}, ${gzLog.length} requests; plain: ${results.plain.note}`);
  } finally { plain.close(); await gz.stop(); await ref.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('lazy: an archive that changes on the server gives a clear error, never mixed pages', async (ctx) => {
  const file = largeFixture();
  const dir = pageDir(), data = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-lazy-data-'));
  fs.copyFileSync(file, path.join(data, 'live.sqlite'));
  const ng = await startNginx({ root: DIST, aliases: { '/data/': data, '/t/': dir } });
  try {
    const { page } = await newPage(ctx, ng.base + 't/');
    await page.evaluate(() => window.workerReady);
    const opened = await page.evaluate(() => window.send({ type: 'open', source: { url: '/data/live.sqlite' }, cacheBytes: 2 << 20 }));
    assert(opened.ok && opened.mode === 'range', 'opened: ' + JSON.stringify(opened));
    // A new version: the sample archive (another size, time and ETag) replaces it.
    fs.copyFileSync(path.join(DIST, 'sample.sqlite'), path.join(data, 'live.sqlite.new'));
    fs.renameSync(path.join(data, 'live.sqlite.new'), path.join(data, 'live.sqlite'));
    const search = await page.evaluate(() => window.send({ type: 'search', text: 'security' }));
    assert(/changed on the server; reload/.test(search.error || ''), 'the search names the change: ' + JSON.stringify(search).slice(0, 300));
    const unsolicited = await page.evaluate(() => window.events.filter((e) => e.type === 'error').map((e) => e.message));
    assert(unsolicited.some((m) => /live\.sqlite: the archive changed on the server; reload/.test(m)), 'an error message reached the page: ' + unsolicited);
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); fs.rmSync(data, { recursive: true, force: true }); }
});

test('lazy: a cross-origin archive is read in ranges with CORS; without exposed Content-Range the message says so', async (ctx) => {
  largeFixture();
  const dir = pageDir();
  const page0 = await startNginx({ root: DIST, aliases: { '/t/': dir } });
  const exposed = await startNginx({ root: FIXTURES, serverExtra: "add_header Access-Control-Allow-Origin * always; add_header Access-Control-Expose-Headers 'Content-Range, Content-Length, ETag, Last-Modified' always;" });
  const bare = await startNginx({ root: FIXTURES, serverExtra: 'add_header Access-Control-Allow-Origin * always;' });
  try {
    const { page } = await newPage(ctx, page0.base + 't/');
    await page.evaluate(() => window.workerReady);
    const ok = await page.evaluate((u) => window.send({ type: 'open', source: { url: u }, cacheBytes: 16 << 20 }), exposed.base + 'large.sqlite');
    assert(ok.ok && ok.mode === 'range', 'CORS with exposed headers: ' + JSON.stringify(ok));
    const search = await page.evaluate(() => window.send({ type: 'search', text: 'Serbia' }));
    assert(!search.error && search.total > 20, 'cross-origin search: ' + JSON.stringify(search).slice(0, 200));
    assert(archiveLog(exposed.log()).every((e) => e.status === 206), 'all ranges');
    const refused = await page.evaluate((u) => window.send({ type: 'open', source: { url: u } }), bare.base + 'large.sqlite');
    assert(!refused.ok && /large\.sqlite: cannot load the archive: .*Access-Control-Expose-Headers: Content-Range, Content-Length/.test(refused.error),
      'the message names the headers to expose: ' + refused.error);
  } finally { await page0.stop(); await exposed.stop(); await bare.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('lazy: a local File opens and searches without being read whole', async (ctx) => {
  const file = largeFixture(), size = fs.statSync(file).size;
  const dir = pageDir();
  const ng = await startNginx({ root: DIST, aliases: { '/t/': dir } });
  try {
    const { page } = await newPage(ctx, ng.base + 't/');
    await page.evaluate(() => window.workerReady);
    await page.setInputFiles('#pick', file);
    const opened = await page.evaluate(() => window.send({ type: 'open', source: { file: document.getElementById('pick').files[0] }, cacheBytes: 16 << 20 }));
    assert(opened.ok, 'opened: ' + JSON.stringify(opened));
    assertEq(opened.mode, 'file', 'mode');
    assertEq(opened.name, 'large.sqlite', 'name');
    const search = await page.evaluate(() => window.send({ type: 'search', text: 'Serbia' }));
    assert(!search.error && search.total > 0, 'search: ' + JSON.stringify(search).slice(0, 200));
    const s = await page.evaluate(() => window.send({ type: 'stats' }));
    assert(s.fileBytesRead < Math.min(3 << 20, size * 0.15), `read ${s.fileBytesRead} of ${size} bytes of the file (< 3 MB, < 15%)`);
    console.log(`      file: read ${s.fileBytesRead} B in ${s.fileReads} slices of ${size} B`);
    assertEq(s.fileBytesRead, s.fetchedBytes, 'the cache counted every byte read from the file');
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('lazy: a local File larger than the budget: the index and rows are read ahead in parallel slices; a search then reads little', async (ctx) => {
  const file = largeFixture(), size = fs.statSync(file).size;
  const budget = 8 << 20;
  assert(size > budget * 2, `the fixture (${size} B) is larger than the budget`);
  const dir = pageDir();
  const ng = await startNginx({ root: DIST, aliases: { '/t/': dir } });
  try {
    const { page } = await newPage(ctx, ng.base + 't/');
    await page.evaluate(() => window.workerReady);
    await page.setInputFiles('#pick', file);
    // Reads of one ranked search (its top row with a snippet): right after the open, and after the read-ahead.
    const searchReads = (wait) => page.evaluate(async ({ budget, wait }) => {
      const opened = await window.send({ type: 'open', source: { file: document.getElementById('pick').files[0] }, cacheBytes: budget });
      if (!opened.ok) return { error: JSON.stringify(opened) };
      let s = await window.send({ type: 'stats' });
      const t0 = performance.now();
      while (wait && !(s.warmed && s.readAhead) && performance.now() - t0 < 60000) {
        await new Promise((r) => setTimeout(r, 100));
        s = await window.send({ type: 'stats' });
      }
      const r = await window.send({ type: 'search', text: 'negotiations OR security', limit: 1 });  // one row: one text
      const after = await window.send({ type: 'stats' });
      return { total: r.total, rows: (r.rows || []).length, ready: !!(s.warmed && s.readAhead), before: s, reads: after.fileReads - s.fileReads,
        bytes: after.fileBytesRead - s.fileBytesRead, cacheBytes: after.cacheBytes, read: after.fileBytesRead };
    }, { budget, wait });
    const cold = await searchReads(false);
    const warm = await searchReads(true);
    assert(!cold.error && !warm.error, JSON.stringify([cold.error, warm.error]));
    assert(warm.ready, 'the warm-up and the read-ahead finished');
    assertEq(warm.total, cold.total, 'the same matches');
    assertEq(warm.rows, 1, 'the top row');
    console.log(`      read-ahead: ${(warm.before.fileBytesRead / 1e6).toFixed(1)} MB in ${warm.before.fileReads} slices; ` +
      `a search then reads ${warm.reads} slices (${(warm.bytes / 1e6).toFixed(2)} MB), right after the open ${cold.reads} (${(cold.bytes / 1e6).toFixed(2)} MB)`);
    assert(warm.before.fileBytesRead > 2 << 20, 'the read-ahead read the index');
    assert(warm.before.fileBytesRead <= budget, 'the read-ahead stays within the budget');
    assert(warm.read < size / 2, 'the file is not read whole');
    assert(warm.reads <= 3, `after the read-ahead a search reads only its row's text (${warm.reads} slices)`);
    assert(cold.reads > 3 * warm.reads, `right after the open it reads the index too (${cold.reads} slices)`);
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

// Requests as the viewer encodes them (core/engine/protocol.h, core/archive/wire.h): a query with
// text only, by relevance.
const REQUESTS = `
const wire = () => { const out = []; const w = {
  U(v) { while (v >= 0x80) { out.push((v % 128) | 0x80); v = Math.floor(v / 128); } out.push(v); return w; },
  I(v) { return w.U(v >= 0 ? v * 2 : -v * 2 - 1); },
  S(s) { const b = new TextEncoder().encode(s); w.U(b.length); b.forEach((x) => out.push(x)); return w; },
  query(text) { return w.S(text).S('').U(0).U(0).U(0).U(0); },
  bytes() { return new Uint8Array(out).buffer; } }; return w; };
window.rowsRequest = (text, offset, limit) => wire().U(3).query(text).I(offset).I(limit).bytes();
window.facetsRequest = (text, facet, limit) => wire().U(4).query(text).S(facet).I(limit).U(0).bytes();
`;

test('lazy: while a page of rows waits for its texts from a local File, the facet counts that need no read are answered', async (ctx) => {
  const file = largeFixture();
  const dir = pageDir();
  fs.writeFileSync(path.join(dir, 'index.html'), PAGE + `<script>${REQUESTS}</script>`);
  const ng = await startNginx({ root: DIST, aliases: { '/t/': dir } });
  try {
    const { page, errors } = await newPage(ctx, ng.base + 't/');
    if (process.env.DBG) page.on('worker', (w) => w.on('console', (m) => console.log('      W', m.text())));
    await page.evaluate(() => window.workerReady);
    await page.setInputFiles('#pick', file);
    const r = await page.evaluate(async () => {
      const opened = await window.send({ type: 'open', source: { file: document.getElementById('pick').files[0] }, cacheBytes: 8 << 20 });
      if (!opened.ok) return { error: JSON.stringify(opened) };
      let s = await window.send({ type: 'stats' });
      for (const t0 = performance.now(); !(s.warmed && s.readAhead) && performance.now() - t0 < 60000;) {
        await new Promise((res) => setTimeout(res, 100));
        s = await window.send({ type: 'stats' });
      }
      const text = 'negotiations OR security';
      const before = await window.send({ type: 'stats' });
      // As the viewer asks after a search: its page of rows, then the facet counts.
      const asked = [window.send({ type: 'request', slot: 'rows', bytes: window.rowsRequest(text, 0, 16) }),
        ...['kind', 'year', 'speaker', 'tag'].map((f) => window.send({ type: 'request', slot: 'facet-' + f, bytes: window.facetsRequest(text, f, 60) }))];
      const order = [];
      asked.forEach((p, i) => p.then(() => order.push(i)));
      const answers = await Promise.all(asked);
      const after = await window.send({ type: 'stats' });
      return { ready: !!(s.warmed && s.readAhead), order, sizes: answers.map((a) => (a.bytes ? a.bytes.byteLength : 0)),
        errors: answers.map((a) => a.error || ''), reads: after.fileReads - before.fileReads };
    });
    assert(!r.error, r.error);
    assert(r.ready, 'the warm-up and the read-ahead finished');
    assertEq(r.errors, ['', '', '', '', ''], 'every request answered');
    assert(r.sizes.every((n) => n > 0), 'answers with content: ' + JSON.stringify(r.sizes));
    assert(r.reads >= 1, `the page of rows read its texts from the file (${r.reads} slices)`);
    // The four counts came while the rows' texts were being read: before the rows' answer.
    assertEq(r.order, [1, 2, 3, 4, 0], 'the answers\' order');
    assertEq(errors, [], 'page errors');
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('lazy: a local File over 4 GiB is read at exact offsets (sparse file: an archive, then marks past 2 and 4 GiB)', async (ctx) => {
  const dir = pageDir(), data = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-lazy-big-'));
  const big = path.join(data, 'big.sqlite');
  const marks = [2 ** 31 - 3, 2 ** 32 - 5, 2 ** 32 + 65536 * 3 + 7, 5 * 2 ** 30 + 11];
  const fd = fs.openSync(big, 'w');
  fs.writeSync(fd, fs.readFileSync(path.join(DIST, 'sample.sqlite')), 0);
  for (const m of marks) fs.writeSync(fd, Buffer.from('mark@' + m), 0, undefined, m);
  fs.ftruncateSync(fd, 5 * 2 ** 30 + 65536);
  fs.closeSync(fd);
  const ng = await startNginx({ root: DIST, aliases: { '/t/': dir } });
  try {
    const { page } = await newPage(ctx, ng.base + 't/');
    await page.evaluate(() => window.workerReady);
    await page.setInputFiles('#pick', big);
    const opened = await page.evaluate(() => window.send({ type: 'open', source: { file: document.getElementById('pick').files[0] }, cacheBytes: 8 << 20 }));
    assert(opened.ok && opened.mode === 'file' && opened.size === 5 * 2 ** 30 + 65536, 'opened: ' + JSON.stringify(opened));
    assertEq(opened.documents, 10, 'the archive at the start of the file');
    for (const m of marks) {
      const got = await page.evaluate(async (m) => {
        const r = await window.send({ type: 'peek', offset: m, length: String('mark@' + m).length });
        return r.ok ? new TextDecoder().decode(r.bytes) : null;
      }, m);
      assertEq(got, 'mark@' + m, 'bytes at ' + m);
    }
    const s = await page.evaluate(() => window.send({ type: 'stats' }));
    assert(s.fileBytesRead < 2e6, 'read ' + s.fileBytesRead + ' bytes of a 5 GiB file');
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); fs.rmSync(data, { recursive: true, force: true }); }
});

test('lazy: the background fill loads the rest, then searches need no network; queued requests of one slot are dropped', async (ctx) => {
  const file = largeFixture(), size = fs.statSync(file).size;
  const dir = pageDir();
  const ng = await startNginx({ root: DIST, aliases: { '/fixtures/': FIXTURES, '/t/': dir } });
  try {
    const { page } = await newPage(ctx, ng.base + 't/');
    await page.evaluate(() => window.workerReady);
    // An open keeps the worker busy: the three requests of slot "info" (the engine protocol's Info
    // request: kind 1, no fields) queue behind it.
    const seqs = await page.evaluate(() => {
      const open = window.post({ type: 'open', source: { url: '/fixtures/large.sqlite' } });
      return [open, ...[1, 2, 3].map(() => window.post({ type: 'request', slot: 'info', bytes: new Uint8Array([1]).buffer }))];
    });
    await page.waitForFunction((last) => window.events.some((e) => e.type === 'answer' && e.seq === last), seqs[3], { timeout: 60000 });
    const answers = await page.evaluate(() => window.events.filter((e) => e.type === 'answer'));
    assertEq(answers.map((a) => [a.seq, a.dropped]), [[seqs[1], true], [seqs[2], true], [seqs[3], false]], 'older requests of the slot dropped');
    assert(answers[2].text.includes('large.sqlite'), 'the engine answered the last request with the archive\'s info: ' + JSON.stringify(answers[2].text));
    // The whole file fits the default budget: the fill brings it in the background, with progress.
    await page.waitForFunction((total) => window.events.some((e) => e.type === 'progress' && e.what === 'cache' && e.loaded === total), size, { timeout: 60000 });
    ng.log();
    const search = await page.evaluate(() => window.send({ type: 'search', text: 'humanitarian' }));
    assert(!search.error && search.total > 0, 'search after the fill');
    assertEq(archiveLog(ng.log()).length, 0, 'no request after the fill');
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});

test('lazy: an ArrayBuffer opens in memory; JSONL is imported in the worker', async (ctx) => {
  const dir = pageDir();
  const ng = await startNginx({ root: DIST, aliases: { '/t/': dir } });
  try {
    const { page } = await newPage(ctx, ng.base + 't/');
    await page.evaluate(() => window.workerReady);
    const opened = await page.evaluate(async () => {
      const bytes = await (await fetch('/sample.sqlite')).arrayBuffer();
      return window.send({ type: 'open', source: { bytes, name: 'sample.sqlite' } });
    });
    assert(opened.ok && opened.mode === 'memory' && opened.documents === 10, 'memory open: ' + JSON.stringify(opened));
    const importerFetched = (entries) => entries.filter((e) => /\/engine-import\.(js|wasm)$/.test(e.path)).map((e) => e.path).sort();
    assertEq(importerFetched(ng.log()).length, 0, 'the import code is not fetched to open and read an archive');
    const imported = await page.evaluate(() => {
      const jsonl = '{"title":"First talk","date":"2014-05-02","text":"Sergey Lavrov: Minsk agreements."}\n' +
        '{"title":"Second talk","date":"2015-01-09","text":"Sergey Lavrov: On sanctions."}\n{"title": broken\n';
      return window.send({ type: 'import', files: [{ name: 'talks.jsonl', bytes: new TextEncoder().encode(jsonl).buffer }], options: {} });
    });
    assert(imported.ok, 'import: ' + JSON.stringify(imported));
    assertEq(imported.documents, 2, 'imported documents');
    assertEq(imported.mode, 'memory', 'mode');
    assert(imported.report.problems.some((p) => /talks\.jsonl:3/.test(p)), 'the broken line is reported: ' + imported.report.problems);
    assertEq(importerFetched(ng.log()).join(' '), '/engine-import.js /engine-import.wasm', 'the import code is fetched for the import');
    const search = await page.evaluate(() => window.send({ type: 'search', text: 'minsk' }));
    assertEq(search.total, 1, 'search in the imported archive');
    // A second import starts the importer again from what was fetched (it is let go after each).
    const again = await page.evaluate(() => window.send({ type: 'import', options: {},
      files: [{ name: 'one.jsonl', bytes: new TextEncoder().encode('{"title":"Third talk","date":"2016","text":"On Minsk."}\n').buffer }] }));
    assert(again.ok && again.documents === 1, 'a second import: ' + JSON.stringify(again));
    assertEq(importerFetched(ng.log()).length, 0, 'the second import fetches nothing');
    const back = await page.evaluate(() => window.send({ type: 'import', files: [{ name: 'talks.jsonl', bytes: new TextEncoder().encode(
      '{"title":"First talk","date":"2014-05-02","text":"Sergey Lavrov: Minsk agreements."}\n').buffer }], options: {} }));
    assert(back.ok && back.documents === 1, 'a third import: ' + JSON.stringify(back));
    const bad = await page.evaluate(() => window.send({ type: 'open', source: { bytes: new TextEncoder().encode('hello').buffer, name: 'hello.txt' } }));
    assert(!bad.ok && /hello\.txt: not a SQLite database/.test(bad.error), 'a non-archive is named: ' + bad.error);
    const still = await page.evaluate(() => window.send({ type: 'search', text: 'minsk' }));
    assertEq(still.total, 1, 'a failed open keeps the previous archive');
  } finally { await ng.stop(); fs.rmSync(dir, { recursive: true, force: true }); }
});
