// overview.test.mjs: the left column's Tags and Months tabs with real mouse and keyboard input:
// the tag cloud (click filters, shift-click excludes, a click on a chosen word removes it, the
// filter box, the kind switch, hover counts), the month archive (counts follow a search, a click
// filters to a month, shift-click excludes it), the phone switch, and screenshots at 1280×800
// and 390×844.
import { test, openViewer, clickLabel, frames, screenshotStats, assert, assertEq, typeInto, typeQuery } from './harness.mjs';

const state = (page) => page.evaluate(() => window.stenogram.state());
const locate = (page, label) => page.evaluate((l) => window.stenogram.locate(l), label);
const filters = (s) => s.filters.map((f) => [f.facet, f.value, f.exclude]);
const sum = (counts) => Object.values(counts).reduce((a, b) => a + b, 0);

async function shiftClick(page, label) {
  await page.keyboard.down('Shift');
  await clickLabel(page, label);
  await page.keyboard.up('Shift');
  await frames(page, 2);
}

test('tag cloud: click filters, shift-click excludes, a chosen word is removed by a click, counts on hover', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  assertEq((await state(page)).left.tab, 'filters', 'the Filters tab is the default');
  assert(!(await locate(page, 'tag-tag-OSCE')), 'no cloud before the Tags tab is chosen');
  await clickLabel(page, 'tab-tags');
  let s = await state(page);
  assertEq(s.left.tab, 'tags', 'the Tags tab is chosen');
  assertEq(s.left.cloudKind, 'tag', 'the cloud shows topics (tags) first');
  const allWords = s.left.cloudWords;
  assert(allWords >= 15, 'every tag of the sample is in the cloud: ' + allWords);
  const all = s.resultCount;
  // The most frequent tag is drawn larger than a tag named once.
  const osce = await locate(page, 'tag-tag-OSCE');
  const once = await locate(page, 'tag-tag-terrorism');
  assert(osce && once && osce.height > once.height * 1.3, `OSCE (4 documents) is larger than terrorism (1): ${osce && osce.height} vs ${once && once.height}`);

  await page.mouse.move(osce.cx, osce.cy);
  await frames(page, 3);
  const hover = (await state(page)).left.cloudHover;
  assertEq(hover && [hover.value, hover.count], ['OSCE', 4], 'hovering a word shows its count');

  await shiftClick(page, 'tag-tag-Ukraine');
  s = await state(page);
  assertEq(filters(s), [['tag', 'Ukraine', true]], 'shift-click excludes');
  assertEq(s.resultCount, all - 2, 'the two documents tagged Ukraine are left out');
  assert(await locate(page, 'tag-tag-Ukraine'), 'the excluded word stays in the cloud, so it can be clicked again');

  await clickLabel(page, 'tag-tag-OSCE');
  s = await state(page);
  assertEq(filters(s), [['tag', 'Ukraine', true], ['tag', 'OSCE', false]], 'a click adds a filter');
  assert(s.resultCount > 0 && s.resultCount <= 4, 'only documents tagged OSCE (and not Ukraine): ' + s.resultCount);
  assert(s.left.cloudWords < allWords, `the cloud narrows to the tags of those documents (${s.left.cloudWords} < ${allWords})`);

  await clickLabel(page, 'tag-tag-OSCE');
  s = await state(page);
  assertEq(filters(s), [['tag', 'Ukraine', true]], 'a click on a chosen word removes its filter');
  assertEq(s.resultCount, all - 2, 'back to all but the excluded');
  await clickLabel(page, 'tag-tag-Ukraine');
  s = await state(page);
  assertEq(filters(s), [], 'a click on the excluded word removes the exclusion');
  assertEq(s.resultCount, all, 'every document again');
  assertEq(s.left.cloudWords, allWords, 'the whole cloud again');
  assertEq(consoleErrors.filter((e) => /RuntimeError|Abort/.test(e)), [], 'script errors');
});

test('tag cloud: the filter box narrows the words, the switch shows people and countries, sort by name', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  await clickLabel(page, 'tab-tags');
  const allWords = (await state(page)).left.cloudWords;
  await typeInto(page, 'cloud-filter', 'secur');
  await page.waitForFunction(() => window.stenogram.state().left.cloudFilter === 'secur', null, { timeout: 10000 });
  await frames(page, 2);
  let s = await state(page);
  assert(s.left.cloudWords > 0 && s.left.cloudWords < allWords, `typing narrows the cloud (${s.left.cloudWords} of ${allWords})`);
  assert(await locate(page, 'tag-tag-collective security'), 'a matching word is shown');
  assert(!(await locate(page, 'tag-tag-OSCE')), 'a word without "secur" is not');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => window.stenogram.state().left.cloudFilter === '', null, { timeout: 10000 });
  await frames(page, 2);
  assertEq((await state(page)).left.cloudWords, allWords, 'an empty box shows every word again');

  await clickLabel(page, 'cloud-kind-person');
  s = await state(page);
  assertEq(s.left.cloudKind, 'person', 'the switch chose people');
  assert(await locate(page, 'tag-person-John Kerry'), 'people are in the cloud');
  assert(!(await locate(page, 'tag-tag-OSCE')), 'tags are not');
  await clickLabel(page, 'tag-person-John Kerry');
  s = await state(page);
  assertEq(filters(s), [['person', 'John Kerry', false]], 'a person filter');
  assertEq(s.resultCount, 1, 'the one meeting with Kerry');
  await clickLabel(page, 'tag-person-John Kerry');

  await clickLabel(page, 'cloud-kind-country');
  assertEq((await state(page)).left.cloudKind, 'country', 'the switch chose countries');
  const russia = await locate(page, 'tag-country-Russia');
  const belgium = await locate(page, 'tag-country-Belgium');
  assert(russia && belgium, 'countries are in the cloud');
  await clickLabel(page, 'cloud-sort-name');
  await frames(page, 2);
  assertEq((await state(page)).left.cloudSort, 'name', 'sorted by name');
  const b2 = await locate(page, 'tag-country-Belgium'), r2 = await locate(page, 'tag-country-Russia');
  assert(b2.y < r2.y || (b2.y === r2.y && b2.x < r2.x), 'by name, Belgium comes before Russia');
  const api = await page.evaluate(() => window.stenogram.command({ type: 'setLeftTab', tab: 'months' }));
  assertEq(api.ok, true, 'setLeftTab command');
  await frames(page, 2);
  assertEq((await state(page)).left.tab, 'months', 'the command switched the tab');
});

test('month archive: counts follow a search; a click filters to a month, shift-click excludes it', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  await clickLabel(page, 'tab-months');
  let s = await state(page);
  assertEq(s.left.tab, 'months', 'the Months tab is chosen');
  assertEq(s.left.monthCounts, { '2014-08': 1, '2014-09': 1, '2014-11': 1, '2014-12': 3 }, 'documents per month');
  const dec = await locate(page, 'month-2014-12'), aug = await locate(page, 'month-2014-08');
  assert(dec && aug && dec.y < aug.y, 'the newest month is listed first');
  assert(await locate(page, 'year-2014'), 'under its year');

  s = await typeQuery(page, 'OSCE');
  const counts = s.left.monthCounts;
  assert(sum(counts) > 0 && sum(counts) < 6, 'a search changes the month counts: ' + JSON.stringify(counts));
  const december = counts['2014-12'];
  assert(december >= 1, 'December has OSCE documents');
  const found = s.resultCount;

  await clickLabel(page, 'month-2014-12');
  s = await state(page);
  assertEq(filters(s), [['month', '2014-12', false]], 'a click filters to the month');
  assertEq(s.resultCount, december, 'only that month\'s matches are left');
  assertEq(s.left.monthCounts, counts, 'the other months stay listed with their counts');
  await clickLabel(page, 'month-2014-12');
  s = await state(page);
  assertEq(filters(s), [], 'a second click removes the month filter');
  assertEq(s.resultCount, found, 'all matches again');

  await shiftClick(page, 'month-2014-12');
  s = await state(page);
  assertEq(filters(s), [['month', '2014-12', true]], 'shift-click excludes the month');
  assertEq(s.resultCount, found - december, 'that month\'s matches are left out');

  await clickLabel(page, 'year-2014');
  await frames(page, 2);
  assert(!(await locate(page, 'month-2014-12')), 'a click on the year folds its months');
  await page.waitForTimeout(400);  // not a double-click
  await clickLabel(page, 'year-2014');
  await frames(page, 2);
  assert(await locate(page, 'month-2014-12'), 'and a second click opens them');
});

test('phone: the switch reaches Tags and Months; screenshots of the overview at 1280×800 and 390×844', async (ctx) => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    const { page } = await openViewer(ctx, ctx.base, { viewport: { width: w, height: h } });
    await clickLabel(page, 'tab-tags');
    let s = await state(page);
    assertEq(s.left.tab, 'tags', 'Tags tab at ' + w);
    if (w < 600) {
      assertEq(s.left.compactShown, true, 'on the phone the cloud takes the results\' place');
      assert(!(await locate(page, 'result:0')), 'the results are hidden behind the switch');
    }
    await clickLabel(page, 'tag-tag-OSCE');
    await shiftClick(page, 'tag-tag-Minsk protocol');
    await page.mouse.move(1, h - 1);
    await frames(page, 3);
    const word = await locate(page, 'tag-tag-OSCE');
    const cloud = await screenshotStats(page, `overview-tags-${w}`, word);
    assert(cloud.region.ink > 40, `the chosen word is drawn where it is located (${cloud.region.ink} ink pixels)`);
    s = await state(page);
    assertEq(filters(s).length, 2, 'two tag filters at ' + w);
    await clickLabel(page, 'tab-months');
    assert(await locate(page, 'month-2014-12'), 'the month archive is drawn at ' + w);
    await clickLabel(page, 'month-2014-12');
    await page.mouse.move(1, h - 1);
    await frames(page, 3);
    await screenshotStats(page, `overview-months-${w}`);
    const filtered = (await state(page)).resultCount;
    if (w < 600) {
      await clickLabel(page, 'tab-results');
      s = await state(page);
      assertEq(s.left.compactShown, false, 'back to the results');
      assert(await locate(page, 'result:0'), 'the filtered results are listed');
      assertEq(s.resultCount, filtered, 'with the filters set on the other tabs');
    }
  }
});
