// render.test.mjs: the renderer redraws only the rectangle that changed (src/app/renderer.cpp), and
// what it leaves on the canvas is exactly what a full redraw would draw: after each step of real
// use (hovering, a tooltip coming and going, typing, a search, opening and scrolling a document,
// switching tabs, zooming the timeline, the theme), the page's pixels are compared with the same
// view drawn afresh (the window resized by a pixel and back: a new drawing buffer, drawn whole).
import fs from 'node:fs';
import path from 'node:path';
import { test, openViewer, clickLabel, frames, typeQuery, assert, assertEq, decodePngs, ARTIFACTS } from './harness.mjs';

// Pixels that differ between two screenshots (PNG buffers), with their bounding box.
async function diff(page, a, b) {
  await decodePngs(page, [a, b]);
  return page.evaluate(() => {
    const [x, y] = window.__decodedPngs.map((g) => g.getImageData(0, 0, g.canvas.width, g.canvas.height));
    if (x.width !== y.width || x.height !== y.height) return { count: -1 };
    let count = 0, left = x.width, top = x.height, right = -1, bottom = -1;
    for (let i = 0; i < x.data.length; i += 4) {
      if (x.data[i] === y.data[i] && x.data[i + 1] === y.data[i + 1] && x.data[i + 2] === y.data[i + 2]) continue;
      const p = i / 4, px = p % x.width, py = (p - px) / x.width;
      ++count; left = Math.min(left, px); right = Math.max(right, px); top = Math.min(top, py); bottom = Math.max(bottom, py);
    }
    return { count, box: count ? [left, top, right, bottom] : null };
  });
}

// The canvas as drawn step by step, against the same view drawn whole.
async function sameAsFullRedraw(page, viewport, step) {
  await frames(page, 3);
  const drawn = await page.screenshot();
  await page.setViewportSize({ width: viewport.width + 1, height: viewport.height });
  await frames(page, 3);
  const before = await page.evaluate(() => window.stenogram.state().drawn);
  await page.setViewportSize(viewport);
  await frames(page, 3);
  const after = await page.evaluate(() => window.stenogram.state().drawn);
  assert(after.screens - before.screens >= 1, `${step}: the resize redrew the whole canvas (${after.screens - before.screens} screens)`);
  const fresh = await page.screenshot();
  const d = await diff(page, drawn, fresh);
  if (d.count !== 0) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const name = step.replace(/[^a-z0-9]+/gi, '-');
    fs.writeFileSync(path.join(ARTIFACTS, `render-${name}-partial.png`), drawn);
    fs.writeFileSync(path.join(ARTIFACTS, `render-${name}-whole.png`), fresh);
  }
  assertEq(d.count, 0, `${step}: pixels that differ from a full redraw (box ${JSON.stringify(d.box)})`);
}

for (const theme of ['light', 'dark']) {
  test(`partial redraws end exactly as full redraws would (${theme} theme)`, async (ctx) => {
    const viewport = { width: 1280, height: 800 };
    const { page, consoleErrors } = await openViewer(ctx, `${ctx.base}?theme=${theme}`, { viewport });
    const drawn = () => page.evaluate(() => window.stenogram.state().drawn);
    await sameAsFullRedraw(page, viewport, 'opened');

    // Hover a result, then the timeline's marks (a tooltip), then leave: partial redraws.
    const row = await page.evaluate(() => window.stenogram.locate('result:1'));
    const start = await drawn();
    await page.mouse.move(row.cx, row.cy);
    await frames(page, 3);
    const afterHover = await drawn();
    assert(afterHover.framesDrawn > start.framesDrawn, 'hovering a row drew frames');
    const share = (afterHover.screens - start.screens) / (afterHover.framesDrawn - start.framesDrawn);
    assert(share > 0 && share < 0.5, `hovering a row redraws a part of the canvas (${share.toFixed(3)} of it a frame)`);
    await sameAsFullRedraw(page, viewport, 'row hovered');
    const tl = await page.evaluate(() => window.stenogram.locate('timeline-area'));
    for (let x = tl.x + 20; x < tl.x + tl.width - 20; x += 40) {
      await page.mouse.move(x, tl.y + tl.height * 0.6);
      await frames(page, 1);
    }
    await sameAsFullRedraw(page, viewport, 'timeline hovered');
    await page.mouse.move(row.cx, row.cy);
    await frames(page, 3);
    await page.mouse.move(5, 795);
    await sameAsFullRedraw(page, viewport, 'tooltip gone');

    // Type a search, open a result, scroll the reader, switch the left column's tabs.
    await typeQuery(page, 'security');
    await sameAsFullRedraw(page, viewport, 'searched');
    await clickLabel(page, 'result:0');
    await page.waitForFunction(() => !!window.stenogram.state().openDocument, null, { timeout: 5000 });
    await sameAsFullRedraw(page, viewport, 'document open');
    const body = await page.evaluate(() => window.stenogram.locate('transcript-body'));
    assert(body, 'the reader shows the transcript');
    await page.mouse.move(body.cx, Math.min(body.cy, 700));
    for (let i = 0; i < 4; i++) { await page.mouse.wheel(0, 120); await frames(page, 1); }
    await sameAsFullRedraw(page, viewport, 'reader scrolled');
    await clickLabel(page, 'tab-tags');
    await sameAsFullRedraw(page, viewport, 'tags tab');

    // Zoom the timeline with the wheel over it.
    await page.mouse.move(tl.cx, tl.cy);
    for (let i = 0; i < 3; i++) { await page.mouse.wheel(0, -120); await frames(page, 1); }
    await sameAsFullRedraw(page, viewport, 'timeline zoomed');

    // The other theme: everything changes colour.
    await clickLabel(page, 'theme-switch');
    await sameAsFullRedraw(page, viewport, 'theme switched');

    // Frames that repeat the picture make no WebGL call.
    const before = await drawn();
    await frames(page, 6);
    const after = await drawn();
    assert(after.framesSkipped > before.framesSkipped, `frames kept awake that change nothing are skipped (${JSON.stringify(after)})`);
    assertEq(consoleErrors, [], 'no console errors');
  });
}
