// bench_lazy.mjs: the benchmark's "lazy reading" stage (hooked into bench.mjs): the archive engine
// in a real Worker (dist/worker.js + engine.js/.wasm) reading hosted archives from Debian's nginx
// over HTTP Range, with Chromium's network emulation (40 ms round trip, 50 Mbit/s each way), side by
// side with today's whole-file download (computed for the same link: size ÷ 50 Mbit/s + one round
// trip; the loopback figure is in the "open" stage).
// Per archive: time, bytes and requests from navigation to the archive opened and the first answer
// (the results list: all documents by date, top 20 rows — what the first frame needs today), then
// per ranked search on a cold cache (a fresh open before each query; top 20 with snippets): time,
// bytes, requests (each request is one sequential round trip: the worker's reads are synchronous).
// Also runnable alone: node tools/benchmark/bench_lazy.mjs ARCHIVE.sqlite [more.sqlite ...]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNginx } from '../../tests/browser/nginx.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const LINK = { rttMs: 40, mbitPerS: 50 };

const PAGE = `<!doctype html><meta charset="utf-8"><title>lazy bench</title><script>
window.t0 = performance.now();
const worker = new Worker('/worker.js');
const waiting = new Map();
window.workerReady = new Promise((r) => { window.markReady = r; });
worker.onmessage = (e) => { const m = e.data; if (m.type === 'ready') window.markReady(performance.now());
  if (m.type !== 'progress' && waiting.has(m.seq)) { waiting.get(m.seq)(m); waiting.delete(m.seq); } };
let seq = 0;
window.send = (msg) => new Promise((r) => { msg.seq = ++seq; waiting.set(msg.seq, r); worker.postMessage(msg); });
// Open as early as possible: the first range request runs while the wasm downloads.
const url = new URLSearchParams(location.search).get('archive');
window.opened = url ? window.send({ type: 'open', source: { url }, cacheBytes: 64 << 20 }).then((m) => ({ ...m, at: performance.now() })) : null;
</script>`;

const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)] : NaN; };
const dist = (a) => ({ p50: pct(a, 50), p95: pct(a, 95), max: a.length ? Math.max(...a) : NaN });

async function emulatedPage(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const bps = LINK.mbitPerS * 1e6 / 8;
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: LINK.rttMs, downloadThroughput: bps, uploadThroughput: bps });
  return { context, page };
}

// One archive: open + first answer, then cold ranked searches (a fresh open before each).
export async function lazyArchive(browser, base, file, queries, log = () => {}) {
  const name = path.basename(file), size = fs.statSync(file).size;
  const { context, page } = await emulatedPage(browser);
  try {
    await page.goto(`${base}t/?archive=/data/${encodeURIComponent(name)}`);
    const opened = await page.evaluate(() => window.opened);
    if (!opened.ok) throw new Error(`${name}: ${opened.error}`);
    const readyAt = await page.evaluate(() => window.workerReady);
    const atOpen = await page.evaluate(() => window.send({ type: 'stats' }));
    const first = await page.evaluate(async () => {
      const r = await window.send({ type: 'search', text: '' });
      return { at: performance.now(), total: r.total, error: r.error };
    });
    const afterFirst = await page.evaluate(() => window.send({ type: 'stats' }));
    const out = {
      archive: name, archiveBytes: size, mode: opened.mode,
      wasmReadyMs: readyAt, openedMs: opened.at,
      open: { bytes: atOpen.fetchedBytes, requests: atOpen.networkRequests },
      firstAnswerMs: first.at, firstAnswer: { bytes: afterFirst.fetchedBytes, requests: afterFirst.networkRequests, total: first.total, error: first.error },
      wholeFileMs: size * 8 / (LINK.mbitPerS * 1e6) * 1000 + LINK.rttMs,
      searches: [],
    };
    for (const q of queries) {
      const r = await page.evaluate(async ({ file, q }) => {
        const o = await window.send({ type: 'open', source: { url: '/data/' + file }, cacheBytes: 64 << 20, prefetchBytes: 0 });
        if (!o.ok) return { error: o.error };
        const s0 = await window.send({ type: 'stats' });
        const t = performance.now();
        const res = await window.send({ type: 'search', text: q.query, speaker: q.speaker || '' });
        const ms = performance.now() - t;
        const s1 = await window.send({ type: 'stats' });
        return { ms, total: res.total, error: res.error, bytes: s1.fetchedBytes - s0.fetchedBytes, requests: s1.networkRequests - s0.networkRequests };
      }, { file: name, q });
      out.searches.push({ query: q.query, speaker: q.speaker, ...r });
      log(`lazy ${name}: "${q.query}" ${r.error ? 'error ' + r.error : `${(r.ms / 1000).toFixed(2)} s, ${(r.bytes / 1e6).toFixed(2)} MB, ${r.requests} requests`}`);
    }
    const ok = out.searches.filter((s) => !s.error);
    out.search = { n: ok.length, errors: out.searches.length - ok.length, ms: dist(ok.map((s) => s.ms)), bytes: dist(ok.map((s) => s.bytes)), requests: dist(ok.map((s) => s.requests)) };
    return out;
  } finally { await context.close(); }
}

// The stage: nginx over dist/ and the benchmark's archives, one archive after the other.
export async function lazyStage({ browser, dist, dataDir, archives, queries, log = () => {} }) {
  const pageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-bench-lazy-'));
  fs.writeFileSync(path.join(pageDir, 'index.html'), PAGE);
  const ng = await startNginx({ root: dist, aliases: { '/data/': dataDir, '/t/': pageDir } });
  try {
    const res = { link: LINK, what: 'Chromium network emulation (CDP): ' + LINK.rttMs + ' ms latency, ' + LINK.mbitPerS + ' Mbit/s; nginx with Range; ' +
      'first answer = the results list (all documents by date, top 20 rows); searches cold (fresh cache), top 20 with snippets; requests = sequential round trips; ' +
      'whole file = size ÷ link speed + 1 RTT (computed)', queries: queries.length, archives: {} };
    for (const [label, file] of Object.entries(archives)) {
      log(`lazy reading: ${label}`);
      res.archives[label] = await lazyArchive(browser, ng.base, file, queries, log);
    }
    return res;
  } finally { await ng.stop(); fs.rmSync(pageDir, { recursive: true, force: true }); }
}

export function printLazy(r, lines) {
  const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
  const row = (...c) => lines.push(c.map((x, i) => String(x).padEnd(i === 0 ? 30 : 18)).join(' ').trimEnd());
  lines.push('');
  lines.push(`== 7. lazy reading in the worker (${r.what})`);
  row('archive', 'opened s', 'first answer s', 'before it MB/req', 'whole file s', 'search p50/p95 s', 'MB p50/p95', 'requests p50/p95');
  for (const [n, a] of Object.entries(r.archives)) {
    row(`${n} (${f(a.archiveBytes / 1e6, 0)} MB)`, f(a.openedMs / 1000, 2), f(a.firstAnswerMs / 1000, 2), `${f(a.firstAnswer.bytes / 1e6, 2)}/${a.firstAnswer.requests}`,
      f(a.wholeFileMs / 1000, 1), `${f(a.search.ms.p50 / 1000, 2)}/${f(a.search.ms.p95 / 1000, 2)}`, `${f(a.search.bytes.p50 / 1e6, 2)}/${f(a.search.bytes.p95 / 1e6, 2)}`,
      `${a.search.requests.p50}/${a.search.requests.p95}`);
  }
}

export function lazyTargets(r, add) {
  for (const [n, a] of Object.entries(r?.archives || {})) {
    add(`lazy ${n}: first answer ≤ 1.5 s`, a.firstAnswerMs, a.firstAnswerMs <= 1500, 'ms');
    add(`lazy ${n}: ≤ 1 MB before the first answer`, a.firstAnswer.bytes / 1e6, a.firstAnswer.bytes <= 1e6, 'MB');
    add(`lazy ${n}: search p95 ≤ 1.5 s`, a.search.ms.p95, a.search.ms.p95 <= 1500, 'ms');
    add(`lazy ${n}: search p95 ≤ 2 MB`, a.search.bytes.p95 / 1e6, a.search.bytes.p95 <= 2e6, 'MB');
    add(`lazy ${n}: search p95 ≤ 8 round trips`, a.search.requests.p95, a.search.requests.p95 <= 8, 'requests');
  }
}

// Alone: node tools/benchmark/bench_lazy.mjs ARCHIVE... (DIST= or STENOGRAM_TAG= choose dist/; LAZY_QUERIES=n).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = process.argv.slice(2);
  if (!files.length) { console.error('usage: node tools/benchmark/bench_lazy.mjs ARCHIVE.sqlite [...]'); process.exit(2); }
  const tag = process.env.STENOGRAM_TAG || '';
  const distDir = path.resolve(ROOT, process.env.DIST || (tag ? `build/${tag}-dist` : 'dist'));
  const n = Number(process.env.LAZY_QUERIES || 10);
  const queries = fs.readFileSync(path.join(ROOT, 'tools/benchmark/queries.tsv'), 'utf8').split('\n').filter(Boolean).slice(0, n)
    .map((l) => { const [speaker, query] = l.split('\t'); return { speaker, query }; });
  const dataDir = path.dirname(path.resolve(files[0]));
  if (files.some((f) => path.dirname(path.resolve(f)) !== dataDir)) { console.error('bench_lazy: the archives must be in one folder'); process.exit(2); }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const r = await lazyStage({ browser, dist: distDir, dataDir, archives: Object.fromEntries(files.map((f) => [path.basename(f), path.resolve(f)])), queries,
      log: (s) => process.stderr.write(`[bench-lazy] ${s}\n`) });
    const lines = [];
    printLazy(r, lines);
    const t = [];
    lazyTargets(r, (name, value, ok, unit) => t.push(`  ${name.padEnd(48)} ${Number(value).toFixed(2)} ${unit}  ${ok ? 'met' : 'MISSED'}`));
    console.log(lines.join('\n') + '\n' + t.join('\n'));
    fs.mkdirSync(path.join(ROOT, 'build/bench'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'build/bench/lazy.json'), JSON.stringify(r, null, 1));
  } finally { await browser.close(); }
}
