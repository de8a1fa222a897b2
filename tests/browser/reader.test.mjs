// reader.test.mjs: the reader for everyone (issue 15), with real input: selecting text with the
// mouse (drag, double-, triple- and Shift+click) and what lands on the clipboard (Ctrl+C, Copy,
// Copy with citation); the text layer through the accessibility tree (CDP Accessibility.getFullAXTree)
// and that it changes only when the view does; Ctrl+F's "Find in this document"; keyboard-only use
// (Tab between panels with DOM focus following, arrows, Enter, [ ] on the timeline, the Keys help);
// the phone layout with touch (results, then the reader with Back and the browser's Back, the
// timeline strip, long-press selection, momentum scrolling); Hebrew and Arabic runs kept in order;
// and screenshots at 390×844 and 1280×800 in both themes (test-artifacts/reader-*.png).
import { test, openViewer, frames, clickLabel, typeQuery, screenshotStats, assert, assertEq } from './harness.mjs';

const ARCHIVE = '?archive=fixtures/reader.sqlite';
const PARAGRAPH = 'The talks were useful and detailed. We discussed the situation in the region, the work of the ' +
  'quartet and the next steps of the negotiations, which we hope will resume soon.';
const RTL_LINE = 'We spoke about Jerusalem, \u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd in Hebrew and ' +
  '\u0627\u0644\u0642\u062f\u0633 in Arabic, and about peace: \u05e9\u05dc\u05d5\u05dd, \u0633\u0644\u0627\u0645.';
const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

const state = (page) => page.evaluate(() => window.stenogram.state());
const reader = async (page) => (await state(page)).reader;
const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());
const locate = (page, label) => page.evaluate((l) => window.stenogram.locate(l), label);

async function openDoc(page, id) {
  const r = await page.evaluate((i) => window.stenogram.command({ type: 'open', id: i }), id);
  assert(r.ok, 'open: ' + r.error);
  await frames(page, 4);
}

// The y (CSS pixels, from the top of the text) of the middle of the first line of turn 1's text in
// document 1: speaker line, its text line, the gap between turns, the next speaker line.
function turnOneY(font) { return font * (1.45 + 0.15 + 1.5 + 1.1 + 1.45 + 0.15) + font * 0.75; }

async function press(page, x, y, { clickCount = 1, shift = false } = {}) {
  await page.mouse.move(x, y);
  await frames(page, 1);
  if (shift) await page.keyboard.down('Shift');
  for (let i = 0; i < clickCount; i++) {
    await page.mouse.down({ clickCount: i + 1 });
    await frames(page, 1);
    await page.mouse.up({ clickCount: i + 1 });
    await frames(page, 1);
  }
  if (shift) await page.keyboard.up('Shift');
  await frames(page, 2);
}

test('reader: a mouse drag selects across lines and turns; Ctrl+C, Copy and Copy with citation copy it', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + ARCHIVE, { permissions: CLIPBOARD });
  await openDoc(page, 1);
  const body = await locate(page, 'transcript-body');
  assert(body && body.height > 200, 'the text is drawn: ' + JSON.stringify(body));
  await page.mouse.move(body.x + 1, body.y + 3);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  for (let i = 1; i <= 6; i++) {
    await page.mouse.move(body.x + 50 * i, body.y + 3 + 22 * i);
    await frames(page, 1);
  }
  await page.mouse.up();
  await frames(page, 2);
  const selection = (await reader(page)).selection;
  assert(selection.startsWith('Question\nHow were the talks with your colleague?\nSergey Lavrov\nThe talks were useful'),
    'the drag selects from the first speaker across turns: ' + JSON.stringify(selection));
  assert(PARAGRAPH.startsWith(selection.split('\n')[3]), 'the selection is the stored text: ' + JSON.stringify(selection));
  await page.keyboard.press('Control+c');
  await frames(page, 3);
  assertEq(await clipboard(page), selection, 'Ctrl+C copies the selection');
  await page.evaluate(() => navigator.clipboard.writeText('-'));
  await clickLabel(page, 'copy-selection');
  assertEq(await clipboard(page), selection, 'Copy copies the selection');
  await clickLabel(page, 'copy-quote');
  const quoted = await clipboard(page);
  assert(quoted.startsWith(selection.trimEnd() + '\n\n\u2014 Question, Talks on the Middle East. Moscow, 5 December 2014. '),
    'Copy with citation: the passage, then the speaker, title, place and date: ' + JSON.stringify(quoted));
  assert(/#doc=1$/.test(quoted), 'and a link to the document (its first turn): ' + quoted);

  // A double-click selects a word, a triple-click its paragraph; Shift+click extends.
  const font = (await state(page)).fontSize;
  const y = body.y + turnOneY(font);
  await press(page, body.x + 4, y, { clickCount: 2 });
  assertEq((await reader(page)).selection, 'The', 'a double-click selects the word');
  await frames(page, 6);
  await press(page, body.x + 4, y + 1, { clickCount: 3 });
  assertEq((await reader(page)).selection, PARAGRAPH, 'a triple-click selects the paragraph');
  await frames(page, 6);
  await press(page, body.x + 1, y);
  assertEq((await reader(page)).selection, '', 'a click puts the caret');
  await frames(page, 6);
  await press(page, body.x + 120, y + font * 1.5, { shift: true });
  const extended = (await reader(page)).selection;
  assert(extended.length > 60 && PARAGRAPH.startsWith(extended), 'Shift+click extends to the next line: ' + JSON.stringify(extended));
  await clickLabel(page, 'copy-quote');
  const cited = await clipboard(page);
  assert(cited.includes('\u2014 Sergey Lavrov, Talks on the Middle East.') && /#doc=1&turn=1$/.test(cited),
    'the citation names the speaker of the selected turn and links to it: ' + cited);
  assertEq(consoleErrors, [], 'console errors');
});

test('text layer: the accessibility tree holds the results, the count and the open document\'s turns with speakers', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + ARCHIVE);
  await page.evaluate(() => {
    window.__mirrors = 0;
    const host = Module.stenogramHost, original = host.mirror;
    host.mirror = function (json) { window.__mirrors++; return original(json); };
  });
  const s = await typeQuery(page, 'talks');
  assertEq(s.resultCount, 3, 'results for "talks"');
  await frames(page, 3);
  assertEq(await page.evaluate(() => document.getElementById('stn-count').textContent), '3 results for talks',
    'the count is in the polite live region');
  await openDoc(page, 1);
  // Nothing changes: the layer is not rewritten (no frame-by-frame mirroring).
  const before = await page.evaluate(() => window.__mirrors);
  await frames(page, 8);
  assertEq(await page.evaluate(() => window.__mirrors), before, 'updates while nothing changed');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Accessibility.enable');
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const names = nodes.filter((n) => !n.ignored).map((n) => (n.name && n.name.value) || '');
  const roles = nodes.filter((n) => !n.ignored).map((n) => n.role && n.role.value);
  for (const role of ['banner', 'search', 'navigation', 'main', 'region', 'list', 'article', 'heading', 'status'])
    assert(roles.includes(role), `the tree has a ${role}: ${[...new Set(roles)].join(' ')}`);
  assertEq(roles.filter((r) => r === 'listitem').length, 3, 'one list item per result');
  for (const title of ['Talks on the Middle East \u2014 5 December 2014, talks, Moscow', 'Long press conference \u2014 1 June 2016, press conference, Moscow'])
    assert(names.some((n) => n.includes(title)), 'a result item names title, date, kind and place: ' + title);
  assert(names.includes('Sergey Lavrov') && names.includes('Question'), 'the speakers are in the tree');
  assert(names.some((n) => n.includes('The talks were useful and detailed.')), 'the turns\' text is in the tree');
  assert(names.some((n) => n.includes('Timeline from') && n.includes('Busiest')), 'the timeline has a text alternative');
  const article = await page.evaluate(() => [...document.querySelectorAll('#stn-article p[data-turn]')].map((p) => p.textContent));
  assertEq(article[0], 'Question: How were the talks with your colleague?', 'each turn is a paragraph prefixed by its speaker');
  assertEq(article[1], 'Sergey Lavrov: ' + PARAGRAPH, 'the second turn');
  assert(!names.some((n) => n.includes('Opening') || n.includes('Loading the viewer')), 'no stale loading message');
  // Hidden, and never in the way of the canvas' pointer events.
  const hits = await page.evaluate(() => [[100, 100], [640, 400], [1000, 600], [5, 5]].map(([x, y]) => document.elementFromPoint(x, y).id));
  assertEq(hits, ['canvas', 'canvas', 'canvas', 'canvas'], 'what is under the pointer');
  assertEq(consoleErrors, [], 'console errors');
});

test('find: Ctrl+F opens "Find in this document" with a count, Enter steps, Esc returns; no document: the search box', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + ARCHIVE);
  await openDoc(page, 1);
  await page.keyboard.press('Control+f');
  await frames(page, 3);
  let r = await reader(page);
  assert(r.findOpen, 'the find box is open');
  for (const ch of 'TALKS') await page.keyboard.press(ch === ch.toLowerCase() ? ch : 'Shift+' + ch);
  // ImGui takes queued keys a few per frame.
  await page.waitForFunction(() => { window.stenogram.wake(); return window.stenogram.state().reader.findText === 'TALKS'; }, null, { timeout: 10000 });
  await frames(page, 2);
  r = await reader(page);
  // "talks" in the speakers' turns of document 1: how were the talks, two paragraphs, next year, will continue.
  assertEq([r.findText, r.findCount, r.findIndex], ['TALKS', 5, 0], 'matches ignoring case, the first current');
  assert(await locate(page, 'find-count'), 'the count is shown');
  await page.keyboard.press('Enter');
  await frames(page, 3);
  assertEq((await reader(page)).findIndex, 1, 'Enter: the next match');
  await page.keyboard.press('Shift+Enter');
  await frames(page, 3);
  assertEq((await reader(page)).findIndex, 0, 'Shift+Enter: the previous match');
  await page.keyboard.press('Escape');
  await frames(page, 3);
  r = await reader(page);
  assertEq([r.findOpen, r.focus], [false, 'reader'], 'Esc closes the box and returns to the text');
  assertEq((await state(page)).query, '', 'Esc in the box did not clear the search');
  // Without a document Ctrl+F goes to the search box.
  await page.evaluate(() => window.stenogram.command({ type: 'setView' }));
  await frames(page, 3);
  await page.keyboard.press('Control+f');
  await frames(page, 3);
  for (const ch of 'peace') await page.keyboard.press(ch);
  await page.waitForFunction(() => { window.stenogram.wake(); return window.stenogram.state().query === 'peace'; }, null, { timeout: 10000 });
  assertEq(consoleErrors, [], 'console errors');
});

test('keyboard: Tab moves between panels (DOM focus follows), arrows and Enter open results, [ ] step marks, ? shows the keys', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + ARCHIVE);
  await frames(page, 3);
  const focus = async () => {
    await frames(page, 3);
    return page.evaluate(() => [window.stenogram.state().reader.focus, document.activeElement.id]);
  };
  await page.keyboard.press('Tab');
  assertEq(await focus(), ['timeline', 'stn-timeline'], 'Tab: the timeline');
  await page.keyboard.press('Tab');
  assertEq(await focus(), ['filters', 'stn-left-0'], 'Tab: the filters (DOM focus on their first item)');
  await page.keyboard.press('Tab');
  assertEq(await focus(), ['search', 'stn-search'], 'Tab: the search box');
  await page.keyboard.press('Tab');
  assertEq((await focus())[0], 'results', 'Tab: the results');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => window.stenogram.state().openDocument, null, { timeout: 10000 });
  const first = (await state(page)).openDocument.id;
  await page.keyboard.press('ArrowDown');
  await frames(page, 2);
  await page.waitForFunction((f) => { const d = window.stenogram.state().openDocument; return d && d.id !== f; }, first, { timeout: 10000 });
  assertEq((await focus())[1], 'stn-result-1', 'DOM focus is on the chosen result');
  await page.keyboard.press('Tab');
  assertEq(await focus(), ['reader', 'stn-article'], 'Tab: the reader (a document is open)');
  await page.keyboard.press('Shift+Tab');
  assertEq((await focus())[0], 'results', 'Shift+Tab: back to the results');
  await screenshotStats(page, 'reader-focus-ring');
  // The timeline's marks: ] opens the next document by date, [ the previous.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
  assertEq((await focus())[0], 'timeline', 'Shift+Tab three times: the timeline');
  await page.evaluate(() => window.stenogram.command({ type: 'open', id: 1 }));
  await frames(page, 3);
  await page.keyboard.press(']');
  await page.waitForFunction(() => window.stenogram.state().openDocument.id === 2, null, { timeout: 10000 });
  await page.keyboard.press(']');
  await page.waitForFunction(() => window.stenogram.state().openDocument.id === 3, null, { timeout: 10000 });
  await page.keyboard.press('[');
  await page.waitForFunction(() => window.stenogram.state().openDocument.id === 2, null, { timeout: 10000 });
  await page.keyboard.press('?');
  await frames(page, 3);
  assert((await reader(page)).keysHelp, '? shows the Keys help');
  assert(await locate(page, 'keys-help'), 'the help is drawn');
  await screenshotStats(page, 'reader-keys-help');
  await page.keyboard.press('Escape');
  await frames(page, 3);
  assert(!(await reader(page)).keysHelp, 'Esc closes it');
  assertEq(consoleErrors, [], 'console errors');
});

async function touch(page, cdp, type, points) {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  await frames(page, 1);
}
async function tap(page, cdp, label) {
  const r = await locate(page, label);
  assert(r, `nothing is drawn under "${label}"`);
  await touch(page, cdp, 'touchStart', [[r.cx, r.cy]]);
  await touch(page, cdp, 'touchEnd', []);
  await frames(page, 3);
}

test('phone: results take the screen, then the reader with Back and browser Back; timeline strip; long press selects; a flick scrolls on', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + ARCHIVE,
    { viewport: { width: 390, height: 844 }, hasTouch: true, permissions: CLIPBOARD });
  const cdp = await page.context().newCDPSession(page);
  await frames(page, 3);
  assert(!(await locate(page, 'timeline-area')), 'the timeline starts collapsed');
  const strip = await locate(page, 'timeline-strip');
  assert(strip && strip.height < 40, 'to a thin strip: ' + JSON.stringify(strip));
  assert((await locate(page, 'panel-search')).height > 600, 'the results take the screen');
  await tap(page, cdp, 'timeline-strip');
  assert((await reader(page)).timelineOpen, 'a tap on the strip opens the timeline');
  await page.waitForFunction(() => { window.stenogram.wake(); return window.stenogram.locate('timeline-area'); }, null, { timeout: 10000 });
  await tap(page, cdp, 'timeline-strip');
  assert(!(await reader(page)).timelineOpen && !(await locate(page, 'timeline-area')), 'and another closes it');
  await tap(page, cdp, 'result:0');
  await page.waitForFunction(() => window.stenogram.state().openDocument, null, { timeout: 10000 });
  await frames(page, 3);
  assert(!(await locate(page, 'panel-search')), 'the reader replaces the results');
  assert((await locate(page, 'panel-reader')).height > 600, 'and takes the screen');
  assert(await locate(page, 'phone-back'), 'with a Back control');
  await screenshotStats(page, 'reader-phone-document');
  // A long press selects the word under the finger; dragging on extends the selection.
  const body = await locate(page, 'transcript-body');
  const x0 = body.x + 10, y0 = body.y + 8;
  await touch(page, cdp, 'touchStart', [[x0, y0]]);
  const t0 = Date.now();
  while (Date.now() - t0 < 800) await frames(page, 1);
  for (let i = 1; i <= 4; i++) await touch(page, cdp, 'touchMove', [[x0 + 40 * i, y0 + 30 * i]]);
  await touch(page, cdp, 'touchEnd', []);
  await frames(page, 2);
  const selected = (await reader(page)).selection;
  assert(selected.startsWith('Question') && selected.length > 20, 'a long press and drag selects: ' + JSON.stringify(selected));
  // Browser Back returns to the results (the opened document is a history entry).
  await page.waitForFunction(() => /doc=/.test(window.location.hash), null, { timeout: 5000 });
  await page.goBack();
  await page.waitForFunction(() => !window.stenogram.state().openDocument, null, { timeout: 10000 });
  await frames(page, 3);
  assert(await locate(page, 'panel-search'), 'browser Back shows the results again');
  // The Back control does the same; a flick on the long transcript scrolls on after the finger lifts.
  await tap(page, cdp, 'result:2');
  await page.waitForFunction(() => (window.stenogram.state().openDocument || {}).id === 3, null, { timeout: 10000 });
  await frames(page, 3);
  const top0 = (await locate(page, 'transcript-body')).y;
  const cx = 200, cy = 650;
  await touch(page, cdp, 'touchStart', [[cx, cy]]);
  await touch(page, cdp, 'touchMove', [[cx, cy - 20]]);
  // A flick: the finger moves fast (several moves within a frame) and lifts.
  for (let i = 1; i <= 3; i++) {
    for (let k = 1; k <= 3; k++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: cx, y: cy - 20 - 40 * (3 * (i - 1) + k), id: 0 }] });
    }
    if (i < 3) await frames(page, 1);
  }
  await touch(page, cdp, 'touchEnd', []);  // right after the last move, as a flick ends
  const top1 = (await locate(page, 'transcript-body')).y;
  await frames(page, 10);
  const top2 = (await locate(page, 'transcript-body')).y;
  assert(top1 < top0 - 150, `the finger scrolls the text (${top0} → ${top1})`);
  assert(top2 < top1 - 20, `and it glides on after the finger lifts (${top1} → ${top2})`);
  assertEq((await reader(page)).selection, '', 'scrolling selects nothing');
  await tap(page, cdp, 'phone-back');
  assert(!(await state(page)).openDocument && (await locate(page, 'panel-search')), 'Back returns to the results');
  await cdp.detach();
  assertEq(consoleErrors, [], 'console errors');
});

test('right-to-left: Hebrew and Arabic runs keep their order in the text layer and in copies', async (ctx) => {
  const { page, consoleErrors } = await openViewer(ctx, ctx.base + ARCHIVE, { permissions: CLIPBOARD });
  await openDoc(page, 2);
  const dom = await page.evaluate(() => {
    const h = document.querySelector('#stn-article h2');
    const p = document.querySelector('#stn-article p[data-turn]');
    return { title: h.textContent, titleDir: h.getAttribute('dir'), text: p.textContent, dir: p.getAttribute('dir') };
  });
  assertEq(dom.title, 'Statement on \u05e9\u05dc\u05d5\u05dd and \u0633\u0644\u0627\u0645 (peace)', 'the title, in logical order');
  assertEq(dom.text, RTL_LINE, 'the mixed paragraph, in logical order');
  assertEq([dom.titleDir, dom.dir], ['auto', 'auto'], 'each paragraph finds its own direction');
  const body = await locate(page, 'transcript-body');
  await press(page, body.x + 2, body.y + 5);
  await page.keyboard.press('Control+a');
  await frames(page, 2);
  await page.keyboard.press('Control+c');
  await frames(page, 3);
  assertEq(await clipboard(page), RTL_LINE + '\n\n' + PARAGRAPH, 'Ctrl+A, Ctrl+C copy the text as stored');
  const shot = await screenshotStats(page, 'reader-rtl', { x: body.x, y: body.y, width: body.width, height: 60 });
  assert(shot.region.ink > 500, 'the mixed line is drawn');
  assertEq(consoleErrors, [], 'console errors');
});

test('screenshots: the reader with a selection and the find box at 390×844 and 1280×800, light and dark', async (ctx) => {
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    for (const theme of ['light', 'dark']) {
      const { page, consoleErrors } = await openViewer(ctx, ctx.base + ARCHIVE, { viewport: { width: w, height: h } });
      await page.evaluate((t) => window.stenogram.command({ type: 'setTheme', theme: t }), theme);
      await openDoc(page, 1);
      const body = await locate(page, 'transcript-body');
      const font = (await state(page)).fontSize;
      await page.mouse.move(body.x + 30, body.y + turnOneY(font));
      await page.mouse.down();
      await frames(page, 1);
      await page.mouse.move(body.x + 150, body.y + turnOneY(font) + 45);
      await frames(page, 1);
      await page.mouse.up();
      await frames(page, 2);
      await page.keyboard.press('Control+f');
      await frames(page, 4);
      for (const ch of 'talks') await page.keyboard.press(ch);
      await page.waitForFunction(() => { window.stenogram.wake(); return window.stenogram.state().reader.findText === 'talks'; }, null, { timeout: 10000 });
      await frames(page, 3);
      const shot = await screenshotStats(page, `reader-${w}x${h}-${theme}`);
      assert(shot.whole.colours > 20, 'the page is drawn');
      assert((await reader(page)).selection.length > 10, 'with a selection');
      assertEq(consoleErrors, [], 'console errors');
    }
  }
});
