// look.test.mjs: the look and the input that belong to no single panel, with real mouse and keys:
// the light/dark switch and its memory across reloads, remembered text size and column widths
// (drag a splitter, double-click to reset), and the viewer-wide keys (/ focuses search, Esc
// clears, j/k move through results).
import { test, openViewer, clickLabel, frames, screenshotStats, assert, assertEq } from './harness.mjs';

const state = (page) => page.evaluate(() => window.stenogram.state());
const locate = (page, label) => page.evaluate((l) => window.stenogram.locate(l), label);

async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => window.stenogram && window.stenogram.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.stenogram.ready);
  await frames(page, 3);
}

test('the theme switch turns the page dark, keeps text readable, and is remembered across a reload', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base);
  const glComplaints = [];  // Emscripten's GL layer logs (not errors) when a state read fails
  page.on('console', (m) => { if (/GL_INVALID|glGet/.test(m.text())) glComplaints.push(m.text()); });
  assertEq((await state(page)).theme, 'light', 'the first visit is light');
  const light = (await screenshotStats(page, 'theme-light-1280')).whole;
  assert(light.meanLum > 180, `the light theme is light (mean luminance ${light.meanLum.toFixed(0)})`);
  await clickLabel(page, 'theme-switch');
  await page.mouse.move(640, 790);  // no tooltip
  await frames(page, 3);
  assertEq((await state(page)).theme, 'dark', 'the switch selects the dark theme');
  const list = await locate(page, 'result:0');
  const dark = await screenshotStats(page, 'theme-dark-1280', { x: list.x, y: list.y, width: list.width, height: list.height });
  assert(dark.whole.meanLum < 70, `the dark theme is dark (mean luminance ${dark.whole.meanLum.toFixed(0)})`);
  assert(dark.region.light > 150, `result text is drawn light on dark (${dark.region.light} bright pixels in the first row)`);
  await reload(page);
  assertEq((await state(page)).theme, 'dark', 'the theme survives a reload');
  const again = (await screenshotStats(page, 'theme-dark-reloaded')).whole;
  assert(again.meanLum < 70, 'the reloaded page is drawn dark from the first frame on');
  // The scripting/embedding command reaches the same setting; a bad theme is refused by name.
  assertEq(await page.evaluate(() => window.stenogram.command({ type: 'setTheme', theme: 'light' }).ok), true, 'setTheme light');
  const bad = await page.evaluate(() => window.stenogram.command({ type: 'setTheme', theme: 'sepia' }));
  assert(!bad.ok && /light.*dark/.test(bad.error), 'an unknown theme is refused: ' + bad.error);
  assertEq((await state(page)).theme, 'light', 'a refused theme changes nothing');
  assertEq(consoleErrors, [], 'no console errors');
  assertEq(glComplaints.slice(0, 2), [], 'no complaints from the GL layer while drawing');
});

test('text size, the left tab, the timeline lanes and column widths are remembered; a splitter drags and double-click resets it', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  const size0 = (await state(page)).fontSize;
  await clickLabel(page, 'result:0');
  await clickLabel(page, 'font-larger');
  await frames(page, 3);
  assertEq((await state(page)).fontSize, size0 + 1, 'A+ makes the text larger');
  const split = await locate(page, 'split-left');
  assert(split && split.height > 300, 'a splitter stands between the filters and the results: ' + JSON.stringify(split));
  const results0 = await locate(page, 'split-results');
  await page.mouse.move(split.cx, split.cy);
  await frames(page, 1);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) { await page.mouse.move(split.cx + i * 10, split.cy); await frames(page, 1); }
  await page.mouse.up();
  await frames(page, 3);
  const moved = await locate(page, 'split-left');
  assert(Math.abs(moved.cx - split.cx - 80) < 6, `dragging the splitter 80 px moves it 80 px (${split.cx} → ${moved.cx})`);
  const results1 = await locate(page, 'split-results');
  assert(results1.cx > results0.cx + 40, 'the results column moves over with it');
  await clickLabel(page, 'tab-months');
  assertEq((await state(page)).left.tab, 'months', 'the Months tab is chosen');
  await clickLabel(page, 'timeline-lanes-person');
  assertEq((await state(page)).timeline.lane, 'person', 'the timeline\'s lanes are by person');
  await reload(page);
  assertEq((await state(page)).fontSize, size0 + 1, 'the text size survives a reload');
  assertEq((await state(page)).left.tab, 'months', 'the left column\'s tab survives a reload');
  assertEq((await state(page)).timeline.lane, 'person', 'the timeline\'s lanes survive a reload');
  const after = await locate(page, 'split-left');
  assert(Math.abs(after.cx - moved.cx) < 3, `the column width survives a reload (${moved.cx} → ${after.cx})`);
  await page.mouse.move(after.cx, after.cy);
  await frames(page, 1);
  await page.mouse.dblclick(after.cx, after.cy);
  // The four events of a double-click are handed to the UI one per frame: wait for it to settle.
  await page.waitForFunction((x) => Math.abs(window.stenogram.locate('split-left').cx - x) < 15, split.cx, { timeout: 5000 })
    .catch(() => {});
  const reset = await locate(page, 'split-left');
  assert(Math.abs(reset.cx - split.cx) < 15, `double-click returns the column to its automatic width (${reset.cx} vs ${split.cx})`);
});

test('keys: / focuses the search box, Esc clears the search, j/k move through the results', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base);
  const elsewhere = { x: 1000, y: 600 };  // the reader's empty area
  await page.mouse.click(elsewhere.x, elsewhere.y);  // focus is somewhere else
  await frames(page, 2);
  // Typed at once after "/", as a person does: the letters that arrive while the box is taking the
  // keyboard go in it too (none lost, none read as a shortcut: j and k are in the words).
  await page.keyboard.press('/');
  await page.keyboard.type('security', { delay: 5 });
  const said = async (e) => {
    const s = await state(page);
    throw new Error(`${e.message}; query ${JSON.stringify(s.query)}, busy ${s.busy}, results ${s.resultCount}, ` +
      `focus ${JSON.stringify(s.focus)}, error ${JSON.stringify(s.error)}`);
  };
  await page.waitForFunction(() => { const s = window.stenogram.state(); return s.query === 'security' && !s.busy && s.resultCount >= 0; }, null, { timeout: 10000 }).catch(said);
  const searched = await state(page);
  assert(searched.resultCount > 0 && searched.resultCount < 10, `the typed words went into the search box (${searched.resultCount} results)`);
  await page.keyboard.press('Escape');  // in the box: clears it
  await page.waitForFunction(() => window.stenogram.state().query === '', null, { timeout: 10000 });
  await frames(page, 2);
  await page.keyboard.press('Escape');  // leaves the box
  await frames(page, 2);
  await page.keyboard.press('/');
  await frames(page, 2);
  await page.keyboard.type('minister', { delay: 10 });
  await page.waitForFunction(() => { const s = window.stenogram.state(); return s.query === 'minister' && !s.busy && s.resultCount >= 0; }, null, { timeout: 10000 }).catch(said);
  await page.mouse.click(elsewhere.x, elsewhere.y);  // leave the box by clicking elsewhere
  await frames(page, 2);
  const n = (await state(page)).resultCount;
  assert(n >= 2, 'the query matches at least two documents: ' + n);
  await page.keyboard.press('j');
  await frames(page, 3);
  const first = (await state(page)).openDocument;
  assert(first, 'j opens the first result');
  await page.keyboard.press('j');
  await frames(page, 3);
  const second = (await state(page)).openDocument;
  assert(second && second.id !== first.id, 'j again moves to the next result');
  await page.keyboard.press('k');
  await frames(page, 3);
  assertEq((await state(page)).openDocument.id, first.id, 'k moves back');
  await page.keyboard.press('Escape');  // outside the box: clears the search
  await page.waitForFunction(() => window.stenogram.state().query === '', null, { timeout: 10000 });
  assertEq((await state(page)).resultCount, 10, 'the whole archive is listed again');
});
