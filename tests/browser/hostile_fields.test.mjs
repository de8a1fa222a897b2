// hostile_fields.test.mjs: issue 13's hostile archives not covered by hostile.test.mjs, in real
// Chromium: 1, 20 and 50 MB strings in each displayed field (title, speaker, tag, summary, text) and
// a zeroblob title; expressions nested deeper than SQLite allows in the schema and in a search;
// ?archive= with a data: URL; a 0-byte archive and a 0-byte JSONL source by URL. Each gives a clear
// message or a correct display, no page error, frames under 50 ms after the first second, and a
// page that still answers a search. The archives are made here from the sample with Python's
// sqlite3 (the attacker's side) and removed afterwards; nothing big is committed.
// HOSTILE_FIELDS=tag-50mb,text-20mb runs only those of the long-string cases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { test, openViewer, assert, assertEq, DIST } from './harness.mjs';
import { startServer } from '../../tools/serve.mjs';

const state = (page) => page.evaluate(() => window.stenogram.state());
const FIELDS = ['title', 'speaker', 'tag', 'summary', 'text'];
const PAGE_ERROR = /RuntimeError|out of bounds|unreachable|Maximum call stack|Aborted|table index/;

// Copies of the sample with one field of document 1 (or its first speaker, or the busiest tag) set
// to a string of mb MiB: words, no line break.
function craftLong(dir, mb) {
  const script = String.raw`
import shutil, sqlite3, sys
src, out, mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
unit = 'hostile words without end '
s = (unit * ((mb << 20) // len(unit) + 1))[:mb << 20]
def craft(name, *sql):
    dst = out + '/' + name
    shutil.copy(src, dst)
    db = sqlite3.connect(dst)
    for q in sql:
        db.execute(q, (s,)) if '?' in q else db.execute(q)
    db.commit()
    db.close()
craft('title-%dmb.sqlite' % mb, 'UPDATE docs SET title = ? WHERE id = 1')
craft('speaker-%dmb.sqlite' % mb, 'UPDATE speakers SET name = ? WHERE id = (SELECT speaker_id FROM turn_spans WHERE doc_id = 1 AND speaker_id IS NOT NULL ORDER BY ord LIMIT 1)')
craft('tag-%dmb.sqlite' % mb, "UPDATE entities SET name = ? WHERE id = (SELECT id FROM entities WHERE kind = 'tag' ORDER BY doc_count DESC, id LIMIT 1)")
craft('summary-%dmb.sqlite' % mb, 'UPDATE texts SET summary = ? WHERE id = 1')
# The text becomes the long string (plain: the sample's texts are zstd frames, which Python cannot
# write; format 4 holds either) and its one turn spans all of it (turns are byte spans of the text).
craft('text-%dmb.sqlite' % mb, 'UPDATE texts SET text = ? WHERE id = 1', 'DELETE FROM turn_spans WHERE doc_id = 1 AND ord > 0',
      'UPDATE turn_spans SET start = 0, len = (SELECT length(CAST(text AS BLOB)) FROM texts WHERE id = 1) WHERE doc_id = 1')
`;
  execFileSync('python3', ['-c', script, path.join(DIST, 'sample.sqlite'), dir, String(mb)], { maxBuffer: 1 << 20 });
}

function craftOthers(dir) {
  const script = String.raw`
import shutil, sqlite3, sys
src, out = sys.argv[1], sys.argv[2]
def craft(name, sql):
    dst = out + '/' + name
    shutil.copy(src, dst)
    db = sqlite3.connect(dst)
    db.executescript(sql)
    db.commit()
    db.close()
craft('title-zeroblob.sqlite', 'UPDATE docs SET title = zeroblob(1000000) WHERE id = 1;')
deep = '(1+' * 30000 + '1' + ')' * 30000
# Expressions deeper than the parser allows, where no view is involved: a partial index and a CHECK.
craft('deep-index.sqlite', "PRAGMA writable_schema=ON; INSERT INTO sqlite_schema VALUES('index','deep_i','docs',0,'CREATE INDEX deep_i ON docs(id) WHERE " + deep + "');")
craft('deep-check.sqlite', "PRAGMA writable_schema=ON; INSERT INTO sqlite_schema VALUES('table','deep_t','deep_t',0,'CREATE TABLE deep_t(x CHECK (" + deep + "))');")
open(out + '/empty.sqlite', 'wb').close()
open(out + '/empty.jsonl', 'wb').close()
`;
  execFileSync('python3', ['-c', script, path.join(DIST, 'sample.sqlite'), dir]);
}

// Keeps the viewer drawing for ms (it rests when nothing happens).
function awake(page, ms) {
  return page.evaluate((t) => new Promise((resolve) => {
    const end = performance.now() + t;
    (function tick() { window.stenogram.wake(); if (performance.now() < end) requestAnimationFrame(tick); else resolve(); })();
  }), ms);
}

// Frame times (CPU ms) after the first second of the current view.
async function framesAfterFirstSecond(page) {
  await page.evaluate(() => window.stenogram.frameTimes());
  await awake(page, 1000);
  await page.evaluate(() => window.stenogram.frameTimes());
  await awake(page, 1500);
  return page.evaluate(() => window.stenogram.frameTimes());
}

// The page still answers: a search runs to its answer and frames keep coming.
async function stillAnswers(page, what) {
  const r = await page.evaluate(async () => {
    const x = window.stenogram.command({ type: 'search', text: 'Lavrov' });
    return x && x.then ? await x : x;
  });
  assert(r && typeof r.ok === 'boolean', what + ': the viewer answers a search: ' + JSON.stringify(r));
  const before = await page.evaluate(() => window.stenogram.frames());
  await page.waitForFunction((b) => { window.stenogram.wake(); return window.stenogram.frames() > b + 2; }, before, { timeout: 10000 });
}

// Opens url, shows every field (document 1 in the reader, the tag cloud), checks the outcome.
async function check(ctx, url, name, { expectError = null } = {}) {
  const t0 = Date.now();
  const { page, consoleErrors } = await openViewer(ctx, url);
  let s = await state(page);
  if (!s.error && s.archive) {
    const opened = await page.evaluate(async () => {
      const r = window.stenogram.command({ type: 'open', id: 1 });
      return r && r.then ? await r : r;
    });
    assert(opened && typeof opened.ok === 'boolean', name + ': opening document 1 answers: ' + JSON.stringify(opened));
    await page.evaluate(() => window.stenogram.command({ type: 'setLeftTab', tab: 'tags', kind: 'tag' }));
  }
  const times = await framesAfterFirstSecond(page);
  s = await state(page);
  if (!s.error && s.archive) {
    assert(s.openDocument && s.openDocument.id === 1 && s.openDocument.turns > 0, name + ': document 1 is shown: ' + JSON.stringify(s.openDocument));
    if (name.startsWith('title-') && !name.includes('zeroblob'))
      assert(s.openDocument.title.startsWith('hostile words') && s.openDocument.title.length <= 501, name + ': the title is shown, cut: ' + s.openDocument.title.length);
  }
  if (expectError) assert(expectError.test(s.error || ''), name + ': the message: ' + s.error);
  else if (s.error) assert(s.error.startsWith(name + ': ') && !PAGE_ERROR.test(s.error), name + ': a clear message: ' + s.error);
  // A huge field laid out or copied every frame makes every frame take hundreds of milliseconds;
  // software GL on a slow or busy machine makes the odd frame take 60. So: the typical frame under
  // 50 ms and none near a stall (not a speed target: those live in tools/bench).
  const sorted = [...times].sort((a, b) => a - b), median = sorted[Math.floor(sorted.length / 2)], max = sorted[sorted.length - 1];
  assert(times.length > 0 && median < 50 && max < 250, `${name}: frames after the first second: median ${median?.toFixed(1)} ms (< 50), max ${max?.toFixed(1)} ms (< 250), ${times.length} frames`);
  await stillAnswers(page, name);
  assertEq(consoleErrors.filter((e) => PAGE_ERROR.test(e)), [], name + ': no page error');
  const summary = { name, ms: Date.now() - t0, error: s.error, frames: times.length, maxFrameMs: Math.round(Math.max(...times) * 10) / 10 };
  await page.context().close();
  return summary;
}

test('hostile fields: 1, 20 and 50 MB strings in the title, a speaker, a tag, the summary and the text', async (ctx) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-long-'));
  const server = await startServer({ dir, port: 0, cors: true });
  const base = `http://127.0.0.1:${server.address().port}/`;
  const seen = [];
  try {
    const only = process.env.HOSTILE_FIELDS ? process.env.HOSTILE_FIELDS.split(',') : null;
    for (const mb of [1, 20, 50]) {
      if (only && !only.some((o) => o.endsWith(`-${mb}mb`))) continue;
      craftLong(dir, mb);
      for (const field of FIELDS) {
        const name = `${field}-${mb}mb.sqlite`;
        if (only && !only.includes(`${field}-${mb}mb`)) { fs.rmSync(path.join(dir, name)); continue; }
        seen.push(await check(ctx, ctx.base + '?archive=' + encodeURIComponent(base + name), name));
        fs.rmSync(path.join(dir, name));
      }
    }
    console.log('      ' + seen.map((x) => `${x.name}: ${x.error ? 'message' : 'shown'}, max frame ${x.maxFrameMs} ms`).join('; '));
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('hostile fields: a zeroblob title, deep expressions in the schema and in a search, data: and 0-byte links', async (ctx) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-odd-'));
  craftOthers(dir);
  const server = await startServer({ dir, port: 0, cors: true });
  const flat = await startServer({ dir, port: 0, cors: true, ranges: false });  // a host without Range
  const base = `http://127.0.0.1:${server.address().port}/`;
  const flatBase = `http://127.0.0.1:${flat.address().port}/`;
  const link = (u) => ctx.base + '?archive=' + encodeURIComponent(u);
  try {
    await check(ctx, link(base + 'title-zeroblob.sqlite'), 'title-zeroblob.sqlite');
    await check(ctx, link(base + 'deep-index.sqlite'), 'deep-index.sqlite', { expectError: /^deep-index\.sqlite: / });
    await check(ctx, link(base + 'deep-check.sqlite'), 'deep-check.sqlite', { expectError: /^deep-check\.sqlite: / });
    await check(ctx, link(base + 'empty.sqlite'), 'empty.sqlite', { expectError: /^empty\.sqlite: .*empty/ });
    await check(ctx, link(flatBase + 'empty.sqlite'), 'empty.sqlite', { expectError: /^empty\.sqlite: / });
    await check(ctx, link(base + 'empty.jsonl'), 'empty.jsonl', { expectError: /^empty\.jsonl: / });
    // A link may not choose a data: archive: refused with a message, nothing fetched.
    const dataUrl = 'data:,{"title":"Made-up quote","text":"Sergey Lavrov: I never said this."}%0Ax.csv';
    await check(ctx, link(dataUrl), 'data:', { expectError: /only http and https links open archives \(not data:\)/ });

    // loadArchive settles with a message for each of these; the open archive stays.
    const { page, consoleErrors } = await openViewer(ctx, ctx.base);
    const results = await page.evaluate(async (urls) => {
      const out = [];
      for (const u of urls) {
        const timeout = new Promise((resolve) => setTimeout(() => resolve({ ok: null, error: 'did not settle in 30 s' }), 30000));
        out.push(await Promise.race([window.stenogram.loadArchive(u), timeout]));
      }
      return out;
    }, [base + 'empty.sqlite', flatBase + 'empty.sqlite', base + 'empty.jsonl', dataUrl, base + 'deep-check.sqlite']);
    for (const r of results) assert(r.ok === false && /\S+: \S/.test(r.error || ''), 'loadArchive settles with a message: ' + JSON.stringify(results));
    const s = await state(page);
    assertEq([s.archive.name, s.archive.documentCount], ['sample.sqlite', 10], 'the sample stays open');
    // A search nested 20,000 deep: an answer, not a stack overflow.
    const deep = '('.repeat(20000) + 'Lavrov' + ')'.repeat(20000);
    const r = await page.evaluate(async (text) => {
      const x = window.stenogram.command({ type: 'search', text });
      return x && x.then ? await x : x;
    }, deep);
    assert(r && typeof r.ok === 'boolean', 'a deep search answers: ' + JSON.stringify(r).slice(0, 300));
    await stillAnswers(page, 'after a deep search');
    assertEq(consoleErrors.filter((e) => PAGE_ERROR.test(e)), [], 'no page error');
  } finally {
    server.close();
    flat.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
