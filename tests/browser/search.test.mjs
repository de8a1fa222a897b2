// search.test.mjs: searching, filtering and reading with real keyboard and mouse input: typed
// queries with highlighted snippets, opening a result at its first hit, hit navigation, facets,
// the speaker limit, a Russian word form, copying a citation, export, and screenshots at desktop
// and phone sizes.
import { test, openViewer, clickLabel, frames, screenshotStats, assert, assertEq, typeQuery } from './harness.mjs';

const RUSSIAN = 'fixtures/russian.sqlite';

const state = (page) => page.evaluate(() => window.stenogram.state());
const locate = (page, label) => page.evaluate((l) => window.stenogram.locate(l), label);

// Pixels of the hit highlight colour (warm yellow) in a region of a fresh screenshot.
async function highlightPixels(page, name, region) {
  return (await screenshotStats(page, name, region)).region.highlight;
}

test('typing a query shows ranked results with highlighted snippets; a click opens the first hit', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  const all = (await state(page)).resultCount;
  assertEq(all, 10, 'every document is listed before a search');
  const s = await typeQuery(page, 'security');
  assert(s.resultCount > 0 && s.resultCount < all, `a search narrows the list: ${s.resultCount} of ${all}`);
  assertEq(s.queryError, null, 'no query error');
  const row = await locate(page, 'result:0');
  assert(row && row.height > 60, 'the first result row is drawn with room for a snippet: ' + JSON.stringify(row));
  const marked = await highlightPixels(page, 'search-results-1280', { x: row.x, y: row.y, width: row.width, height: row.height });
  assert(marked > 30, `the snippet of the first result shows a highlighted hit (${marked} highlight pixels)`);
  await clickLabel(page, 'result:0');
  await page.mouse.move(5, 795);  // no tooltip over the reader
  await frames(page, 3);
  const open = await state(page);
  assert(open.openDocument, 'the clicked result is open');
  assert(open.openDocument.hitCount >= 1, 'the reader counts the hits: ' + open.openDocument.hitCount);
  assertEq(open.openDocument.hitIndex, 0, 'the first hit is current');
  const body = await locate(page, 'transcript-body');
  const inReader = await highlightPixels(page, 'search-open-1280', { x: body.x, y: 90, width: body.width, height: 680 });
  assert(inReader > 30, `the hit is highlighted in the transcript (${inReader} highlight pixels)`);
  assertEq(consoleErrors.filter((e) => /RuntimeError|Abort/.test(e)), [], 'script errors');
});

test('a Russian query finds another word form and the reader scrolls to the first hit; next/previous hit move', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base + '?archive=' + RUSSIAN);
  const s = await typeQuery(page, 'переговоры');
  assertEq(s.resultCount, 3, 'переговоры also finds переговорах, переговоров');
  // Open the long press conference, whose hits are at its end.
  const titles = [];
  for (let i = 0; i < 3; i++) {
    await clickLabel(page, 'result:' + i);
    const st = await state(page);
    titles.push(st.openDocument.title);
    if (/Пресс-конференция/.test(st.openDocument.title)) break;
  }
  await page.waitForFunction(() => { window.stenogram.wake(); return window.stenogram.state().openDocument.hitCount >= 0; }, null, { timeout: 10000 });
  const open = await state(page);
  assert(/Пресс-конференция/.test(open.openDocument.title), 'the press conference is among the results: ' + titles);
  assert(open.openDocument.hitCount >= 3, 'several hits in the long transcript: ' + open.openDocument.hitCount);
  await frames(page, 3);
  const body = await locate(page, 'transcript-body');
  const toolbar = await locate(page, 'hit-next');
  assert(body.y < toolbar.y - 200, `the reader scrolled down to the first hit (body top ${body.y}, toolbar ${toolbar.y})`);
  const shown = await highlightPixels(page, 'search-russian-first-hit', { x: body.x, y: toolbar.y + 40, width: body.width, height: 800 - toolbar.y - 60 });
  assert(shown > 30, `the first hit is visible after the scroll (${shown} highlight pixels)`);
  await clickLabel(page, 'hit-next');
  assertEq((await state(page)).openDocument.hitIndex, 1, 'next hit');
  const moved = await locate(page, 'transcript-body');
  await clickLabel(page, 'hit-next');
  assertEq((await state(page)).openDocument.hitIndex, 2, 'next hit again');
  await clickLabel(page, 'hit-prev');
  assertEq((await state(page)).openDocument.hitIndex, 1, 'previous hit');
  assert(moved.y <= body.y, 'moving to a later hit does not scroll back up');
  const api = await page.evaluate(() => window.stenogram.command({ type: 'prevHit' }));
  assertEq(api.ok, true, 'prevHit command');
  await frames(page, 2);
  assertEq((await state(page)).openDocument.hitIndex, 0, 'prevHit through the API');
});

test('clicking a facet filters the results, shift-click excludes, chips remove filters', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  const before = await state(page);
  await clickLabel(page, 'facet:kind:interview');
  let s = await state(page);
  assertEq(s.filters.map((f) => [f.facet, f.value, f.exclude]), [['kind', 'interview', false]], 'a kind filter was added');
  assertEq(s.resultCount, 2, 'only the interviews are left');
  assert(s.resultCount < before.resultCount, 'the count dropped');
  const chip = await locate(page, 'chip:0');
  assert(chip && chip.width > 40, 'the filter shows as a chip');
  assert(await locate(page, 'facet:kind:speech'), 'other kinds stay listed (their own facet ignores the filter)');
  await clickLabel(page, 'chip:0');
  s = await state(page);
  assertEq(s.filters, [], 'the chip removed the filter');
  assertEq(s.resultCount, before.resultCount, 'all results are back');
  await page.keyboard.down('Shift');
  await clickLabel(page, 'facet:kind:interview');
  await page.keyboard.up('Shift');
  s = await state(page);
  assertEq(s.filters.map((f) => [f.facet, f.value, f.exclude]), [['kind', 'interview', true]], 'shift-click excludes');
  assertEq(s.resultCount, before.resultCount - 2, 'the interviews are left out');
  await clickLabel(page, 'clear-filters');
  assertEq((await state(page)).filters, [], 'clear all');
});

test('limiting the search to one speaker changes the counts', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base + '?archive=' + RUSSIAN);
  const anyone = await typeQuery(page, 'переговоры');
  await clickLabel(page, 'speaker-select');
  await clickLabel(page, 'speaker:question');
  const questions = await state(page);
  assertEq(questions.speaker, 'question', 'limited to the questions');
  assert(questions.resultCount < anyone.resultCount, `fewer documents in the questions (${questions.resultCount} < ${anyone.resultCount})`);
  assertEq(questions.resultCount, 2, 'two documents ask about negotiations');
  await clickLabel(page, 'result:0');
  await page.waitForFunction(() => { window.stenogram.wake(); const d = window.stenogram.state().openDocument; return d && d.hitCount >= 0; }, null, { timeout: 10000 });
  const open = await state(page);
  assert(open.openDocument.hitCount >= 1, 'hits only in the questions: ' + open.openDocument.hitCount);
  const ok = await page.evaluate(() => window.stenogram.command({ type: 'setSpeaker', speaker: '' }));
  assertEq(ok.resultCount, anyone.resultCount, 'anyone again');
});

test('a malformed query gets a friendly message', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  const s = await typeQuery(page, '"peace talks');
  assert(s.queryError && /quotation mark/.test(s.queryError), 'friendly message: ' + s.queryError);
  assert(!/fts5|syntax error|sqlite/i.test(s.queryError), 'no SQLite wording');
  assert(await locate(page, 'search-error'), 'the message is drawn');
});

test('copy citation puts title, date, place and link on the clipboard', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base + '?archive=' + RUSSIAN, { permissions: ['clipboard-read', 'clipboard-write'] });
  await typeQuery(page, 'итогам');
  await clickLabel(page, 'result:0');
  await clickLabel(page, 'copy-citation');
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).length > 0, null, { timeout: 5000 });
  const text = await page.evaluate(() => navigator.clipboard.readText());
  assertEq(text, 'Пресс-конференция по итогам года. Москва, 21 January 2015. https://example.org/ru-3', 'citation');
});

test('results export as CSV and the transcript as Markdown, downloaded by the browser', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  await typeQuery(page, 'OSCE');
  await clickLabel(page, 'export-results');
  const [csv] = await Promise.all([page.waitForEvent('download'), clickLabel(page, 'export-csv')]);
  assertEq(csv.suggestedFilename(), 'stenogram-results.csv', 'CSV file name');
  const rows = (await (await csv.createReadStream()).toArray()).join('').split('\r\n').filter(Boolean);
  assertEq(rows[0], 'id,date,title,kind,place,section,language,url', 'CSV header');
  assertEq(rows.length - 1, (await state(page)).resultCount, 'one CSV row per result');
  await clickLabel(page, 'result:0');
  await clickLabel(page, 'export-document');
  const [md] = await Promise.all([page.waitForEvent('download'), clickLabel(page, 'export-md')]);
  assert(/\.md$/.test(md.suggestedFilename()), 'Markdown file name: ' + md.suggestedFilename());
  const text = (await (await md.createReadStream()).toArray()).join('');
  assert(text.startsWith('# '), 'Markdown starts with the title');
});

test('screenshots: search, facets and reader at 1280×800 and 390×844', async (ctx) => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const { page } = await openViewer(ctx, ctx.base, { viewport: { width: w, height: h } });
    await screenshotStats(page, `search-empty-${w}`);
    await typeQuery(page, 'Ukraine');
    await clickLabel(page, 'result:0');
    await page.mouse.move(1, h - 1);
    await frames(page, 3);
    const shot = await screenshotStats(page, `search-reading-${w}`);
    assert(shot.whole.ink > 3000, 'text is drawn');
    if (w < 600) {
      await clickLabel(page, 'phone-back');  // the reader takes the phone's screen: back to the results
      await clickLabel(page, 'tab-filters');
      await screenshotStats(page, `search-filters-${w}`);
      await clickLabel(page, 'facet:kind:interview');
      await clickLabel(page, 'tab-results');
      await screenshotStats(page, `search-filtered-${w}`);
      assertEq((await state(page)).filters.length, 1, 'a filter set on the phone');
    }
  }
});
