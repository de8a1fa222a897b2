// reader-more.test.mjs: the rest of the reader for everyone (issue 15) and of reading (issue 18),
// with real input: the keyboard in the left column (arrows, Home/End, Enter/Space, Shift+Enter in
// the filters, the tag cloud and the months, through the tabs; a focus ring; checked through
// state() and the accessibility tree); a flick on the results list on a touch screen glides on;
// Hebrew and Arabic drawn with real glyphs on the canvas (their font fetched only when an archive
// needs it, never for the first frame) while copies keep the logical order; letters past the first
// font atlas (ș, ǅ, Kazakh Қ, combining marks) drawn once typed or linked; Markdown emphasis in
// stored text drawn bold without its markers (copies and the text layer without them, the export
// exact). Screenshots: test-artifacts/reader-more-*.png.
import { test, openViewer, frames, clickLabel, typeInto, screenshotStats, assert, assertEq } from './harness.mjs';

const state = (page) => page.evaluate(() => window.stenogram.state());
const locate = (page, label) => page.evaluate((l) => window.stenogram.locate(l), label);
const command = (page, c) => page.evaluate((x) => window.stenogram.command(x), c);
const cursor = async (page) => (await state(page)).left.cursor;
const CLIPBOARD = ['clipboard-read', 'clipboard-write'];
const RTL_LINE = 'We spoke about Jerusalem, \u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd in Hebrew and ' +
  '\u0627\u0644\u0642\u062f\u0633 in Arabic, and about peace: \u05e9\u05dc\u05d5\u05dd, \u0633\u0644\u0627\u0645.';

async function key(page, k, n = 1) {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(k);
    await frames(page, 2);
  }
  await frames(page, 2);
}

// The accessibility tree's focused node: its role and name.
async function focusedNode(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const f = nodes.filter((n) => !n.ignored && n.role && n.role.value !== 'RootWebArea' &&
    (n.properties || []).some((p) => p.name === 'focused' && p.value.value)).pop();
  return f ? { role: f.role && f.role.value, name: (f.name && f.name.value) || '' } : null;
}

async function until(page, fn, arg, what, timeout = 20000) {
  try {
    await page.waitForFunction(fn, arg, { timeout });
  } catch (e) {
    throw new Error(`${what}: not reached; state ${JSON.stringify((await state(page)).left)}`);
  }
  await frames(page, 2);
}

test('left column keys: arrows, Home/End and Enter in the filters, the tag cloud and the months, with a ring', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  await frames(page, 3);
  await key(page, 'Tab', 2);
  assertEq((await state(page)).reader.focus, 'filters', 'Tab, Tab: the filters have the keyboard');
  let c = await cursor(page);
  assert(c.keyboard && !c.onTabs && c.at === 0 && /^Kind: /.test(c.item), 'the cursor starts on the first kind: ' + JSON.stringify(c));
  assertEq(await page.evaluate(() => document.activeElement.id), 'stn-left-0', 'DOM focus on the first item');
  await key(page, 'ArrowDown', 2);
  c = await cursor(page);
  assertEq(c.at, 2, '↓↓: the third item');
  const ax = await focusedNode(page);
  assert(ax && ax.role === 'option' && ax.name === c.item, 'the accessibility tree focuses the same item: ' + JSON.stringify(ax) + ' / ' + c.item);
  await screenshotStats(page, 'reader-more-filters-ring');
  // Enter applies the value; Enter again removes it; Shift+Enter excludes it.
  const value = c.item.replace(/^Kind: /, '').replace(/, \d+ documents?$/, '');
  await key(page, 'Enter');
  await until(page, (v) => window.stenogram.state().filters.some((f) => f.facet === 'kind' && !f.exclude), value, 'Enter filters by the kind');
  const f1 = (await state(page)).filters;
  assertEq(f1.length, 1, 'one filter');
  assert((await cursor(page)).chosen, 'the item is chosen');
  assertEq(await page.evaluate(() => document.getElementById('stn-left-2').getAttribute('aria-selected')), 'true', 'aria-selected');
  await key(page, 'Enter');
  await until(page, () => window.stenogram.state().filters.length === 0, null, 'Enter again removes it');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Shift');
  await until(page, () => window.stenogram.state().filters.some((f) => f.exclude), null, 'Shift+Enter excludes it');
  await key(page, ' ');
  await until(page, () => window.stenogram.state().filters.length === 0, null, 'Space removes it');
  // End and Home; the items outnumber the panel: End scrolls the last one into view.
  await key(page, 'End');
  c = await cursor(page);
  assertEq(c.at, c.count - 1, 'End: the last item');
  await key(page, 'Home');
  assertEq((await cursor(page)).at, 0, 'Home: the first item');
  // ↑ from the first item: the tabs; → switches to Tags; ↓ enters the cloud at its kind switch.
  await key(page, 'ArrowUp');
  assert((await cursor(page)).onTabs, '↑ from the first item reaches the tabs');
  assertEq(await page.evaluate(() => document.activeElement.id), 'stn-tab-filters', 'DOM focus on the Filters tab');
  await key(page, 'ArrowRight');
  assertEq((await state(page)).left.tab, 'tags', '→ on the tabs: Tags');
  await key(page, 'ArrowDown');
  c = await cursor(page);
  assert(!c.onTabs && c.at === 0 && /^Show in the cloud: /.test(c.item), '↓: the kind switch: ' + JSON.stringify(c));
  const kind0 = (await state(page)).left.cloudKind;
  await key(page, 'ArrowRight');
  const kind1 = (await state(page)).left.cloudKind;
  assert(kind1 !== kind0, `→ on the kind switch changes the kind (${kind0} → ${kind1})`);
  await key(page, 'ArrowLeft');
  assertEq((await state(page)).left.cloudKind, kind0, '← changes it back');
  await until(page, () => window.stenogram.state().left.cloudWords > 3, null, 'the cloud has words');
  await key(page, 'ArrowDown');
  c = await cursor(page);
  assertEq(c.at, 1, '↓: the first word');
  await key(page, 'ArrowRight');
  assertEq((await cursor(page)).at, 2, '→: the next word');
  await key(page, 'ArrowDown');
  const below = await cursor(page);
  assert(below.at > 2, '↓: a word of the next line: ' + JSON.stringify(below));
  await key(page, 'ArrowUp');
  assert((await cursor(page)).at <= 2 && (await cursor(page)).at >= 1, '↑: back to the line above');
  await screenshotStats(page, 'reader-more-cloud-ring');
  c = await cursor(page);
  const word = c.item.replace(/, \d+ documents?$/, '').replace(/, searched$/, '');
  await key(page, 'Enter');
  await until(page, (w) => { const s = window.stenogram.state(); return s.filters.some((f) => f.value.toLowerCase() === w.toLowerCase()) || s.query.toLowerCase().includes(w.toLowerCase()); },
    word, 'Enter on a word filters by it (or searches it)');
  const ax2 = await focusedNode(page);
  assert(ax2 && ax2.role === 'option' && ax2.name.startsWith(word), 'the tree follows into the cloud: ' + JSON.stringify(ax2));
  // The months: ↑ to the tabs, → Months, ↓ the newest year, ↓ its newest month, Enter filters.
  await key(page, 'ArrowUp', 3);
  assert((await cursor(page)).onTabs, 'back on the tabs');
  await key(page, 'ArrowRight');
  assertEq((await state(page)).left.tab, 'months', '→: Months');
  await page.evaluate(() => window.stenogram.command({ type: 'setFilters', filters: [] }));
  await command(page, { type: 'search', text: '' });
  await until(page, () => window.stenogram.state().left.months > 0, null, 'months are listed');
  await key(page, 'ArrowDown');
  c = await cursor(page);
  assert(/^\d{4}, \d+ documents, open$/.test(c.item), 'the first item is the newest year, open: ' + c.item);
  const openCount = c.count;
  await key(page, 'ArrowDown');
  c = await cursor(page);
  const month = c.item;
  await key(page, 'Enter');
  await until(page, () => window.stenogram.state().filters.some((f) => f.facet === 'month'), null, 'Enter filters by the month');
  assert(/^[A-Z][a-z]+ \d{4}, \d+ documents?$/.test(month), 'a month item says its name and count: ' + month);
  await key(page, 'ArrowLeft');
  c = await cursor(page);
  assert(/, open$/.test(c.item), '← on a month: its year: ' + c.item);
  await key(page, 'ArrowLeft');
  c = await cursor(page);
  assert(/, folded$/.test(c.item) && c.count < openCount, `← on an open year folds it (${openCount} → ${c.count} items)`);
  await key(page, 'ArrowRight');
  assert(/, open$/.test((await cursor(page)).item), '→ opens it again');
  await screenshotStats(page, 'reader-more-months-ring');
  await command(page, { type: 'setTheme', theme: 'dark' });
  await frames(page, 3);
  await screenshotStats(page, 'reader-more-months-ring-dark');
  // A click puts the ring away (it is for the keyboard), Tab leaves the column.
  await key(page, 'Tab');
  assertEq((await state(page)).reader.focus, 'search', 'Tab: on to the search box');
  assertEq(consoleErrors, [], 'console errors');
});

test('left column keys on a phone: the switch is the tabs, the lists take the keys', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base, { viewport: { width: 390, height: 844 } });
  await frames(page, 3);
  await key(page, 'Tab', 2);
  assertEq((await state(page)).reader.focus, 'filters', 'Tab, Tab: the filters');
  let c = await cursor(page);
  assert(c.keyboard && /^Kind: /.test(c.item), 'the filters list has the keys: ' + JSON.stringify(c));
  await key(page, 'ArrowDown');
  await key(page, 'Enter');
  await until(page, () => window.stenogram.state().filters.length === 1, null, 'Enter filters on a phone');
  await key(page, 'Enter');
  await until(page, () => window.stenogram.state().filters.length === 0, null, 'Enter again removes the filter');
  await key(page, 'ArrowUp', 2);
  assert((await cursor(page)).onTabs, 'the switch');
  await key(page, 'ArrowRight', 2);
  assertEq((await state(page)).left.tab, 'months', '→→: Months');
  await key(page, 'ArrowDown', 2);
  c = await cursor(page);
  assert(/ documents?$/.test(c.item), 'a month: ' + JSON.stringify(c) + ' ' + JSON.stringify((await state(page)).left));
  await screenshotStats(page, 'reader-more-phone-months-ring');
  await key(page, 'ArrowUp', 2);
  await key(page, 'ArrowLeft', 3);
  assert(!(await state(page)).left.compactShown && (await locate(page, 'result:0')), '← past Filters: the results again');
  assertEq(consoleErrors, [], 'console errors');
});

async function touch(page, cdp, type, points) {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  await frames(page, 1);
}

// The first result row drawn (the list draws only the rows in view) and its top.
const firstRow = (page) => page.evaluate(() => {
  for (let i = 0; i < 3000; i++) {
    const r = window.stenogram.locate('result:' + i);
    if (r) return { i, y: r.y };
  }
  return null;
});

test('touch: a flick on the results list scrolls it and it glides on after the finger lifts', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + '?archive=fixtures/meetings.sqlite',
    { viewport: { width: 390, height: 844 }, hasTouch: true });
  const cdp = await page.context().newCDPSession(page);
  await frames(page, 3);
  const row0 = await locate(page, 'result:0');
  assert(row0, 'the results are listed');
  // A flick: the finger moves fast (several moves within a frame) and lifts right after the last.
  // On a loaded machine a frame may pass without moves before the lift (a finger at rest: no glide
  // by design), so the flick is tried up to three times.
  const flick = async () => {
    const start = await firstRow(page);
    const cx = 200, cy = 700;
    await touch(page, cdp, 'touchStart', [[cx, cy]]);
    await touch(page, cdp, 'touchMove', [[cx, cy - 20]]);
    for (let i = 1; i <= 3; i++) {
      for (let k = 1; k <= 3; k++)
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: cx, y: cy - 20 - 40 * (3 * (i - 1) + k), id: 0 }] });
      if (i < 3) await frames(page, 1);
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const lifted = await firstRow(page);
    await frames(page, 12);
    const glided = await firstRow(page);
    return { start, lifted, glided };
  };
  let f;
  for (let attempt = 0; attempt < 3; attempt++) {
    f = await flick();
    assert(f.lifted.i > f.start.i || f.lifted.y < f.start.y - 150, `the finger scrolls the list (${JSON.stringify(f.start)} → ${JSON.stringify(f.lifted)})`);
    if (f.glided.i > f.lifted.i || f.glided.y < f.lifted.y - 20) break;
  }
  assert(f.glided.i > f.lifted.i || f.glided.y < f.lifted.y - 20,
    `and it glides on after the finger lifts (${JSON.stringify(f.lifted)} → ${JSON.stringify(f.glided)})`);
  assert(!(await state(page)).openDocument, 'a flick opens nothing');
  await cdp.detach();
  assertEq(consoleErrors, [], 'console errors');
});

test('Hebrew and Arabic: real glyphs on the canvas, their font fetched only when needed; copies in logical order', async (ctx) => {
  // A Latin archive's first frames fetch no Hebrew or Arabic font.
  const fonts = [];
  const first = await openViewer(ctx, ctx.base);
  first.page.on('request', (r) => { if (/fonts\//.test(r.url())) fonts.push(r.url()); });
  await frames(first.page, 10);
  const entries = await first.page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /fonts\//.test(n)));
  assert(entries.some((n) => /NotoSans-Regular/.test(n)), 'the text font was loaded: ' + entries);
  assert(!entries.concat(fonts).some((n) => /Hebrew|Arabic/.test(n)), 'no Hebrew or Arabic font for a Latin archive: ' + entries);
  const sf = (await state(first.page)).scriptFonts;
  assertEq([sf.requested, sf.hebrew, sf.arabic], [false, false, false], 'none asked for');
  // The archive with Hebrew and Arabic runs: the fonts arrive once its text is drawn.
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + '?archive=fixtures/reader.sqlite', { permissions: CLIPBOARD });
  await command(page, { type: 'open', id: 2 });
  await until(page, () => { const f = window.stenogram.state().scriptFonts; return f.hebrew && f.arabic; }, null, 'the Hebrew and Arabic fonts load');
  await frames(page, 4);
  const g = await command(page, { type: 'glyphs', text: RTL_LINE });
  assert(g.ok, 'glyphs: ' + JSON.stringify(g));
  assertEq(g.missing, [], 'every character of the line has a glyph on the canvas');
  // Drawn in visual order: each Hebrew word reversed in place, the Arabic joined (presentation forms).
  assert(g.shown.includes('\u05dd\u05d5\u05dc\u05e9'), 'שלום is drawn right to left: ' + g.shown);
  assert(g.shown.includes('\u05dd\u05d9\u05dc\u05e9\u05d5\u05e8\u05d9'), 'ירושלים too');
  assert(/[\ufe70-\ufefc]/.test(g.shown) && !/[\u0627\u0644\u0642]/.test(g.shown), 'the Arabic letters take their joining forms');
  assert(g.shown.startsWith('We spoke about Jerusalem, '), 'the English keeps its order');
  // Pixels: the title's Hebrew word is not the "?" glyph any more.
  const q = await command(page, { type: 'glyphs', text: '?' });
  assertEq(q.missing, [], '"?" itself has a glyph');
  const body = await locate(page, 'transcript-body');
  const shot = await screenshotStats(page, 'reader-more-rtl', { x: body.x, y: body.y, width: body.width, height: 60 });
  assert(shot.region.ink > 500, 'the mixed line is drawn');
  await screenshotStats(page, 'reader-more-rtl-page');
  // The selection and the copy keep the stored (logical) order.
  await page.mouse.click(body.x + 2, body.y + 5);
  await frames(page, 2);
  await page.keyboard.press('Control+a');
  await frames(page, 2);
  await page.keyboard.press('Control+c');
  await frames(page, 3);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied.startsWith(RTL_LINE + '\n\n'), 'the copy holds the text as stored: ' + JSON.stringify(copied.slice(0, 120)));
  const dom = await page.evaluate(() => document.querySelector('#stn-article p[data-turn]').textContent);
  assertEq(dom, RTL_LINE, 'the text layer keeps the logical order');
  // On a phone, dark: the results' titles and the reader.
  const phone = await openViewer(ctx, ctx.base + '?archive=fixtures/reader.sqlite', { viewport: { width: 390, height: 844 } });
  await command(phone.page, { type: 'setTheme', theme: 'dark' });
  await until(phone.page, () => { const f = window.stenogram.state().scriptFonts; return f.hebrew && f.arabic; }, null, 'the fonts on a phone');
  await screenshotStats(phone.page, 'reader-more-rtl-phone-results-dark');
  await command(phone.page, { type: 'open', id: 2 });
  await frames(phone.page, 4);
  await screenshotStats(phone.page, 'reader-more-rtl-phone-dark');
  assertEq(consoleErrors, [], 'console errors');
});

test('glyphs past the first font atlas (ș, ǅ, Kazakh letters, combining marks): drawn once typed or linked', async (ctx) => {
  // The sample needs only the first (core) atlas: Latin, Russian and Ukrainian, the usual punctuation.
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  await frames(page, 4);
  assertEq((await state(page)).glyphRanges, 'core', 'the sample archive is drawn from the small atlas');
  const box = await locate(page, 'search-box');
  assert(box, 'the search box is on the page');
  // Typed (as a keyboard with that layout types: key events with their text): the characters
  // themselves ask for the wide atlas, drawn a frame later.
  await typeInto(page, 'search-box', 'Қазақстан Bucureș');
  await until(page, () => window.stenogram.state().glyphRanges === 'wide', null, 'typed Kazakh switches to the wide atlas');
  await frames(page, 3);
  const g = await command(page, { type: 'glyphs', text: 'Қазақстан Bucureș ǅ e\u0301 пʼять' });
  assertEq(g.missing, [], 'every one of them has a glyph now');
  const shot = await screenshotStats(page, 'reader-more-glyphs-wide', { x: box.x, y: box.y, width: box.width, height: box.height });
  assert(shot.region.ink > 60, 'the query is drawn in the box: ' + JSON.stringify(shot.region));
  // A deep link's query (a command) does the same on a fresh page.
  const linked = await openViewer(ctx, ctx.base + '#q=' + encodeURIComponent('Iași'));
  await until(linked.page, () => window.stenogram.state().glyphRanges === 'wide', null, 'a linked query with ș');
  assertEq((await state(linked.page)).query, 'Iași', 'the query was applied');
  assertEq(consoleErrors.concat(linked.consoleErrors), [], 'console errors');
});

test('Markdown emphasis: **bold** drawn bold without markers; copies and the text layer without them, the export exact', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + '?archive=fixtures/markdown.sqlite', { permissions: CLIPBOARD });
  await command(page, { type: 'open', id: 1 });
  await frames(page, 4);
  const paras = await page.evaluate(() => [...document.querySelectorAll('#stn-article p[data-turn]')].map((p) => p.textContent));
  assert(paras.some((p) => p.includes('Our position is absolutely clear: the talks must continue without preconditions.')),
    'the text layer reads the words without markers: ' + JSON.stringify(paras));
  assert(paras.some((p) => p.includes('5 ** 2 is still 25')), 'stars that are not emphasis stay: ' + JSON.stringify(paras));
  assert(!paras.some((p) => p.includes('**absolutely')), 'no marker in the text layer');
  const body = await locate(page, 'transcript-body');
  await page.mouse.click(body.x + 2, body.y + 5);
  await frames(page, 2);
  await page.keyboard.press('Control+a');
  await frames(page, 2);
  await page.keyboard.press('Control+c');
  await frames(page, 3);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert(copied.includes('Our position is absolutely clear: the talks must continue') && copied.includes('5 ** 2'),
    'the copy is what is shown: ' + JSON.stringify(copied));
  assert(copied.includes('Is the position unchanged?'), 'in every turn: ' + JSON.stringify(copied));
  await screenshotStats(page, 'reader-more-markdown', { x: body.x, y: body.y, width: body.width, height: 160 });
  await command(page, { type: 'setTheme', theme: 'dark' });
  await frames(page, 3);
  await screenshotStats(page, 'reader-more-markdown-dark');
  // The document's export keeps the stored text, markers and all.
  await clickLabel(page, 'export-document');
  const [md] = await Promise.all([page.waitForEvent('download'), clickLabel(page, 'export-md')]);
  const text = (await (await md.createReadStream()).toArray()).join('');
  // (Markdown's own characters escaped, as in every Markdown export: the markers are kept as text.)
  assert(text.includes('\\*\\*absolutely clear\\*\\*') && text.includes('\\_\\_continue\\_\\_'),
    'the export keeps the stored markers: ' + JSON.stringify(text));
  assertEq(consoleErrors, [], 'console errors');
});
