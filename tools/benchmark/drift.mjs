// drift.mjs: keeps tools/bench's synthetic corpus honest. learnModel() builds stenogram-gen's
// language models from ../shared/corpora and ../shared/seeds at bench time (build/bench/model,
// never committed); driftCheck() compares, for every query of queries.tsv and every language the
// real corpora have text in, the share of documents matching it in the synthetic archive with
// its share in the real corpora (same core, same query semantics: stenogram-shares) and throws
// when one is off by more than 3× — the bench then fails loudly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const LIMIT = 3;          // allowed ratio either way
const MIN_REAL_DOCS = 50; // a language with fewer real documents with text is reported, not checked

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ').slice(0, 200)} failed (${r.status}): ${(r.stderr || '').slice(-800)}`);
  return r;
}
const mtime = (f) => fs.statSync(f).mtimeMs;
const newer = (target, sources) => fs.existsSync(target) && sources.every((s) => mtime(s) <= mtime(target));
const filesUnder = (d) => (fs.existsSync(d) ? fs.readdirSync(d, { recursive: true }).map((f) => path.join(d, f)).filter((f) => fs.statSync(f).isFile()).sort() : []);

// Learns the models when the corpora are there (again when stenogram-gen or a corpus file is newer).
// Returns { args: stenogram-gen arguments, files: the model files (for freshness), note }.
export function learnModel({ out, gen, corpora, seeds, log }) {
  const inputs = [corpora, seeds].filter((d) => fs.existsSync(d));
  if (!inputs.length) return { args: [], files: [], note: `${corpora} and ${seeds} are absent: stenogram-gen uses its built-in vocabulary (not realistic word frequencies)` };
  const dir = path.join(out, 'model'), stamp = path.join(dir, 'learned.txt');
  if (!newer(stamp, [gen, ...inputs.flatMap(filesUnder)])) {
    log('learning the corpus model from ' + inputs.join(', '));
    fs.rmSync(dir, { recursive: true, force: true });
    const r = run(gen, ['learn', '-o', dir, ...inputs]);
    fs.writeFileSync(stamp, r.stderr);
  }
  const files = fs.readdirSync(dir).filter((f) => /^model-.*\.txt$/.test(f)).map((f) => path.join(dir, f));
  return { args: ['--model', dir], files: [stamp, ...files], note: fs.readFileSync(stamp, 'utf8').trim().split('\n').filter((l) => !/CSV rows/.test(l)).join('; ') };
}

// The real corpora as one archive (JSON/JSONL files of the corpora + the seed's sample documents).
function realArchive({ root, out, builder, corpora }) {
  const inputs = filesUnder(corpora).filter((f) => /\.(json|jsonl)$/.test(f));
  const sample = path.join(out, 'lavrov-sample.json');
  run('python3', [path.join(root, 'tools/make-sample.py'), sample]);
  inputs.push(sample);
  const f = path.join(out, 'real-corpora.sqlite');
  if (!newer(f, [builder, ...inputs])) run(builder, ['--quiet', '-o', f, ...inputs]);
  return f;
}

// 95% Poisson bounds of a count k (exact for k = 0; else Wilson-Hilferty's approximation of the exact
// Garwood bounds: the upper within 0.2%; the lower 3% low at k = 3 and closer above, below one
// document for k ≤ 2, where the 1/N floor decides anyway): the real
// corpora hold a few hundred documents a language, so a query that matches a handful of them has a
// share known only to within a factor of several.
function poissonInterval(k) {
  if (k === 0) return [0, 3.689];
  const z = 1.96, cube = (x) => x * x * x;
  const lo = k * cube(1 - 1 / (9 * k) - z / (3 * Math.sqrt(k)));
  const hi = (k + 1) * cube(1 - 1 / (9 * (k + 1)) + z / (3 * Math.sqrt(k + 1)));
  return [Math.max(0, lo), hi];
}

// Throws (after logging the comparison) when a query's share drifts outside LIMIT×.
export function driftCheck({ root, out, builder, shares, corpora, synthetic, queries, log }) {
  if (!fs.existsSync(corpora)) return { skipped: `${corpora} is absent: the corpus drift check needs the real corpora`, lines: [] };
  const real = JSON.parse(run(shares, [realArchive({ root, out, builder, corpora }), queries]).stdout);
  const syn = JSON.parse(run(shares, [synthetic, queries]).stdout);
  const languages = Object.keys(real.docs).filter((l) => l && real.docs[l] >= MIN_REAL_DOCS).sort();
  const unchecked = Object.keys(syn.docs).filter((l) => !languages.includes(l));
  const pct = (x) => (100 * x).toFixed(1).padStart(5) + '%';
  const lines = [`share of documents matching each query, real corpora vs synthetic (${path.basename(synthetic)}), per language; ` +
    `a share below one real document (1/N) counts as 1/N; the ratio printed is to the real share; a drift is a synthetic share ` +
    `more than ${LIMIT}× beyond the real share's 95% sampling interval (k of N real documents: Poisson bounds of k, ÷ N)`];
  lines.push('  documents: real ' + Object.entries(real.docs).map(([l, n]) => `${l || '?'} ${n}`).join(', ') + ' · synthetic ' + Object.entries(syn.docs).map(([l, n]) => `${l || '?'} ${n}`).join(', '));
  for (const l of unchecked) lines.push(`  ${l || '(no language)'}: not checked: the real corpora have ${real.docs[l] || 0} documents with text in it (need ${MIN_REAL_DOCS})` +
    (l === 'ru' ? '; stenogram-gen writes it from the English model with Russian words (each query word as common as its English counterpart: gen_model.h StandInModel)' : ''));
  const rows = [], drifted = [];
  for (const l of languages.filter((l) => !syn.docs[l])) drifted.push(`the synthetic corpus has no ${l} documents (the real corpora have ${real.docs[l]})`);
  syn.queries.forEach((q, i) => {
    const r = real.queries[i];
    const label = (q.speaker ? `[${q.speaker}] ` : '') + q.query;
    const cells = [];
    for (const l of languages.filter((l) => syn.docs[l])) {
      const n = real.docs[l], floor = 1 / n, k = r.byLanguage[l] || 0;
      const rs = k / n, ss = syn.docs[l] ? (q.byLanguage[l] || 0) / syn.docs[l] : 0;
      const ratio = Math.max(ss, floor) / Math.max(rs, floor);
      // Checked against the real share's sampling interval (a few hundred real documents: k of them
      // say the share lies, 95%, between lo/n and hi/n), 3× beyond its nearer bound.
      const [lo, hi] = poissonInterval(k), sf = Math.max(ss, floor);
      const beyond = sf > hi / n ? sf / (hi / n) : sf < lo / n ? sf / (lo / n) : 1;
      const bad = beyond > LIMIT || beyond < 1 / LIMIT || (q.error || r.error);
      rows.push({ query: label, language: l, real: rs, synthetic: ss, ratio, beyond, ok: !bad });
      if (bad) drifted.push(`${label} (${l}: real ${pct(rs).trim()}, synthetic ${pct(ss).trim()}${q.error ? ', ' + q.error : ''})`);
      cells.push(`${l} ${pct(rs)} ${pct(ss)} ${ratio.toFixed(2).padStart(5)}×${bad ? ' DRIFT' : '      '}`);
    }
    for (const l of unchecked) cells.push(`${l || '?'} syn ${pct(syn.docs[l] ? (q.byLanguage[l] || 0) / syn.docs[l] : 0)}`);
    lines.push('  ' + label.slice(0, 34).padEnd(34) + ' ' + cells.join(' | '));
  });
  lines.push(drifted.length ? `  ${drifted.length} DRIFTED beyond ${LIMIT}×` : `  every query within ${LIMIT}× of the real share's interval in ${languages.join(', ')}`);
  lines.forEach((l) => log(l));
  if (drifted.length) throw new Error(`the synthetic corpus drifted from the real corpora (limit ${LIMIT}×): ${drifted.join('; ')}`);
  return { languages, unchecked, rows, lines };
}
