// import.test.mjs: in-browser imports show their progress and can be cancelled (issue 13). A large
// JSONL file (generated here, never committed) is picked through the real file chooser; the busy
// bar counts megabytes and documents as the import worker reads and imports it in parts; a real click
// on Cancel stops it at once; the archive that was open stays open and searchable, and the page says
// "Import cancelled". A small file then imports to the end, with the same progress; an archive
// opened while an import runs stops the import.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, openViewer, clickLabel, assert, assertEq } from './harness.mjs';

// n records of about 2 KB each, one a line; a date and a speaker-labelled text each.
function writeJsonl(file, n) {
  const fd = fs.openSync(file, 'w');
  const words = 'negotiations sanctions cooperation security treaty ministers partners settlement dialogue region'.split(' ');
  let chunk = '';
  for (let i = 1; i <= n; i++) {
    let text = 'Sergey Lavrov: ';
    for (let k = 0; text.length < 2000; k++) text += words[(i * 7 + k * 3) % words.length] + (k % 12 === 11 ? '. ' : ' ');
    chunk += JSON.stringify({ id: 'r' + i, title: 'Generated talk ' + i, date: `20${10 + (i % 10)}-0${1 + (i % 9)}-1${i % 10}`, text }) + '\n';
    if (chunk.length > 1 << 20) { fs.writeSync(fd, chunk); chunk = ''; }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

async function pick(page, file) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), clickLabel(page, 'open-file')]);
  await chooser.setFiles(file);
}

test('import: a large JSONL file shows its progress; Cancel stops it and keeps the open archive', async (ctx) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stenogram-import-'));
  const big = path.join(dir, 'big-talks.jsonl');
  writeJsonl(big, 40000);  // ~85 MB: 21 parts of 4 MB
  const size = fs.statSync(big).size;
  try {
    const { page, consoleErrors } = await openViewer(ctx, ctx.base);
    const before = await page.evaluate(() => window.stenogram.state());
    assertEq([before.archive.name, before.archive.documentCount], ['sample.sqlite', 10], 'the sample is open');
    await page.evaluate(() => {
      window.progressEvents = [];
      window.stenogram.on('importProgress', (p) => window.progressEvents.push(p));
    });
    await pick(page, big);
    // Progress: bytes and documents grow, in the busy bar (role=status) and in stenogram.importing().
    await page.waitForFunction(() => { const p = window.stenogram.importing(); return p && p.records > 0 && p.loaded > 0; }, null, { timeout: 60000 });
    const p1 = await page.evaluate(() => window.stenogram.importing());
    const bar1 = await page.textContent('#busy .what');
    assertEq([p1.name, p1.what, p1.total], ['big-talks.jsonl', 'import', size], 'the import in progress');
    assert(/^Importing big-talks\.jsonl… \d+\.\d MB of \d+\.\d MB, [\d,]+ documents?$/.test(bar1), 'the busy bar counts: ' + bar1);
    await page.waitForFunction((n) => { const p = window.stenogram.importing(); return p && p.records > n; }, p1.records, { timeout: 60000 });
    const p2 = await page.evaluate(() => window.stenogram.importing());
    assert(p2.loaded > p1.loaded && p2.loaded < size, 'more bytes imported, not all: ' + JSON.stringify([p1, p2]));
    assert(await page.isVisible('#busy .cancel'), 'a Cancel button is shown');
    // The viewer keeps answering on the open archive while the import runs in its own worker.
    const during = await page.evaluate(() => window.stenogram.command({ type: 'search', text: 'Lavrov' }));
    const duringDone = during && during.then ? await during : during;
    assert(duringDone.ok, 'a search during the import: ' + JSON.stringify(duringDone));

    // A real click on Cancel.
    const t0 = Date.now();
    await page.click('#busy .cancel');
    await page.waitForFunction(() => window.stenogram.importing() === null, null, { timeout: 5000 });
    const cancelMs = Date.now() - t0;
    assert(cancelMs < 3000, 'Cancel acts at once: ' + cancelMs + ' ms');
    const toast = await page.textContent('#toast');
    assert(/^Import cancelled: big-talks\.jsonl \(the open archive is unchanged\)$/.test(toast) && await page.isVisible('#toast.on'),
      'a clear message: ' + toast);
    assert(!(await page.isVisible('#busy')), 'the busy bar is gone');
    // It really stopped: no progress after the click.
    const seen = await page.evaluate(() => window.progressEvents.length);
    await page.waitForTimeout(2000);
    assertEq(await page.evaluate(() => window.progressEvents.length), seen, 'no progress after Cancel');
    // The previous archive is still open and searchable; no error banner.
    const after = await page.evaluate(() => window.stenogram.state());
    assertEq([after.archive.name, after.archive.documentCount, after.error], ['sample.sqlite', 10, null], 'the sample is still open');
    const r = await page.evaluate(() => window.stenogram.command({ type: 'search', text: 'Minsk' }));
    const found = r && r.then ? await r : r;
    assert(found.ok, 'a search after Cancel: ' + JSON.stringify(found));
    await page.waitForFunction(() => { const s = window.stenogram.state(); return s.query === 'Minsk' && s.resultCount > 0; }, null, { timeout: 10000 });

    // A small file imports to the end: progress, then the archive opens with its note.
    const small = path.join(dir, 'small-talks.jsonl');
    writeJsonl(small, 300);
    await pick(page, small);
    await page.waitForFunction(() => { const s = window.stenogram.state(); return s.archive && s.archive.name === 'small-talks.jsonl'; }, null, { timeout: 60000 });
    const s = await page.evaluate(() => window.stenogram.state());
    assertEq([s.archive.documentCount, s.error], [300, null], 'the small file is imported');
    assert((await page.evaluate(() => window.progressEvents.map((p) => p.what))).includes('index'), 'progress reached the index step');
    assertEq(await page.evaluate(() => window.stenogram.archive().note), 'imported 300 documents', 'the note');
    // An archive opened while an import runs wins: the import stops, the archive opens.
    await pick(page, big);
    await page.waitForFunction(() => { const p = window.stenogram.importing(); return p && p.records > 0; }, null, { timeout: 60000 });
    const opened = await page.evaluate(() => window.stenogram.loadArchive('sample.sqlite'));
    assertEq([opened.ok, await page.evaluate(() => window.stenogram.importing())], [true, null], 'the import gave way to the archive');
    await page.waitForTimeout(1000);
    const last = await page.evaluate(() => window.stenogram.state());
    assertEq([last.archive.name, last.archive.documentCount, last.error], ['sample.sqlite', 10, null], 'the archive opened, the import did not replace it');
    assertEq(consoleErrors.filter((e) => !/favicon/.test(e)), [], 'no page error');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
