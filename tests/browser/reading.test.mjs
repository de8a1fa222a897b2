// reading.test.mjs: the researcher's tools (issue 18) with real mouse and keyboard input: the
// cloud's Words kind (click searches a word, shift-click excludes it, it follows filters, and it is
// the default where an archive has no tags), the Contexts view (sorting by clicks, paging, a click
// opens the document at the occurrence, CSV, limited to a speaker), searches compared on the
// timeline (added by typing, removed by a click, per 1,000, in the link), and translations side by
// side (resistinua: English and Ukrainian files share ids; wheel over either side scrolls both,
// the one-language switch, hits on each side); screenshots at 1280×800 and 390×844.
import fs from 'node:fs';
import path from 'node:path';
import { test, openViewer, clickLabel, frames, screenshotStats, assert, assertEq, typeInto, typeQuery, FIXTURES } from './harness.mjs';

const state = (page) => page.evaluate(() => window.stenogram.state());
const locate = (page, label) => page.evaluate((l) => window.stenogram.locate(l), label);
const command = (page, c) => page.evaluate((x) => window.stenogram.command(x), c);
const haveResistinua = fs.existsSync(path.join(FIXTURES, 'resistinua.sqlite'));

async function until(page, fn, arg, what, timeout = 30000) {
  try {
    await page.waitForFunction(fn, arg, { timeout });
  } catch (e) {
    const s = await state(page);
    throw new Error(`${what}: not reached (query ${JSON.stringify(s.query)}, ${s.resultCount} results, document ${JSON.stringify(s.openDocument)})`);
  }
  await frames(page, 2);
}

// Types text into the search box (real keys) and waits for its search, however slow the machine.
async function search(page, text) {
  await typeInto(page, 'search-box', text);
  await until(page, (t) => window.stenogram.state().query === t && window.stenogram.state().resultCount >= 0, text, 'the search ' + text);
  return state(page);
}

// "+ Compare": the box opens, the search is typed, Enter adds it.
async function addSeries(page, text) {
  await clickLabel(page, 'compare-add');
  await until(page, () => window.stenogram.state().compare.adding, null, 'the add box open');
  await typeInto(page, 'compare-input', text);
  await until(page, (t) => window.stenogram.state().compare.input === t, text, 'the search typed into the add box');
  await page.keyboard.press('Enter');
}

async function shiftClick(page, label) {
  await page.keyboard.down('Shift');
  await clickLabel(page, label);
  await page.keyboard.up('Shift');
  await frames(page, 2);
}

test('words: distinctive words of the results; click searches, shift-click excludes, filters hold', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  await clickLabel(page, 'tab-tags');
  assertEq((await state(page)).left.cloudKind, 'tag', 'an archive with tags shows them first');
  await clickLabel(page, 'cloud-kind-words');
  await until(page, () => window.stenogram.state().left.cloudList.length > 5, null, 'the archive\'s words');
  let s = await state(page);
  assertEq(s.left.cloudKind, 'words', 'the Words kind');
  const all = s.left.cloudList;
  for (const w of all) {
    assert(!/^\d+$/.test(w) && [...w].length > 1, 'no number or one-letter word: ' + w);
    assert(!['the', 'and', 'of', 'we', 'that', 'is'].includes(w.toLowerCase()), 'no stop word: ' + w);
  }
  // A click searches the word.
  const word = all[0];
  await clickLabel(page, 'tag-words-' + word);
  await until(page, (w) => window.stenogram.state().query === w && window.stenogram.state().resultCount >= 0, word, 'the word searched');
  s = await state(page);
  assert(s.resultCount > 0 && s.resultCount < 10, `searching "${word}" narrows the results: ${s.resultCount}`);
  await until(page, (w) => { const l = window.stenogram.state().left.cloudList; return l.length > 0 && !l.includes(w); }, word,
    'the words of the results (without the searched word itself)');
  s = await state(page);
  const narrowed = s.left.cloudList;
  assert(JSON.stringify(narrowed) !== JSON.stringify(all), 'the words change with the results');
  // Shift-click excludes another word.
  const other = narrowed.find((w) => /^[A-Za-z]+$/.test(w));
  const before = s.resultCount;
  await shiftClick(page, 'tag-words-' + other);
  await until(page, (q) => window.stenogram.state().query === q && window.stenogram.state().resultCount >= 0,
    `${word} NOT ${other}`, 'the word excluded');
  s = await state(page);
  assert(s.resultCount < before, `excluding "${other}" leaves fewer results: ${s.resultCount} < ${before}`);
  // Filters hold: the words of Russian-language documents only... the sample is English, so a
  // filter on a kind narrows them.
  await command(page, { type: 'search', text: '' });
  await command(page, { type: 'setFilters', filters: [{ facet: 'kind', value: 'interview' }] });
  await until(page, () => window.stenogram.state().left.cloudList.length > 0 && window.stenogram.state().filters.length === 1,
    null, 'words under a filter');
  s = await state(page);
  assert(JSON.stringify(s.left.cloudList) !== JSON.stringify(all), 'a filter changes the words');
  assertEq(consoleErrors, [], 'no console errors');
});

test('words: an archive without tags opens the cloud on its words', async (ctx) => {
  if (!haveResistinua) { console.log('  (skipped: ../shared/corpora/resistinua is absent)'); return; }
  const { page } = await openViewer(ctx, ctx.base + '?archive=fixtures/untagged.sqlite');
  await clickLabel(page, 'tab-tags');
  await until(page, () => window.stenogram.state().left.cloudKind === 'words' && window.stenogram.state().left.cloudList.length > 10,
    null, 'the Words kind by default');
  const s = await state(page);
  assert(s.left.cloudList.some((w) => /Ukrain/.test(w)), 'Ukraine is among the words of Ukrainian addresses: ' + s.left.cloudList.join(' '));
  await screenshotStats(page, 'reading-words-untagged');
});

test('contexts: one line per occurrence, sorted by clicks, paged, a click opens the occurrence, CSV', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  await search(page, 'OSCE');
  await clickLabel(page, 'view-contexts');
  await until(page, () => window.stenogram.state().contexts.count > 0, null, 'contexts of OSCE');
  let s = await state(page);
  assertEq(s.contexts.visible, true, 'the Contexts view is shown');
  assert(s.contexts.count >= s.resultCount, `at least one line per matching document: ${s.contexts.count} ≥ ${s.resultCount}`);
  assertEq(s.contexts.shown, Math.min(100, s.contexts.count), 'the first page');
  for (const l of s.contexts.lines) assert(/osce/i.test(l.match), 'the hit is OSCE: ' + l.match);
  const byDoc = s.contexts.lines.map((l) => l.doc);

  await clickLabel(page, 'contexts-sort-left');
  await until(page, () => window.stenogram.state().contexts.sort === 'left', null, 'sorted by the left word');
  s = await state(page);
  const leftWord = (l) => { const w = l.left.replace(/[…,.;:!?"()']/g, ' ').trim().split(/\s+/); return (w[w.length - 1] || '').toLowerCase(); };
  const lefts = s.contexts.lines.map(leftWord);
  assertEq(lefts, [...lefts].sort(), 'lines in order of the word left of the hit');

  await clickLabel(page, 'contexts-sort-right');
  await until(page, () => window.stenogram.state().contexts.sort === 'right', null, 'sorted by the right word');
  s = await state(page);
  const rightWord = (l) => (l.right.replace(/[…,.;:!?"()']/g, ' ').trim().split(/\s+/)[0] || '').toLowerCase();
  const rights = s.contexts.lines.map(rightWord);
  assertEq(rights, [...rights].sort(), 'lines in order of the word right of the hit');

  await clickLabel(page, 'contexts-sort-date');
  await until(page, () => window.stenogram.state().contexts.sort === 'date', null, 'sorted by date');
  s = await state(page);
  const dates = s.contexts.lines.map((l) => l.date);
  assertEq(dates, [...dates].sort(), 'lines in date order');

  await clickLabel(page, 'contexts-sort-document');
  await until(page, () => window.stenogram.state().contexts.sort === 'document', null, 'back to document order');
  s = await state(page);
  assertEq(s.contexts.lines.map((l) => l.doc), byDoc, 'the results\' order again');

  // A click opens the document at that occurrence: the reader's current hit is the line's.
  const pick = s.contexts.lines.findIndex((l, i) => i > 0 && l.hit > 0) >= 0
    ? s.contexts.lines.findIndex((l, i) => i > 0 && l.hit > 0) : 0;
  const line = s.contexts.lines[pick];
  await clickLabel(page, 'contexts-line-' + pick);
  await until(page, (l) => { const o = window.stenogram.state().openDocument; return o && o.id === l.doc && o.hitIndex === l.hit; },
    line, `document ${line.doc} open at hit ${line.hit}`);

  const [csv] = await Promise.all([page.waitForEvent('download'), clickLabel(page, 'contexts-csv')]);
  assertEq(csv.suggestedFilename(), 'stenogram-contexts.csv', 'CSV file name');
  const rows = (await (await csv.createReadStream()).toArray()).join('').split('\r\n').filter(Boolean);
  assertEq(rows[0], 'date,speaker,title,left,hit,right,document', 'CSV header');
  assertEq(rows.length - 1, s.contexts.count, 'one CSV row per line');

  // Limited to one speaker when the search is.
  await command(page, { type: 'setSpeaker', speaker: 'sergey lavrov' });
  const r = await command(page, { type: 'showContexts', sort: 'document' });
  assertEq(r.ok, true, 'showContexts: ' + JSON.stringify(r));
  assert(r.count > 0 && r.count < s.contexts.count, `fewer lines for one speaker: ${r.count} < ${s.contexts.count}`);
  for (const l of r.lines) assertEq(l.speaker, 'Sergey Lavrov', 'every line is the speaker\'s');
  const bad = await command(page, { type: 'showContexts', sort: 'size' });
  assertEq(bad.ok, false, 'an unknown order is refused');
  const hidden = await command(page, { type: 'hideContexts' });
  assertEq(hidden.ok, true, 'hideContexts: ' + JSON.stringify(hidden));
  assertEq((await page.evaluate(() => window.stenogram.state())).contexts.visible, false, 'the results are shown again');
  await command(page, { type: 'showContexts', sort: 'document' });
  await screenshotStats(page, 'reading-contexts-1280');
  assertEq(consoleErrors, [], 'no console errors');
});

test('contexts: pages of 100 lines with the total shown', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base + '?archive=fixtures/large.sqlite');
  const r0 = await command(page, { type: 'search', text: 'the' });
  assert(r0.ok, 'search');
  await clickLabel(page, 'view-contexts');
  await until(page, () => window.stenogram.state().contexts.count > 100, null, 'many lines');
  let s = await state(page);
  assertEq(s.contexts.shown, 100, 'a page is 100 lines');
  const total = s.contexts.count;
  const first = s.contexts.lines[0];
  await clickLabel(page, 'contexts-next');
  await until(page, () => window.stenogram.state().contexts.page === 1 && window.stenogram.state().contexts.shown > 0, null, 'the second page');
  s = await state(page);
  assertEq(s.contexts.count, total, 'the total stays');
  assert(JSON.stringify(s.contexts.lines[0]) !== JSON.stringify(first), 'other lines on the second page');
  assert(s.contexts.docsScanned <= s.contexts.docsTotal, 'documents read ≤ matching');
});

test('compare: searches as coloured series on the timeline, added by typing, removed by a click, in the link', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + '?archive=fixtures/meetings.sqlite');
  await until(page, () => window.stenogram.state().timeline && window.stenogram.state().timeline.documents > 0, null, 'the timeline');
  await addSeries(page, 'talks');
  await until(page, () => { const t = window.stenogram.state().timeline; return t.series.length === 1 && t.series[0].ready; }, null, 'one series');
  await addSeries(page, 'security');
  await until(page, () => { const t = window.stenogram.state().timeline; return t.series.length === 2 && t.series.every((x) => x.ready); }, null, 'two series');
  let s = await state(page);
  assertEq(s.timeline.series.map((x) => x.query), ['talks', 'security'], 'the series in order');
  assert(s.timeline.series[0].color !== s.timeline.series[1].color, 'each series has its colour');
  assert(s.timeline.series.every((x) => x.total > 0 && x.peak > 0 && x.bars > 0), 'each series has counts per bar: ' + JSON.stringify(s.timeline.series));
  const counts = s.timeline.series.map((x) => x.peak);
  await page.waitForFunction(() => /cmp=talks/.test(window.location.hash) && /cmp=security/.test(window.location.hash), null, { timeout: 5000 });
  const shot = await screenshotStats(page, 'reading-compare-1280');
  assert(shot.whole.colours > 20, 'the page is drawn');

  await clickLabel(page, 'compare-per-thousand');
  await until(page, () => window.stenogram.state().timeline.seriesScale === 'per1000', null, 'per 1,000 documents');
  s = await state(page);
  assert(s.timeline.series[0].peak > counts[0] && s.timeline.series[0].peak <= 1000, 'per 1,000 documents of a bar: ' + s.timeline.series[0].peak);
  await page.waitForFunction(() => /per=1000/.test(window.location.hash), null, { timeout: 5000 });

  await clickLabel(page, 'compare-series-0');
  await until(page, () => window.stenogram.state().timeline.series.length === 1, null, 'a click on the legend removes a series');
  assertEq((await state(page)).timeline.series[0].query, 'security', 'the other series stays');
  const r = await command(page, { type: 'compare', queries: ['a', 'b', 'c', 'd'] });
  assertEq(r.ok, false, 'at most three series');
  assertEq(consoleErrors, [], 'no console errors');

  // The link (and so the embed parameters) carries the comparison.
  const { page: linked } = await openViewer(ctx, ctx.base + '?archive=fixtures/meetings.sqlite&embed=1#cmp=talks&cmp=summit&per=1000');
  await until(linked, () => { const s = window.stenogram.state(); return s.compare.queries.length === 2 && s.compare.perThousand; }, null, 'the linked comparison');
  assertEq((await state(linked)).compare.queries, ['talks', 'summit'], 'the link\'s searches');
});

test('translations: side by side, both sides scroll together, one language, hits on each side', async (ctx) => {
  if (!haveResistinua) { console.log('  (skipped: ../shared/corpora/resistinua is absent)'); return; }
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + '?archive=fixtures/resistinua.sqlite');
  // The searches are given as commands here (typing is tested above; this test is about the reader).
  let s = await command(page, { type: 'search', text: 'corridors OR коридорів' });
  s = await state(page);
  assert(s.resultCount > 2, 'addresses about corridors in both languages: ' + s.resultCount);
  await clickLabel(page, 'result:0');
  await until(page, () => { const o = window.stenogram.state().openDocument; return o && o.translation && o.translation.hitsLeft > 0 && o.translation.hitsRight > 0; },
    null, 'a short address side by side, the hits on both sides');
  // A long address (document 165, "Today, everyone is gaining glory for Ukraine…"): many paragraphs.
  await command(page, { type: 'search', text: 'glory OR слава' });
  const opened = await command(page, { type: 'open', id: 165 });  // format 2 numbers documents by date
  assertEq(opened.ok, true, 'open: ' + JSON.stringify(opened));
  await until(page, () => { const o = window.stenogram.state().openDocument; return o && o.translation && o.translation.rows > 0; },
    null, 'the translation side by side');
  s = await state(page);
  const t = s.openDocument.translation;
  assert(t.id !== s.openDocument.id, 'the translation is another document');
  assertEq(t.mode, 'side-by-side', 'side by side by default');
  assertEq(t.language, 'uk', 'the Ukrainian translation beside the English address');
  assert(t.rows > 10, 'many aligned rows: ' + t.rows);
  await until(page, () => { const t = window.stenogram.state().openDocument.translation; return t.hitsLeft > 0 && t.hitsRight > 0; },
    null, 'hits highlighted on both sides (the search names a word of each language)');
  const shot = await screenshotStats(page, 'reading-translation-1280');
  assert(shot.whole.highlight > 50, 'hit highlights are drawn');

  // The wheel over either side scrolls both (one scroll region).
  const left = await locate(page, 'translation-left'), right = await locate(page, 'translation-right');
  assert(left && right && right.x > left.x, 'two columns');
  await page.mouse.move(left.cx, left.cy);
  await page.mouse.wheel(0, 400);
  await frames(page, 4);
  const afterLeft = (await state(page)).openDocument.translation;
  assert(afterLeft.scroll > 0, 'the wheel over the left side scrolls: ' + afterLeft.scroll);
  await page.mouse.move(right.cx, right.cy);
  await page.mouse.wheel(0, 400);
  await frames(page, 4);
  const afterRight = (await state(page)).openDocument.translation;
  assert(afterRight.scroll > afterLeft.scroll, `the wheel over the right side scrolls the same region: ${afterRight.scroll} > ${afterLeft.scroll}`);
  assert(afterRight.rowInView >= afterLeft.rowInView, 'rows move into view on both sides together');

  await clickLabel(page, 'translation-original');
  await until(page, () => window.stenogram.state().openDocument.translation === null, null, 'one language: the original');
  assert(!(await locate(page, 'translation-right')), 'no second column');
  await clickLabel(page, 'translation-other');
  await until(page, () => { const t = window.stenogram.state().openDocument.translation; return t && t.mode === 'translation'; },
    null, 'one language: the translation');
  await clickLabel(page, 'translation-both');
  await until(page, () => { const t = window.stenogram.state().openDocument.translation; return t && t.mode === 'side-by-side'; },
    null, 'side by side again');
  // The same by command (an intent to the reader); a wrong mode is refused.
  assertEq((await command(page, { type: 'translationMode', mode: 'translation' })).ok, true, 'translationMode');
  await until(page, () => { const t = window.stenogram.state().openDocument.translation; return t && t.mode === 'translation'; },
    null, 'the translation by command');
  assertEq((await command(page, { type: 'translationMode', mode: 'both' })).ok, false, 'an unknown mode is refused');
  await command(page, { type: 'translationMode', mode: 'side-by-side' });
  assertEq(consoleErrors, [], 'no console errors');

  // The phone layout.
  const { page: phone } = await openViewer(ctx, ctx.base + '?archive=fixtures/resistinua.sqlite', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await command(phone, { type: 'search', text: 'corridors' });
  await clickLabel(phone, 'result:0');
  await until(phone, () => { const o = window.stenogram.state().openDocument; return o && o.translation && o.translation.rows > 0; },
    null, 'side by side on a phone');
  await screenshotStats(phone, 'reading-translation-390');
});

test('screenshots: words, contexts and comparison at 390×844', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await command(page, { type: 'setLeftTab', tab: 'tags', kind: 'words' });
  await until(page, () => window.stenogram.state().left.cloudList.length > 3, null, 'words on a phone');
  await screenshotStats(page, 'reading-words-390');
  await command(page, { type: 'search', text: 'OSCE' });
  const r = await command(page, { type: 'showContexts', sort: 'left' });
  assert(r.ok && r.count > 0, 'contexts on a phone: ' + JSON.stringify(r));
  await frames(page, 4);
  await screenshotStats(page, 'reading-contexts-390');
  await command(page, { type: 'setTheme', theme: 'dark' });
  await frames(page, 3);
  await screenshotStats(page, 'reading-contexts-390-dark');
  await command(page, { type: 'setTheme', theme: 'light' });
  await frames(page, 2);
  const c = await command(page, { type: 'compare', queries: ['OSCE', 'Ukraine'] });
  assert(c.ok, 'compare: ' + JSON.stringify(c));
  await frames(page, 4);
  await screenshotStats(page, 'reading-compare-390');
  await command(page, { type: 'setLeftTab', tab: 'tags', kind: 'words' });
  await frames(page, 3);
  await screenshotStats(page, 'reading-words-1280-check');
});

test('contexts on a phone: the switch, sorting and opening an occurrence by taps; whole words at the edges', async (ctx) => {
  for (const theme of ['light', 'dark']) {
    const { page, consoleErrors } = await openViewer(ctx, ctx.base, { viewport: { width: 390, height: 844 }, hasTouch: true });
    await command(page, { type: 'setTheme', theme });
    await search(page, 'OSCE');
    await page.tap('canvas', { position: await locate(page, 'view-contexts').then((r) => ({ x: r.cx, y: r.cy })) });
    await until(page, () => window.stenogram.state().contexts.visible && window.stenogram.state().contexts.count > 0, null, 'the contexts on a phone');
    const sort = await locate(page, 'contexts-sort-right');
    assert(sort && sort.x + sort.width <= 390, 'the sort switch fits the phone: ' + JSON.stringify(sort));
    await page.tap('canvas', { position: { x: sort.cx, y: sort.cy } });
    await until(page, () => window.stenogram.state().contexts.sort === 'right', null, 'sorted by the right word');
    const s = (await state(page)).contexts;
    const line = await locate(page, 'contexts-line-0');
    assert(line && line.width <= 390, 'a line fits the phone: ' + JSON.stringify(line));
    await screenshotStats(page, `reading-contexts-phone-${theme}`);
    await page.tap('canvas', { position: { x: line.cx, y: line.cy } });
    await until(page, (d) => (window.stenogram.state().openDocument || {}).id === d, s.lines[0].doc, 'the tapped occurrence opens');
    assert(await locate(page, 'phone-back'), 'the reader takes the screen, with Back');
    assertEq(consoleErrors, [], 'console errors');
  }
});
