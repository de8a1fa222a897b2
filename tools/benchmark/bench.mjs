// bench.mjs: Stenogram's benchmark against its anchors, side by side in one run (see README,
// "Performance"). Prints a table and writes build/bench/results.json.
//   node tools/benchmark/bench.mjs [--quick] [--build-only] [--only=words,queries,...]
//   --only: just those stages (drift, sizes, build, startup, open, queries, words, lazy, frames), and
//   only the archives they need; results go to build/bench/results-only.json (results.json is kept).
// Environment: STENOGRAM_TAG=x reads build/x-dist and build/x-native (else dist/ and build/native);
// DIST=, NATIVE= override each. Generated corpora and archives are cached in build/bench/.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { driftCheck, learnModel } from './drift.mjs';
import { lazyStage, printLazy, lazyTargets } from './bench_lazy.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const QUICK = process.argv.includes('--quick');
const BUILD_ONLY = process.argv.includes('--build-only');  // stage 6 alone (archive build, sizes, sqlite3 CLI), no browser
const ONLY_ARG = process.argv.find((a) => a.startsWith('--only='));
const STAGES = ['drift', 'sizes', 'build', 'startup', 'open', 'queries', 'words', 'lazy', 'frames'];
const ONLY = ONLY_ARG ? new Set(ONLY_ARG.slice('--only='.length).split(',').filter(Boolean)) : null;
if (ONLY) for (const s of ONLY) if (!STAGES.includes(s)) { console.error(`bench: --only: no stage "${s}" (stages: ${STAGES.join(', ')})`); process.exit(2); }
const want = (s) => !ONLY || ONLY.has(s);
const TAG = process.env.STENOGRAM_TAG || '';
const DIST = path.resolve(ROOT, process.env.DIST || (TAG ? `build/${TAG}-dist` : 'dist'));
const NATIVE = path.resolve(ROOT, process.env.NATIVE || (TAG ? `build/${TAG}-native` : 'build/native'));
const OUT = path.join(ROOT, 'build', 'bench');
const BENCH_DIR = path.join(ROOT, 'tools', 'benchmark');
const GEN = path.join(NATIVE, 'tools/builder/stenogram-gen');
const BUILDER = path.join(NATIVE, 'tools/builder/stenogram-build');
const NATIVE_BENCH = path.join(NATIVE, 'tools/benchmark/stenogram-bench-native');
const SQLITE3 = process.env.SQLITE3 || 'sqlite3';
const CORPORA = path.resolve(ROOT, '..', 'shared', 'corpora');
const SEEDS = path.resolve(ROOT, '..', 'shared', 'seeds');
const SHARES = path.join(NATIVE, 'tools/benchmark/stenogram-shares');

// What a run covers. --quick: the 1k archive stands in for every size (< 2 minutes).
const SIZES = QUICK ? [1000] : [1000, 20000, 100000];
const OPEN_N = QUICK ? 1000 : 20000;          // the "local archive file" and the anchors' common ground
const BUILD_N = QUICK ? 1000 : 20000;         // build speed
const BUILD_REPS = QUICK ? 1 : 2;
const START_REPS = QUICK ? 1 : 5;
const OPEN_REPS = QUICK ? 1 : 2;
const QUERY_REPS = QUICK ? 2 : 3;             // each of the 50 queries, per engine and archive (1 for archives ≥ 1 GiB)
const FRAMES = QUICK ? 40 : 90;               // frames sampled per frame-time scenario
const WASM_MAX = 2 * 1024 ** 3;               // the viewer's wasm32 heap limit (emscripten's MAXIMUM_MEMORY)
const MEMDB_MAX = 1024 ** 3;                  // SQLite's in-memory image limit (SQLITE_MEMDB_DEFAULT_MAXSIZE)

const results = { when: new Date().toISOString(), quick: QUICK, machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 1024 ** 3), note: 'shared machine (2 CPUs, several concurrent workers): timings are noisy; medians of repeated runs' },
  dist: path.relative(ROOT, DIST), native: path.relative(ROOT, NATIVE), notes: [] };
const note = (s) => { results.notes.push(s); };
const log = (s) => process.stderr.write(`[bench] ${s}\n`);

// ---- helpers ------------------------------------------------------------------------------------
const median = (a) => { const s = [...a].sort((x, y) => x - y); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : NaN; };
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)] : NaN; };
const stats = (a) => ({ n: a.length, p50: pct(a, 50), p95: pct(a, 95), max: Math.max(...a) });
const now = () => Number(process.hrtime.bigint()) / 1e6;
const MB = 1e6;
function run(cmd, args, { input, quiet = true } = {}) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ').slice(0, 200)} failed (${r.status}): ${(r.stderr || '').slice(-800)}`);
  if (!quiet) process.stderr.write(r.stderr);
  return r.stdout;
}
const sql = (db, text) => run(SQLITE3, ['-batch', '-noheader', db], { input: text }).trim();
const fileSize = (f) => fs.statSync(f).size;
const fresh = (target, ...sources) => fs.existsSync(target) && sources.every((s) => fs.statSync(s).mtimeMs <= fs.statSync(target).mtimeMs);

function need(file, what) {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing (${what}); build first (./tools/build or STENOGRAM_TAG=x ./tools/build)`);
}

// ---- corpora and archives -----------------------------------------------------------------------
// stenogram-gen's model learned from the real corpora (drift.mjs), once per run.
let genModel;
const model = () => (genModel ||= learnModel({ out: OUT, gen: GEN, corpora: CORPORA, seeds: SEEDS, log }));
function corpus(n) {
  const f = path.join(OUT, `synth-${n}.jsonl`);
  if (!fresh(f, GEN, ...model().files)) { log(`generating ${n} documents`); run(GEN, ['--docs', String(n), '--seed', '7', ...model().args, '-o', f + '.tmp']); fs.renameSync(f + '.tmp', f); }
  return f;
}
// An archive cached in build/bench is rebuilt when its source is newer or its format older than
// this builder's (format 4: compressed texts).
const FORMAT = 4;
const current = (f, ...deps) => fresh(f, ...deps) && Number(sql(f, 'PRAGMA user_version;')) >= FORMAT;
function archive(n) {
  const src = corpus(n), f = path.join(OUT, `synth-${n}.sqlite`);
  if (!current(f, src)) { log(`building the ${n}-document archive`); run(BUILDER, ['--quiet', '-o', f, src]); }
  return f;
}
// The same archive with its texts stored plain (--text-level 0): the anchors' copies are made from
// it with the sqlite3 CLI, which has no stn_text to read compressed texts (nor the views that use it).
function plainArchive(n) {
  const src = corpus(n), f = path.join(OUT, `synth-${n}-plain.sqlite`);
  if (!current(f, src)) { log(`building the ${n}-document archive with plain texts`); run(BUILDER, ['--quiet', '--text-level', '0', '-o', f, src]); }
  return f;
}
// The frame-time scenario's archive: n documents with texts capped at 400 bytes (same titles,
// dates, kinds and counterparts as the corpus shape), so 100k documents open in the browser (the
// full-text 100k archive is past SQLite's 1 GiB in-memory image limit). The timeline draws from
// dates and counterparts, not texts.
function shortArchive(n) {
  const src = path.join(OUT, `synth-${n}-short.jsonl`), f = path.join(OUT, `synth-${n}-short.sqlite`);
  if (!fresh(src, GEN, ...model().files)) { log(`generating ${n} short documents`); run(GEN, ['--docs', String(n), '--seed', '7', '--max-text', '400', ...model().args, '-o', src + '.tmp']); fs.renameSync(src + '.tmp', src); }
  if (!current(f, src)) { log(`building the ${n}-document short-text archive`); run(BUILDER, ['--quiet', '-o', f, src]); }
  return f;
}
// Copies an archive without its FTS5 tables (which need our tokenizer to be dropped normally).
function withoutFts(src, dst) {
  fs.copyFileSync(src, dst);
  sql(dst, "PRAGMA writable_schema=ON; DELETE FROM sqlite_schema WHERE name LIKE 'documents_fts%' OR name LIKE 'turns_fts%';");
  sql(dst, 'VACUUM;');
}
// Format 3's views read texts without stn_text, which the sqlite3 CLI lacks. Their SQL is taken from
// src/core/archive/schema.cpp's Format3ViewsSql, the one copy (the archive guard compares their text).
function format3Views() {
  const source = fs.readFileSync(path.join(ROOT, 'src/core/archive/schema.cpp'), 'utf8');
  const m = /const char\* Format3ViewsSql\(\) \{[^]*?R"SQL\(([^]*?)\)SQL"/.exec(source);
  if (!m) throw new Error('Format3ViewsSql not found in src/core/archive/schema.cpp');
  return m[1];
}
// Turns a copy of an archive with plain texts (--text-level 0) into a format-3 archive, which the
// CLI and the anchors can read through its views and Stenogram still opens.
function asFormat3(db) { sql(db, `DROP VIEW documents; DROP VIEW turns; ${format3Views()} PRAGMA user_version = 3;`); }
// Format 2 keeps turns as spans (turn_spans) and offers the format-1 rows as the views turns and
// documents; the anchors' SQL (anchor.html) needs them as tables with rowids (FTS4 content and the
// turn rowid ranges), so the comparison archives get them materialised (the Stenogram engine reads
// turn_spans and docs, which stay).
function v1Turns(db, documentsToo) {
  sql(db, `CREATE TABLE turns_v1 AS SELECT * FROM turns; DROP VIEW turns; ALTER TABLE turns_v1 RENAME TO turns;` +
    (documentsToo ? `CREATE TABLE documents_v1(id INTEGER PRIMARY KEY, external_id, title, date, date_precision, day, kind, section, place, language, url, summary, text, extra);
INSERT INTO documents_v1 SELECT * FROM documents; DROP VIEW documents; ALTER TABLE documents_v1 RENAME TO documents;` : '') + ' VACUUM;');
}
// The anchors' common ground: the same archive with the FTS tables rebuilt by a stock tokenizer
// (unicode61, diacritics folded): FTS5 for Stenogram and sqlite-wasm, FTS4 for sql.js (no FTS5).
function comparisonArchives(n) {
  const src = plainArchive(n);
  const bare = path.join(OUT, `synth-${n}-nofts.sqlite`), u61 = path.join(OUT, `synth-${n}-u61.sqlite`), f4 = path.join(OUT, `synth-${n}-fts4.sqlite`);
  const u61a = path.join(OUT, `synth-${n}-u61-anchor.sqlite`);
  if (!fresh(bare, src)) { log(`archive ${n} without FTS`); withoutFts(src, bare); asFormat3(bare); }
  if (!fresh(u61, bare)) {
    log(`comparison archive ${n} (FTS5 unicode61)`);
    // Stenogram reads it as one of its own archives (the guard refuses tables the format does not have;
    // the columns in the format's order: text, title, summary).
    fs.copyFileSync(bare, u61 + '.tmp');
    sql(u61 + '.tmp', `CREATE VIRTUAL TABLE documents_fts USING fts5(text, title, summary, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO documents_fts(documents_fts) VALUES('rebuild'); VACUUM;`);
    fs.renameSync(u61 + '.tmp', u61);
  }
  if (!fresh(u61a, u61)) {
    log(`comparison archive ${n} for sqlite-wasm (FTS5 unicode61, format-1 turns)`);
    fs.copyFileSync(u61, u61a + '.tmp');
    v1Turns(u61a + '.tmp', false);
    sql(u61a + '.tmp', `CREATE VIRTUAL TABLE turns_fts USING fts5(speaker, text, content='turns', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
INSERT INTO turns_fts(turns_fts) VALUES('rebuild'); VACUUM;`);
    fs.renameSync(u61a + '.tmp', u61a);
  }
  if (!fresh(f4, bare)) {
    log(`comparison archive ${n} (FTS4 unicode61, for sql.js)`);
    fs.copyFileSync(bare, f4 + '.tmp');
    v1Turns(f4 + '.tmp', true);
    sql(f4 + '.tmp', `CREATE VIRTUAL TABLE documents_fts4 USING fts4(content="documents", title, summary, text, tokenize=unicode61 "remove_diacritics=2");
CREATE VIRTUAL TABLE turns_fts4 USING fts4(content="turns", speaker, text, tokenize=unicode61 "remove_diacritics=2");
INSERT INTO documents_fts4(documents_fts4) VALUES('rebuild'); INSERT INTO turns_fts4(turns_fts4) VALUES('rebuild'); VACUUM;`);
    fs.renameSync(f4 + '.tmp', f4);
  }
  return { bare, u61, u61a, f4 };
}
function queries() {
  return fs.readFileSync(path.join(BENCH_DIR, 'queries.tsv'), 'utf8').split('\n').filter(Boolean).map((l) => {
    const [speaker, query] = l.split('\t'); return { speaker, query };
  });
}

// ---- 6. archive build ---------------------------------------------------------------------------
// Documents and their title + summary + text bytes. A format-4 archive's views need stn_text, which
// the CLI lacks, and its texts may be zstd frames: its docs table and the texts' decompressed sizes
// in stats (text_bytes, summary_bytes) are read instead.
const ours = (db) => sql(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'docs';") === '1';
const docCount = (db) => Number(sql(db, `SELECT count(*) FROM ${ours(db) ? 'docs' : 'documents'};`));
function textBytes(db) {
  if (ours(db)) return Number(sql(db, "SELECT (SELECT sum(length(CAST(title AS BLOB))) FROM docs) + (SELECT value FROM stats WHERE key = 'summary_bytes') + (SELECT value FROM stats WHERE key = 'text_bytes');"));
  return Number(sql(db, "SELECT sum(length(CAST(title AS BLOB))) + sum(coalesce(length(CAST(summary AS BLOB)), 0)) + sum(length(CAST(text AS BLOB))) FROM documents;"));
}
function ftsBytes(db) {
  // dbstat (Debian's sqlite3 has it) gives the FTS shadow tables' pages exactly.
  try {
    return Number(sql(db, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'documents_fts%' OR name LIKE 'turns_fts%';"));
  } catch (e) {
    const bare = db + '.nofts.tmp'; withoutFts(db, bare); const n = fileSize(db) - fileSize(bare); fs.rmSync(bare); return n;
  }
}
// Builds out from inputs; returns the wall time and the builder's peak RSS (its summary line).
function timeBuild(inputs, out, extra = []) {
  const t0 = now(); const text = run(BUILDER, [...extra, '-o', out, ...inputs]); const ms = now() - t0;
  const m = /peak RSS (\d+) MB/.exec(text);
  return { ms, peakRssMB: m ? Number(m[1]) : null };
}
// Bytes per table (an index counts with its table, the FTS shadow tables as one), from dbstat.
function tableBytes(db) {
  const out = {};
  for (const line of sql(db, "SELECT coalesce((SELECT tbl_name FROM sqlite_schema s WHERE s.name = d.name), d.name), sum(pgsize) FROM dbstat d GROUP BY 1 ORDER BY 2 DESC;").split('\n')) {
    const [name, bytes] = line.split('|'); if (!name) continue;
    const key = /^documents_fts/.test(name) ? 'documents_fts (index)' : name;
    out[key] = (out[key] || 0) + Number(bytes);
  }
  return out;
}
function measureBuild() {
  const res = {};
  const src = corpus(BUILD_N), out = path.join(OUT, `build-${BUILD_N}.sqlite`);
  const inBytes = fileSize(src);
  const builds = []; for (let i = 0; i < BUILD_REPS; i++) { log(`build ${BUILD_N} docs (${i + 1}/${BUILD_REPS})`); builds.push(timeBuild([src], out)); }
  const times = builds.map((b) => b.ms), peakRssMB = Math.max(...builds.map((b) => b.peakRssMB || 0));
  const ms = median(times), docs = docCount(out), text = textBytes(out), fts = ftsBytes(out);
  res.stenogram = { docs, inputBytes: inBytes, textBytes: text, ms, runs: times, docsPerS: docs / ms * 1000, inputMBPerS: inBytes / MB / (ms / 1000),
    archiveBytes: fileSize(out), ftsBytes: fts, archivePerText: fileSize(out) / text, ftsPerText: fts / text, peakRssMB,
    tables: tableBytes(out), pageSize: Number(sql(out, 'PRAGMA page_size;')), freePages: Number(sql(out, 'PRAGMA freelist_count;')) };
  // Anchor: the sqlite3 CLI reads the same JSONL and builds a documents table + FTS5 (unicode61).
  const cli = path.join(OUT, `cli-${BUILD_N}.sqlite`), ctimes = [];
  for (let i = 0; i < BUILD_REPS; i++) {
    fs.rmSync(cli, { force: true });
    log(`sqlite3 CLI import ${BUILD_N} docs (${i + 1}/${BUILD_REPS})`);
    const t0 = now();
    sql(cli, `PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
CREATE TABLE documents(id INTEGER PRIMARY KEY, external_id TEXT, title TEXT, date TEXT, kind TEXT, place TEXT, language TEXT, url TEXT, summary TEXT, text TEXT);
INSERT INTO documents(external_id, title, date, kind, place, language, url, summary, text)
  SELECT value->>'id', value->>'title', value->>'date', value->>'kind', value->>'place', value->>'language', value->>'url', value->>'summary', value->>'text'
  FROM json_each('[' || replace(trim(CAST(readfile('${src.replace(/'/g, "''")}') AS TEXT), char(10)), char(10), ',') || ']');
CREATE VIRTUAL TABLE documents_fts USING fts5(title, summary, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
INSERT INTO documents_fts(documents_fts) VALUES('rebuild');`);
    ctimes.push(now() - t0);
  }
  const cms = median(ctimes), cdocs = docCount(cli), ctext = textBytes(cli), cfts = ftsBytes(cli);
  res.sqlite3Cli = { docs: cdocs, ms: cms, runs: ctimes, docsPerS: cdocs / cms * 1000, inputMBPerS: inBytes / MB / (cms / 1000),
    archiveBytes: fileSize(cli), ftsBytes: cfts, archivePerText: fileSize(cli) / ctext, ftsPerText: cfts / ctext,
    what: 'sqlite3 CLI: JSONL via readfile+json_each into a documents table, FTS5 unicode61 over title/summary/text, rebuild (no turns, entities or stats)' };
  fs.rmSync(cli, { force: true });
  // The shared corpora (real data), one build each.
  res.corpora = [];
  if (QUICK) note('--quick: the shared corpora are not built');
  else if (fs.existsSync(CORPORA)) {
    const sets = { interviews: ['interviews'], 'resistinua (en)': ['resistinua', /-en\.jsonl$/], 'resistinua (uk)': ['resistinua', /^messages(-\d)?\.jsonl$/] };
    for (const [name, [dir, pattern]] of Object.entries(sets)) {
      const d = path.join(CORPORA, dir); if (!fs.existsSync(d)) continue;
      const inputs = fs.readdirSync(d).filter((f) => /\.(json|jsonl|csv)$/.test(f) && (!pattern || pattern.test(f))).map((f) => path.join(d, f));
      if (!inputs.length) continue;
      const o = path.join(OUT, 'corpus.sqlite');
      try {
        const { ms, peakRssMB } = timeBuild(inputs, o), b = inputs.reduce((s, f) => s + fileSize(f), 0);
        const docs = docCount(o), text = textBytes(o), fts = ftsBytes(o);
        res.corpora.push({ name, inputs: inputs.length, inputBytes: b, docs, ms, docsPerS: docs / ms * 1000, inputMBPerS: b / MB / (ms / 1000),
          archiveBytes: fileSize(o), textBytes: text, archivePerText: fileSize(o) / text, ftsPerText: fts / text, peakRssMB });
      } catch (e) { res.corpora.push({ name, error: e.message.slice(0, 300) }); }
      fs.rmSync(o, { force: true });
    }
  } else note(`../shared/corpora is absent: real-corpus builds skipped`);
  // All the shared corpora in one archive (what issue 11's archive ÷ text target is measured on).
  if (!QUICK && fs.existsSync(CORPORA)) {
    const all = [];
    const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (/\.(json|jsonl|csv)$/.test(e.name)) all.push(p); } };
    walk(CORPORA);
    const o = path.join(OUT, 'corpus.sqlite');
    try {
      const { ms, peakRssMB } = timeBuild(all, o), b = all.reduce((s, f) => s + fileSize(f), 0);
      const docs = docCount(o), text = textBytes(o), fts = ftsBytes(o);
      res.corpora.push({ name: 'all shared corpora', inputs: all.length, inputBytes: b, docs, ms, docsPerS: docs / ms * 1000, inputMBPerS: b / MB / (ms / 1000),
        archiveBytes: fileSize(o), textBytes: text, archivePerText: fileSize(o) / text, ftsPerText: fts / text, peakRssMB, tables: tableBytes(o) });
    } catch (e) { res.corpora.push({ name: 'all shared corpora', error: e.message.slice(0, 300) }); }
    fs.rmSync(o, { force: true });
  }
  // Issue 11's targets, side by side with the sqlite3 CLI of the same run.
  const whole = res.corpora.find((k) => k.name === 'all shared corpora' && !k.error);
  const speed = res.stenogram.inputMBPerS / res.sqlite3Cli.inputMBPerS;
  res.targets = [
    { name: `archive ÷ text, ${BUILD_N} synthetic docs`, value: res.stenogram.archivePerText, limit: 1.4, met: res.stenogram.archivePerText <= 1.4 },
    { name: 'archive ÷ text, ../shared/corpora', value: whole ? whole.archivePerText : null, limit: 1.4, met: whole ? whole.archivePerText <= 1.4 : null },
    { name: `FTS ÷ text, ${BUILD_N} synthetic docs`, value: res.stenogram.ftsPerText, limit: 0.4, met: res.stenogram.ftsPerText <= 0.4 },
    { name: 'FTS ÷ text, ../shared/corpora', value: whole ? whole.ftsPerText : null, limit: 0.4, met: whole ? whole.ftsPerText <= 0.4 : null },
    { name: 'build speed ÷ sqlite3 CLI (same run)', value: speed, limit: 1.0, met: speed >= 1.0 },
    { name: `builder peak RSS, ${BUILD_N} docs (MB)`, value: res.stenogram.peakRssMB, limit: 512, met: res.stenogram.peakRssMB ? res.stenogram.peakRssMB <= 512 : null },
  ];
  return res;
}

// ---- native reference ---------------------------------------------------------------------------
function nativeQueries(db) {
  const tsv = path.join(BENCH_DIR, 'queries.tsv');
  // As in the browser: each query's first run is left out of its median (there it is the run that
  // meets code V8 has not optimised yet; here only cold CPU caches), and reported as firstMs.
  const big = fileSize(db) >= MEMDB_MAX;
  const out = JSON.parse(run(NATIVE_BENCH, [db, tsv, String(big ? 1 : QUERY_REPS + 1)]));
  return { openMs: out.openMs, openedFrom: out.openedFrom, perQuery: out.queries.map((q) => ({ query: q.query, speaker: q.speaker, total: q.total, error: q.error, firstMs: q.ms[0], ms: median(big ? q.ms : q.ms.slice(1)) })) };
}

// ---- the browser ----------------------------------------------------------------------------------
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.json': 'application/json', '.ttf': 'font/ttf', '.sqlite': 'application/vnd.sqlite3', '.tsv': 'text/plain' };
function serve() {
  const roots = [['/data/', OUT], ['/nm/', path.join(ROOT, 'node_modules')], ['/bench/', BENCH_DIR], ['/', DIST]];
  const server = http.createServer((req, res) => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [prefix, root] = roots.find(([k]) => p.startsWith(k));
    let rel = p.slice(prefix.length); if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) { res.writeHead(404).end(); return; }
    // A static host's caching (so a second visit is a warm start); the anchors' page needs isolation for nothing.
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Content-Length': fs.statSync(file).size,
      'Cache-Control': 'max-age=3600' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
// Before any page script: record when stenogram.ready resolves, and every wasm memory created.
const INIT = `(() => {
  const mems = []; window.__wasmMemories = mems;
  const M = WebAssembly.Memory;
  WebAssembly.Memory = function (d) { const m = new M(d); mems.push(m); return m; };
  WebAssembly.Memory.prototype = M.prototype;
  const track = (r) => { const i = r && (r.instance || r); if (i && i.exports) for (const v of Object.values(i.exports)) if (v instanceof M && !mems.includes(v)) mems.push(v); return r; };
  for (const k of ['instantiate', 'instantiateStreaming']) { const f = WebAssembly[k]; if (f) WebAssembly[k] = function (...a) { return f.apply(this, a).then(track); }; }
  window.__wasmBytes = () => mems.reduce((s, m) => s + m.buffer.byteLength, 0);
  // CPU time of each animation frame's callbacks (the viewer draws a whole frame inside them).
  const frames = []; window.__rafFrames = frames;
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = function (f) {
    return raf.call(this, (t) => {
      const a = performance.now(); f(t); const d = performance.now() - a;
      const last = frames[frames.length - 1];
      if (last && last.t === t) last.ms += d; else { frames.push({ t, ms: d }); if (frames.length > 2000) frames.shift(); }
    });
  };
  let api;
  Object.defineProperty(window, 'stenogram', { configurable: true, get() { return api; },
    set(v) { api = v; v.ready.then(() => { window.__readyAt = performance.now(); }); } });
})();`;

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(INIT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, errors };
}
async function waitReady(page, timeout = 120000) {
  await page.waitForFunction(() => window.__readyAt !== undefined || (window.stenogram && window.stenogram.state && window.stenogram.state() && window.stenogram.state().error), null, { timeout, polling: 50 });
  const r = await page.evaluate(() => ({ readyAt: window.__readyAt, state: window.stenogram.state() }));
  if (r.readyAt === undefined) throw new Error(`the viewer reported: ${r.state.error}`);
  return r.readyAt;
}
// Samples the page's JS heap (CDP) while fn runs; returns [fn's result, peak JSHeapUsedSize].
async function withHeapPeak(page, fn) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  let peak = 0, stop = false;
  const poll = (async () => {
    while (!stop) {
      try { const m = await cdp.send('Performance.getMetrics'); const v = m.metrics.find((x) => x.name === 'JSHeapUsedSize'); if (v) peak = Math.max(peak, v.value); } catch { /* page navigating */ }
      await new Promise((r) => setTimeout(r, 40));
    }
  })();
  try { return [await fn(), () => peak]; } finally { stop = true; await poll; }
}

// Where a start-up went, ms after navigation: the page's downloads (response end) and the viewer's
// marks (web/stenogram.js "stenogram:*": runtime, fonts, engine, opened, first-frame, shown).
async function startupPhases(page) {
  return page.evaluate(() => {
    const out = {};
    const nav = performance.getEntriesByType('navigation')[0];
    if (nav) out.html = Math.round(nav.responseEnd);
    for (const e of performance.getEntriesByType('resource')) {
      const name = e.name.replace(/[?#].*$/, '').split('/').pop();
      if (/^(index\.js|index\.wasm|worker\.js|NotoSans-Regular\.ttf)$/.test(name) && out[name] === undefined) out[name] = Math.round(e.responseEnd);
    }
    for (const m of performance.getEntriesByType('mark'))
      if (m.name.startsWith('stenogram:') && out[m.name.slice(10)] === undefined) out[m.name.slice(10)] = Math.round(m.startTime);
    return out;
  });
}

async function startup(browser, base) {
  const res = { cold: [], warm: [], coldPhases: [], warmPhases: [] };
  for (let i = 0; i < START_REPS; i++) {
    const { context, page, errors } = await newPage(browser);
    await page.goto(base + '/'); res.cold.push(await waitReady(page));
    res.coldPhases.push(await startupPhases(page));
    await page.goto(base + '/?warm=' + i); res.warm.push(await waitReady(page));
    res.warmPhases.push(await startupPhases(page));
    if (errors.length) note(`start-up: page errors: ${errors.slice(0, 3).join(' | ')}`);
    await context.close();
  }
  const offline = path.join(DIST, 'stenogram-offline.html');
  if (fs.existsSync(offline)) {
    res.offline = [];
    for (let i = 0; i < START_REPS; i++) {
      const { context, page } = await newPage(browser);
      await page.goto(pathToFileURL(offline).href); res.offline.push(await waitReady(page));
      await context.close();
    }
  } else res.offlineNote = `${path.relative(ROOT, offline)} does not exist in this build: offline start-up not measured`;
  // The phases of the cold run whose time is the median.
  const mid = (xs) => xs.indexOf([...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]);
  return { coldMs: median(res.cold), warmMs: median(res.warm), coldPhases: res.coldPhases[mid(res.cold)] || null,
    warmPhases: res.warmPhases[mid(res.warm)] || null, offlineMs: res.offline ? median(res.offline) : null, runs: res, offlineNote: res.offlineNote };
}

async function openStenogram(browser, base, file) {
  const size = fileSize(file), runs = [];
  for (let i = 0; i < OPEN_REPS; i++) {
    const { context, page } = await newPage(browser);
    const [readyAt, peak] = await withHeapPeak(page, async () => { await page.goto(`${base}/?archive=/data/${path.basename(file)}`); return waitReady(page); });
    const { wasm, fetched } = await page.evaluate((name) => ({ wasm: window.__wasmBytes(),
      fetched: (performance.getEntriesByType('resource').find((e) => e.name.endsWith('/data/' + name)) || {}).responseEnd }), path.basename(file));
    runs.push({ ms: readyAt, fetchedMs: fetched, wasmHeapBytes: wasm, jsHeapPeakBytes: peak() });
    await context.close();
  }
  return summarizeOpen(runs, size);
}
async function openAnchor(browser, base, engine, file) {
  const size = fileSize(file), runs = [];
  for (let i = 0; i < OPEN_REPS; i++) {
    const { context, page } = await newPage(browser);
    const [r, peak] = await withHeapPeak(page, async () => {
      await page.goto(`${base}/bench/anchor.html?engine=${engine}&open=/data/${path.basename(file)}`);
      await page.waitForFunction(() => window.anchorOpened, null, { timeout: 120000, polling: 50 });
      return page.evaluate(() => window.anchorOpened);
    });
    if (r.error) throw new Error(`${engine}: ${r.error}`);
    const wasm = await page.evaluate(() => window.__wasmBytes());
    runs.push({ ms: r.doneAt, fetchedMs: r.fetchedAt, wasmHeapBytes: wasm, jsHeapPeakBytes: peak() });
    await context.close();
  }
  return summarizeOpen(runs, size);
}
function summarizeOpen(runs, size) {
  const wasm = median(runs.map((r) => r.wasmHeapBytes)), js = median(runs.map((r) => r.jsHeapPeakBytes));
  return { archiveBytes: size, ms: median(runs.map((r) => r.ms)), fetchedMs: median(runs.map((r) => r.fetchedMs ?? NaN)), wasmHeapBytes: wasm, jsHeapPeakBytes: js, heapPerArchive: (wasm + js) / size, runs };
}

// Query latency inside the viewer: the benchQuery command times RunQuery + top-20 rows in wasm.
// Timed as the native core is: on the archive held whole (the worker's background fill of a hosted
// archive that fits its cache is waited for, so no run waits for the network) and on code V8 has
// compiled (each query runs once first; that run's time is kept as firstMs: V8 compiles a
// function with its optimising tier only once it is hot, so the first searches after a page opens
// run on its baseline code, up to ~10× slower here).
async function waitArchiveCached(page, timeoutMs = 120000) {
  const t0 = Date.now();
  for (;;) {
    const st = await page.evaluate(() => window.stenogram.archiveStats());
    if (!st || st.mode !== 'range') return { cached: true, ms: Date.now() - t0, mode: st?.mode };
    if (st.cacheBytes >= st.fileSize) return { cached: true, ms: Date.now() - t0, mode: st.mode };
    if (st.fileSize > st.budget || Date.now() - t0 > timeoutMs) return { cached: false, ms: Date.now() - t0, mode: st.mode, cacheBytes: st.cacheBytes, fileSize: st.fileSize };
    await new Promise((r) => setTimeout(r, 200));
  }
}
async function stenogramQueries(page, qs) {
  const cache = await waitArchiveCached(page);
  if (!cache.cached) note(`queries: the worker held ${cache.cacheBytes} of ${cache.fileSize} bytes after ${cache.ms} ms: some runs read over HTTP`);
  // The search runs in the archive worker: ms is timed there, callMs is the round trip from the page.
  return page.evaluate(async ({ qs, reps }) => {
    const out = [];
    for (const { query, speaker } of qs) {
      const inner = [], outer = []; let last;
      const first = await window.stenogram.command({ type: 'benchQuery', query, speaker });
      for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        last = await window.stenogram.command({ type: 'benchQuery', query, speaker });
        outer.push(performance.now() - t0); inner.push(last.ms);
      }
      const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor((s.length - 1) / 2)]; };
      out.push({ query, speaker, total: last.resultCount, error: last.error || '', firstMs: first.ms, ms: med(inner), callMs: med(outer) });
    }
    return out;
  }, { qs, reps: QUERY_REPS });
}
async function anchorQueries(page, fts, qs) {
  return page.evaluate(({ fts, qs, reps }) => qs.map(({ query, speaker }) => {
    const ms = []; let last;
    const first = window.anchor.query(fts, query, speaker);  // untimed, as for Stenogram
    for (let i = 0; i < reps; i++) { last = window.anchor.query(fts, query, speaker); ms.push(last.ms); }
    const s = [...ms].sort((x, y) => x - y);
    return { query, speaker, total: last.total, error: last.error || '', firstMs: first.ms, ms: s[Math.floor((s.length - 1) / 2)] };
  }), { fts, qs, reps: QUERY_REPS });
}
const latency = (per) => {
  const ok = per.filter((q) => !q.error), firsts = ok.map((q) => q.firstMs).filter((x) => x != null);
  return { ...stats(ok.map((q) => q.ms)), first: firsts.length ? stats(firsts) : null, errors: per.length - ok.length, perQuery: per };
};

async function viewerOn(browser, base, file) {
  const { context, page, errors } = await newPage(browser);
  await page.goto(`${base}/?archive=/data/${path.basename(file)}`);
  await waitReady(page);
  const hasBench = await page.evaluate(() => window.stenogram.command({ type: 'benchQuery', query: 'x' }).error !== 'unknown command type "benchQuery"');
  if (!hasBench) throw new Error('this build has no benchQuery command (src/app/api.cpp): rebuild the viewer');
  return { context, page, errors };
}

// ---- 4. frame times -------------------------------------------------------------------------------
// CPU ms used so far by the browser's GPU process (Linux /proc; null elsewhere).
function browserCpu() {
  try {
    let gpu = 0, found = false;
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let cmd;
      try { cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'); } catch { continue; }
      if (!cmd.includes('--type=gpu-process')) continue;
      const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      gpu += (Number(st[11]) + Number(st[12])) * 1000 / 100;  // utime + stime, in clock ticks of 10 ms
      found = true;
    }
    return found ? { gpu } : null;
  } catch { return null; }
}
// Timeline pan/zoom on timelineFile (scripted timelineView commands: zoom from the whole archive
// down to a month, then pan across it); transcript scrolling on transcriptFile's longest text.
async function frameTimes(browser, base, timelineFile, transcriptFile) {
  const out = { available: true };
  const onPage = async (name, file, fn) => {
    const { context, page } = await viewerOn(browser, base, file);
    try {
      const ft = await page.evaluate(() => typeof window.stenogram.frameTimes === 'function');
      // stenogram.frameTimes() when the build has it, else the CPU time of the requestAnimationFrame
      // callbacks recorded by the init script (the same work, measured from outside).
      out.source = ft ? 'stenogram.frameTimes()' : 'requestAnimationFrame callback time (no stenogram.frameTimes() in this build)';
      const readTimes = () => page.evaluate((ft) => (ft ? window.stenogram.frameTimes() : window.__rafFrames.splice(0).map((f) => f.ms)), ft);
      const nextFrames = (n) => page.evaluate((n) => new Promise((r) => { let k = 0; const f = () => (++k >= n ? r() : requestAnimationFrame(f)); requestAnimationFrame(f); }), n);
      const drawn = () => page.evaluate(() => window.stenogram.state().drawn || null);
      const sample = async (step, frames) => {
        await nextFrames(3);
        await readTimes(); // drain
        const d0 = await drawn(), c0 = browserCpu();
        for (let i = 0; i < frames; i++) { await step(i); await nextFrames(1); }
        const t = await readTimes();
        const d1 = await drawn(), c1 = browserCpu();
        // What the frames cost WebGL: the GPU process' CPU per frame sampled (SwiftShader rasterises
        // on the CPU, beside the page, on the same cores); with state().drawn, the frames drawn (the
        // others repeated the picture: no WebGL call), the share of the canvas each redrew and the
        // draw calls of the last frame drawn.
        out.render = out.render || {};
        const r = out.render[name] = { steps: frames, gpuMs: c0 && c1 ? c1.gpu - c0.gpu : null };
        if (d0 && d1) {
          const n = d1.framesDrawn - d0.framesDrawn;
          Object.assign(r, { framesDrawn: n, framesSkipped: d1.framesSkipped - d0.framesSkipped,
            redrawn: n ? (d1.screens - d0.screens) / n : 0, draws: d1.draws });
        }
        return t.slice(-frames);
      };
      return await fn(page, sample, nextFrames);
    } finally { await context.close(); }
  };
  await onPage('timeline', timelineFile, async (page, sample) => {
    const tl = await page.evaluate(() => window.stenogram.command({ type: 'timelineView', from: '2000-01-01', to: '2001-01-01' }));
    if (!tl.ok) { out.timelineWhy = `timelineView: ${tl.error}`; return; }
    const a = await page.evaluate(() => window.stenogram.state().archive);
    const DAY = 864e5, iso = (ms) => new Date(ms).toISOString().slice(0, 10);
    const t0 = Date.parse(a.firstDate.slice(0, 10)), t1 = Date.parse(a.lastDate.slice(0, 10)) + DAY;
    const whole = t1 - t0, month = 30 * DAY, half = FRAMES / 2;
    const t = await sample(async (i) => {
      let from, w;
      if (i < half) { w = whole * Math.pow(month / whole, i / (half - 1)); from = t0 + (whole - w) * 0.37; }  // zoom in about a point
      else { w = whole / 8; from = t0 + (whole - w) * ((i - half) / half); }                                  // pan a few years wide
      await page.evaluate(([from, to]) => window.stenogram.command({ type: 'timelineView', from, to }), [iso(from), iso(from + Math.max(w, 3 * DAY))]);
    }, FRAMES);
    out.timeline = stats(t);
    out.timelineState = await page.evaluate(() => { const s = window.stenogram.state().timeline; return s && { documents: s.documents, marksDrawn: s.marksDrawn, lanes: s.lanes.length }; });
  });
  await onPage('transcript', transcriptFile, async (page, sample, nextFrames) => {
    // Scroll the longest transcript (~150 KB) with the mouse wheel over the reader.
    // (The end of a document's last turn is its text's length: the texts may be zstd frames.)
    const [id, bytes] = sql(transcriptFile, 'SELECT doc_id, max(start + len) FROM turn_spans GROUP BY doc_id ORDER BY 2 DESC LIMIT 1;').split('|').map(Number);
    await page.evaluate((id) => window.stenogram.command({ type: 'open', id }), id);
    await nextFrames(5);
    const r = await page.evaluate(() => window.stenogram.locate('transcript-body'));
    const at = r ? { x: r.cx, y: Math.min(Math.max(r.y, 0) + 120, 760) } : { x: 1000, y: 450 };  // the body is taller than the page
    await page.mouse.move(at.x, at.y);
    const t = await sample(async () => { await page.mouse.wheel(0, 120); }, FRAMES);
    out.transcript = { ...stats(t), docBytes: bytes, located: !!r };
  });
  return out;
}

// ---- 5. sizes ---------------------------------------------------------------------------------------
function sizes() {
  const comp = (b) => ({ raw: b.length, gzip: zlib.gzipSync(b, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: b.length } }).length });
  const files = {};
  for (const f of ['index.wasm', 'index.js', 'engine.wasm', 'engine.js', 'worker.js', 'engine-import.wasm', 'engine-import.js', 'index.html', 'fonts/NotoSans-Regular.ttf', 'fonts/NotoSans-Bold.ttf', 'sample.sqlite', 'stenogram-offline.html']) {
    const p = path.join(DIST, f); if (fs.existsSync(p)) files[f] = comp(fs.readFileSync(p));
  }
  const sum = (keys) => keys.filter((k) => files[k]).reduce((s, k) => ({ raw: s.raw + files[k].raw, gzip: s.gzip + files[k].gzip, brotli: s.brotli + files[k].brotli }), { raw: 0, gzip: 0, brotli: 0 });
  // The viewer and the archive engine its worker runs: both are downloaded before the first frame.
  const code = ['index.wasm', 'index.js', 'engine.wasm', 'engine.js', 'worker.js'];
  return { files, wasmJs: sum(code), app: sum([...code, 'index.html', 'fonts/NotoSans-Regular.ttf', 'fonts/NotoSans-Bold.ttf']),
    withSample: sum([...code, 'index.html', 'fonts/NotoSans-Regular.ttf', 'fonts/NotoSans-Bold.ttf', 'sample.sqlite']), offline: files['stenogram-offline.html'] || null };
}

// ---- the run ---------------------------------------------------------------------------------------
// Runs one stage; a failure is recorded (and makes the run exit non-zero) but later stages still run.
const failures = [];
async function stage(name, fn) {
  log(name);
  const t0 = now();
  try { return await fn(); } catch (e) { failures.push(`${name}: ${e.message}`); log(`FAILED ${name}: ${e.stack || e.message}`); return { error: e.message.slice(0, 500) }; } finally { (results.stageSeconds ||= {})[name] = Math.round((now() - t0) / 100) / 10; }
}
async function main() {
  const t0 = now();
  if (BUILD_ONLY) {
    need(GEN, 'stenogram-gen'); need(BUILDER, 'stenogram-build');
    fs.mkdirSync(OUT, { recursive: true });
    results.versions = { sqlite3Cli: run(SQLITE3, ['-version']).split(' ')[0] };
    results.build = await stage('archive build', measureBuild);
    fs.writeFileSync(path.join(OUT, 'results-build.json'), JSON.stringify(results, null, 1));
    print(results);
    return;
  }
  for (const [f, w] of [[GEN, 'stenogram-gen'], [BUILDER, 'stenogram-build'], [NATIVE_BENCH, 'stenogram-bench-native'], [SHARES, 'stenogram-shares'], [path.join(DIST, 'index.wasm'), 'the viewer'],
    [path.join(ROOT, 'node_modules/sql.js/dist/sql-wasm.wasm'), 'npm ci'], [path.join(ROOT, 'node_modules/@sqlite.org/sqlite-wasm/index.mjs'), 'npm ci']]) need(f, w);
  run(SQLITE3, ['-version']);
  fs.mkdirSync(OUT, { recursive: true });
  results.versions = { sqlite3Cli: run(SQLITE3, ['-version']).split(' ')[0],
    sqljs: JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/sql.js/package.json'))).version,
    sqliteWasm: JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@sqlite.org/sqlite-wasm/package.json'))).version };
  const sample = path.join(DIST, 'sample.sqlite');
  fs.copyFileSync(sample, path.join(OUT, 'sample.sqlite'));
  // The archives the chosen stages need (all of them without --only).
  const sizesNeeded = !ONLY ? SIZES : SIZES.filter((n) => (want('queries') || want('lazy') || want('drift')) ||
    ((want('words') || want('frames')) && n === (QUICK ? 1000 : 20000)) || (want('open') && n === OPEN_N));
  const archives = Object.fromEntries([['sample', path.join(OUT, 'sample.sqlite')], ...sizesNeeded.map((n) => [`${n / 1000}k`, archive(n)])]);
  const common = want('open') || want('queries') ? comparisonArchives(OPEN_N) : null;
  const qs = queries();

  note('corpus model: ' + model().note);
  if (ONLY) note(`--only=${[...ONLY].join(',')}: the other stages were not run`);
  if (want('drift')) results.drift = await stage('corpus drift', () => driftCheck({ root: ROOT, out: OUT, builder: BUILDER, shares: SHARES, corpora: CORPORA,
    synthetic: archives[QUICK ? '1k' : '20k'], queries: path.join(BENCH_DIR, 'queries.tsv'), log }));
  if (want('sizes')) results.size = await stage('sizes', sizes);
  if (want('build')) results.build = await stage('archive build', measureBuild);

  const server = await serve(), base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--js-flags=--expose-gc'] });
  try {
    if (want('startup')) results.startup = await stage('start-up', () => startup(browser, base));

    if (want('open')) results.open = await stage(`open ${OPEN_N / 1000}k`, async () => {
    const openFileUi = /type\s*=\s*['"]?file|showOpenFilePicker/.test(fs.readFileSync(path.join(DIST, 'index.js'), 'utf8'));
    const open = { archive: `${OPEN_N / 1000}k`, what: 'navigation with ?archive= (fetch over loopback streamed into the wasm heap, SQLite open, first frame with data) until stenogram.ready' +
      (openFileUi ? '; the page has an Open-file control, but the same loader path is timed here' : '; no Open-file control in this build'),
      memoryWhat: 'wasm linear memory (all WebAssembly memories of the page; never shrinks, so = peak) + peak V8 JS heap used (CDP, sampled every 40 ms); ArrayBuffers outside the wasm memory are not counted, so sql.js (which keeps the database in a JS-side buffer of its in-memory file system) is under-reported',
      stenogram: await openStenogram(browser, base, archives[`${OPEN_N / 1000}k`]) };
    log('open anchors (common ground)');
    open.common = {
      what: `${OPEN_N / 1000}k archive with stock unicode61 FTS: FTS5 for Stenogram and sqlite-wasm, FTS4 for sql.js (its npm build has no FTS5); anchors: navigation → library loaded, fetch, open, count, first 50 documents by date; Stenogram: navigation → stenogram.ready`,
      stenogram: await openStenogram(browser, base, common.u61), sqliteWasm: await openAnchor(browser, base, 'sqlitewasm', common.u61a), sqljs: await openAnchor(browser, base, 'sqljs', common.f4) };
    return open;
    });
    if (want('queries')) results.search = await stage('queries', async () => {
    const search = { what: 'per query: median of ' + QUERY_REPS + ' runs (after one untimed run; in the browser on the archive held whole by the worker) of all matching ids by rank + the top 20 rows (title, date, snippet); stats over the 50 queries', archives: {} };
    for (const [name, file] of Object.entries(archives)) {
      const entry = { archiveBytes: fileSize(file) };
      log(`queries: ${name} native`);
      try {
        const nq = nativeQueries(file);
        entry.native = latency(nq.perQuery); entry.nativeOpenedFrom = nq.openedFrom;
      } catch (e) { entry.native = null; entry.nativeWhy = e.message.slice(0, 300); note(`native queries on ${name}: ${entry.nativeWhy}`); }
      if (fileSize(file) >= MEMDB_MAX) {
        entry.wasmWhy = `archive is ${(fileSize(file) / 1024 ** 3).toFixed(2)} GiB: past the viewer's limits (wasm32 heap ${WASM_MAX / 1024 ** 3} GiB; SQLite in-memory image 1 GiB), measured natively only (from the file)`;
      } else {
        log(`queries: ${name} in the browser`);
        const { context, page } = await viewerOn(browser, base, file);
        entry.wasm = latency(await stenogramQueries(page, qs));
        await context.close();
        if (entry.native) { entry.wasmOverP50 = entry.wasm.p50 / entry.native.p50; entry.wasmOverP95 = entry.wasm.p95 / entry.native.p95; }
      }
      search.archives[name] = entry;
    }
    log('queries: anchors (common ground)');
    const c = { what: (results.open?.common?.what || '') + '; anchors run the same SQL statements as the core (sql.js: FTS4 without bm25 ranking)' };
    c.native = latency(nativeQueries(common.u61).perQuery);
    { const { context, page } = await viewerOn(browser, base, common.u61); c.stenogram = latency(await stenogramQueries(page, qs)); await context.close(); }
    for (const [engine, fts, file] of [['sqliteWasm', 'fts5', common.u61a], ['sqljs', 'fts4', common.f4]]) {
      const { context, page } = await newPage(browser);
      await page.goto(`${base}/bench/anchor.html?engine=${engine === 'sqljs' ? 'sqljs' : 'sqlitewasm'}`);
      await page.waitForFunction(() => window.anchorReady, null, { timeout: 30000 });
      await page.evaluate((u) => window.anchor.open(u), `/data/${path.basename(file)}`);
      c[engine] = latency(await anchorQueries(page, fts, qs));
      await context.close();
    }
    search.common = c;
    return search;
    });

    // Distinctive words (the cloud's Words kind): the whole archive as the result set (20k documents),
    // and a broad search scored against the archive (its first run also counts the archive's sample).
    if (want('words')) results.words = await stage('words', async () => {
      const name = QUICK ? '1k' : '20k';
      const { context, page } = await viewerOn(browser, base, archives[name]);
      const out = await page.evaluate(async (reps) => {
        const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor((s.length - 1) / 2)]; };
        const time = async (query) => {
          const ms = []; let last;
          for (let i = 0; i < reps; i++) { last = await window.stenogram.command({ type: 'benchWords', query }); ms.push(last.ms); }
          return { query, ms: med(ms), firstMs: ms[0], matched: last.matched, sampled: last.sampled, words: last.words, error: last.error || '' };
        };
        return { whole: await time(''), search: await time('the') };
      }, QUERY_REPS);
      await context.close();
      return { archive: name, what: 'WordsRequest timed in the engine (wasm worker): sample ≤ 300 documents, tokenize, count, score; "search" is scored against the archive\'s own sample (its firstMs includes counting that)', ...out };
    });

    // 7. lazy reading (bench_lazy.mjs): LAZY_QUERIES of the query set, cold, over an emulated 50 Mbit/s link.
    if (want('lazy')) results.lazy = await stage('lazy reading', () => lazyStage({ browser, dist: DIST, dataDir: OUT, log,
      archives: QUICK ? { '1k': archives['1k'] } : { '20k': archives['20k'], '100k': archives['100k'] },
      queries: qs.slice(0, Number(process.env.LAZY_QUERIES || (QUICK ? 5 : 20))) }));

    const frameN = QUICK ? 20000 : 100000;
    if (want('frames')) {
    results.frames = await stage('frame times', async () => {
      const file = shortArchive(frameN);
      const transcript = QUICK ? '1k' : '20k';
      return { archive: `${frameN / 1000}k short texts, ${(fileSize(file) / MB).toFixed(0)} MB`, transcriptArchive: transcript,
        ...(await frameTimes(browser, base, file, archives[transcript])) };
    });
    if (results.frames.error) results.frames = { available: false, why: results.frames.error };
    if (QUICK) results.frames.note = '--quick: 20k documents (the full run uses 100k)';
    }
  } finally { await browser.close(); server.close(); }
  results.totalSeconds = (now() - t0) / 1000;
  try { results.targets = targets(results); } catch (e) { failures.push(`targets: ${e.message}`); }
  results.failures = failures;
  const written = path.join(OUT, ONLY ? 'results-only.json' : 'results.json');
  fs.writeFileSync(written, JSON.stringify(results, null, 1));
  print(results);
  log(`wrote ${path.relative(ROOT, written)} in ${results.totalSeconds.toFixed(0)} s`);
  if (failures.length) { console.error(`bench: ${failures.length} stage(s) failed:\n  ${failures.join('\n  ')}`); process.exit(1); }
}

// ---- targets and the table ---------------------------------------------------------------------------
function targets(r) {
  const t = [];
  const add = (name, value, ok, unit, why = '') => t.push({ name, value, met: value == null || Number.isNaN(value) ? null : ok, unit, why });
  add('first frame with the sample archive (cold) ≤ 250 ms (a machine with a GPU)', r.startup?.coldMs, r.startup?.coldMs <= 250, 'ms');
  // This machine's software GL (issue "Honest speed"): ≤ 800 ms cold, ≤ 400 ms warm.
  add('first frame, this machine (cold) ≤ 800 ms', r.startup?.coldMs, r.startup?.coldMs <= 800, 'ms');
  add('first frame, this machine (warm) ≤ 400 ms', r.startup?.warmMs, r.startup?.warmMs <= 400, 'ms');
  const o = r.open?.stenogram, sj = r.open?.common?.sqljs;
  add(`${r.open?.archive ?? `${OPEN_N / 1000}k`} file → interactive ≤ 1.5 s`, o?.ms, o?.ms <= 1500, 'ms');
  add('… and faster than sql.js (common ground)', r.open?.common?.stenogram?.ms / sj?.ms, r.open?.common?.stenogram?.ms < sj?.ms, '×');
  add(`distinctive words for a ${r.words?.archive ?? 'large'} result set ≤ 200 ms (wasm)`, r.words?.whole?.ms, r.words?.whole?.ms <= 200, 'ms');
  const s20 = r.search?.archives?.[QUICK ? '1k' : '20k'];
  add(`FTS p95 ${QUICK ? '1k' : '20k'} ≤ 1.3× native`, s20?.wasmOverP95, s20?.wasmOverP95 <= 1.3, '×');
  add(`FTS p95 ${QUICK ? '1k' : '20k'} ≤ 50 ms (wasm)`, s20?.wasm?.p95, s20?.wasm?.p95 <= 50, 'ms');
  const s100 = r.search?.archives?.['100k'];
  const p100 = s100 ? (s100.wasm ? s100.wasm.p95 : s100.native?.p95) : null;
  add(`FTS p95 100k ≤ 150 ms${s100 && !s100.wasm ? ' (native: past the viewer\'s limits)' : ''}`, p100, p100 <= 150, 'ms', s100?.wasmWhy || s100?.nativeWhy || '');
  add('timeline frame p95 ≤ 4 ms', r.frames?.timeline?.p95 ?? null, r.frames?.timeline?.p95 <= 4, 'ms', r.frames?.available ? (r.frames.timelineWhy || '') : r.frames?.why);
  add('wasm + js ≤ 550 KB brotli', r.size?.wasmJs?.brotli / 1000, r.size?.wasmJs?.brotli <= 550e3, 'KB');
  add('peak heap ≤ 1.3× archive', o?.heapPerArchive, o?.heapPerArchive <= 1.3, '×');
  lazyTargets(r.lazy, add);
  add('build ≥ 40 MB/s', r.build?.stenogram?.inputMBPerS, r.build?.stenogram?.inputMBPerS >= 40, 'MB/s');
  return t;
}
function print(r) {
  const f = (v, d = 1) => (v == null || Number.isNaN(v) ? 'n/a' : Number(v).toFixed(d));
  const ratio = (a, b) => (a == null || b == null || !b ? 'n/a' : (a / b).toFixed(2) + '×');
  const lines = [];
  const row = (...c) => lines.push(c.map((x, i) => String(x).padEnd(i === 0 ? 46 : 16)).join(' ').trimEnd());
  const head = (s) => { lines.push(''); lines.push(`== ${s}`); };
  const safe = (name, fn) => {
    if (name !== 'targets' && r[name] === undefined) return;  // a stage --only left out: the targets list it as NOT MEASURED
    try { fn(); } catch (e) { lines.push(`  (${name}: not printed: ${(r[name] && r[name].error) || e.message})`); }
  };
  lines.push(`Stenogram benchmark ${r.quick ? '(--quick) ' : ''}${r.when}  dist=${r.dist}  ${r.machine.cpus} CPUs (${r.machine.note})`);
  safe('startup', () => {
  head('1. start-up: navigation → stenogram.ready (sample archive), median');
  row('', 'ms');
  row('hosted, cold', f(r.startup.coldMs)); row('hosted, warm (HTTP cache)', f(r.startup.warmMs));
  row('offline file (file://)', r.startup.offlineMs == null ? 'n/a: ' + r.startup.offlineNote : f(r.startup.offlineMs));
  const phases = (p) => Object.entries(p).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${v}`).join(' → ');
  if (r.startup.coldPhases) lines.push(`  where the cold start went (ms after navigation; downloads at their last byte): ${phases(r.startup.coldPhases)}`);
  if (r.startup.warmPhases) lines.push(`  where the warm start went: ${phases(r.startup.warmPhases)}`);
  });
  safe('open', () => {
  head(`2. open the ${r.open.archive} archive (${r.open.what})`);
  row('', 'ms', 'downloaded at ms', 'wasm heap MB', 'JS heap MB', 'heap ÷ archive', 'archive MB');
  const orow = (n, o, anchor) => row(n, f(o.ms) + (anchor ? ` (${ratio(anchor.ms, o.ms)})` : ''), f(o.fetchedMs), f(o.wasmHeapBytes / MB), f(o.jsHeapPeakBytes / MB), f(o.heapPerArchive, 2), f(o.archiveBytes / MB));
  orow('Stenogram (stemming archive)', r.open.stenogram);
  lines.push('  common ground: ' + r.open.common.what + '; (x×) = anchor ÷ Stenogram');
  lines.push('  memory: ' + r.open.memoryWhat);
  orow('Stenogram', r.open.common.stenogram); orow('@sqlite.org/sqlite-wasm ' + r.versions.sqliteWasm, r.open.common.sqliteWasm, r.open.common.stenogram);
  orow('sql.js ' + r.versions.sqljs + ' (FTS4 file)', r.open.common.sqljs, r.open.common.stenogram);
  });
  safe('search', () => {
  head(`3. search latency, 50 queries (${r.search.what})`);
  row('archive', 'wasm p50/p95/max', 'native p50/p95/max', 'wasm÷native p95', 'errors');
  for (const [n, e] of Object.entries(r.search.archives)) {
    row(`${n} (${f(e.archiveBytes / MB, 0)} MB)`, e.wasm ? `${f(e.wasm.p50)}/${f(e.wasm.p95)}/${f(e.wasm.max)}` : 'n/a', e.native ? `${f(e.native.p50)}/${f(e.native.p95)}/${f(e.native.max)}` : 'n/a',
      e.wasm && e.native ? f(e.wasmOverP95, 2) + '×' : 'n/a', (e.wasm || e.native || {}).errors ?? 'n/a');
    if (e.wasm?.first && e.native?.first) lines.push(`  first run of each query (left out above): wasm ${f(e.wasm.first.p50)}/${f(e.wasm.first.p95)}/${f(e.wasm.first.max)}, native ${f(e.native.first.p50)}/${f(e.native.first.p95)}/${f(e.native.first.max)}`);
    if (e.nativeWhy) lines.push('  native: ' + e.nativeWhy);
    if (e.wasmWhy) lines.push('  ' + e.wasmWhy);
  }
  const c = r.search.common;
  lines.push('  common ground: ' + c.what);
  row('engine', 'p50/p95/max ms', 'p95 ÷ Stenogram', 'errors');
  for (const [n, k] of [['Stenogram (wasm)', 'stenogram'], ['native core', 'native'], ['@sqlite.org/sqlite-wasm', 'sqliteWasm'], ['sql.js (FTS4, unranked)', 'sqljs']])
    row(n, `${f(c[k].p50)}/${f(c[k].p95)}/${f(c[k].max)}`, ratio(c[k].p95, c.stenogram.p95), c[k].errors);
  });
  safe('frames', () => {
  head(`4. frame time (CPU ms per frame${r.frames.source ? ': ' + r.frames.source : ''})`);
  if (!r.frames.available) row('not available', r.frames.why);
  else {
    row(`timeline pan/zoom (${r.frames.archive})`, r.frames.timeline ? `p50 ${f(r.frames.timeline.p50, 2)} p95 ${f(r.frames.timeline.p95, 2)}` : 'n/a: ' + r.frames.timelineWhy);
    row(`transcript scroll (${f(r.frames.transcript.docBytes / 1000, 0)} KB, ${r.frames.transcriptArchive})`, `p50 ${f(r.frames.transcript.p50, 2)} p95 ${f(r.frames.transcript.p95, 2)}`);
    for (const [k, v] of Object.entries(r.frames.render || {}))
      row(`  ${k}: WebGL`, (v.framesDrawn == null ? `${v.steps} steps` : `${v.framesDrawn} frames drawn, ${v.framesSkipped} unchanged (no call); ${f(100 * v.redrawn, 0)}% of the canvas and ${v.draws} draw calls a frame`) +
        `; GPU process ${v.gpuMs == null ? 'n/a' : f(v.gpuMs / (v.framesDrawn ?? v.steps), 1) + ' ms CPU'} per ${v.framesDrawn == null ? 'step' : 'frame drawn'}`);
  }
  });
  safe('size', () => {
  head('5. size (KB = 1000 bytes)');
  row('', 'raw KB', 'gzip KB', 'brotli KB');
  for (const [k, v] of Object.entries(r.size.files)) row(k, f(v.raw / 1000), f(v.gzip / 1000), f(v.brotli / 1000));
  for (const [k, n] of [['wasmJs', 'wasm + js (viewer + engine + worker)'], ['app', 'app (wasm+js+html+fonts)'], ['withSample', 'app + sample archive']]) row(n, f(r.size[k].raw / 1000), f(r.size[k].gzip / 1000), f(r.size[k].brotli / 1000));
  if (!r.size.offline) row('offline single file', 'n/a (not built)');
  });
  safe('build', () => {
  head('6. archive build (input = JSONL bytes; text = title+summary+text bytes)');
  row('', 'docs/s', 'MB/s (input)', 'archive÷text', 'FTS÷text', 'ms');
  const b = r.build;
  row(`stenogram-build ${b.stenogram.docs} docs`, f(b.stenogram.docsPerS, 0), f(b.stenogram.inputMBPerS), f(b.stenogram.archivePerText, 2), f(b.stenogram.ftsPerText, 2), f(b.stenogram.ms, 0));
  row(`sqlite3 CLI ${r.versions.sqlite3Cli} (${ratio(b.stenogram.inputMBPerS, b.sqlite3Cli.inputMBPerS)} speed)`, f(b.sqlite3Cli.docsPerS, 0), f(b.sqlite3Cli.inputMBPerS), f(b.sqlite3Cli.archivePerText, 2), f(b.sqlite3Cli.ftsPerText, 2), f(b.sqlite3Cli.ms, 0));
  lines.push('  ' + b.sqlite3Cli.what);
  for (const k of b.corpora) k.error ? row(k.name, 'error: ' + k.error.slice(0, 80)) : row(`${k.name} (${k.docs} docs)`, f(k.docsPerS, 0), f(k.inputMBPerS), f(k.archivePerText, 2), f(k.ftsPerText, 2), f(k.ms, 0), k.peakRssMB ? `${k.peakRssMB} MB RSS` : '');
  if (b.stenogram.tables) {
    lines.push(`  ${b.stenogram.docs}-doc archive by table (dbstat, page size ${b.stenogram.pageSize}, ${b.stenogram.freePages} free pages, builder peak RSS ${b.stenogram.peakRssMB} MB):`);
    for (const [t, n] of Object.entries(b.stenogram.tables)) if (n >= 0.001 * b.stenogram.archiveBytes) row('    ' + t, f(n / MB) + ' MB', f(n / b.stenogram.textBytes, 3) + ' × text');
  }
  if (b.targets) {
    lines.push('  targets (issue 11):');
    for (const t of b.targets) row('    ' + t.name, t.value == null ? 'n/a' : f(t.value, 2), (t.name.startsWith('build speed') ? '≥ ' : '≤ ') + t.limit, t.met == null ? 'NOT MEASURED' : t.met ? 'met' : 'MISSED');
  }
  });
  safe('drift', () => { head('0. synthetic corpus vs the real corpora'); lines.push(...(r.drift.skipped ? ['  ' + r.drift.skipped] : r.drift.error ? ['  FAILED: ' + r.drift.error] : r.drift.lines.map((l) => '  ' + l))); });
  if (r.lazy && !r.lazy.error) safe('lazy', () => printLazy(r.lazy, lines));
  safe('targets', () => {
  head('targets');
  for (const t of r.targets) row(t.name, t.value == null ? 'n/a' : f(t.value, 2) + ' ' + t.unit, t.met == null ? 'NOT MEASURED' : t.met ? 'met' : 'MISSED', t.why || '');
  });
  if (r.notes.length) { head('notes'); r.notes.forEach((n) => lines.push('  ' + n)); }
  console.log(lines.join('\n'));
}

main().catch((e) => { console.error(`bench: ${e.stack || e.message}`); process.exit(1); });
