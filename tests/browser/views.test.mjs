// views.test.mjs: the whole overview (timeline, filters, results, reader) at a desktop, a phone and
// a 4K HiDPI screen, in both themes. Each screenshot is saved for a person to look at, and checked
// for what a person would notice first: the page is in the chosen theme, every column has text in
// it, and nothing reports an error.
import { test, openViewer, frames, screenshotStats, assert, assertEq } from './harness.mjs';

const SIZES = [
  { name: '1280', viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 },
  { name: '390', viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 },
  { name: '2560', viewport: { width: 1280, height: 720 }, deviceScaleFactor: 2 },  // 2560×1440 device pixels
];

for (const theme of ['light', 'dark']) {
  test(`overview screenshots in the ${theme} theme: 1280×800, 390×844, 2560×1440 (dpr 2)`, async (ctx) => {
    for (const size of SIZES) {
      const { page, consoleErrors, context } = await openViewer(ctx, ctx.base, size);
      const cmd = (c) => page.evaluate((c) => window.stenogram.command(c), c);
      assertEq((await cmd({ type: 'setTheme', theme })).ok, true, 'setTheme');
      assertEq((await cmd({ type: 'search', text: 'Ukraine' })).ok, true, 'search');
      const first = await page.evaluate(() => {
        const s = window.stenogram.state();
        return s.resultCount;
      });
      assert(first > 0, 'the search finds documents');
      assertEq((await cmd({ type: 'open', id: 1 })).ok, true, 'open');
      await page.mouse.move(2, size.viewport.height - 2);  // no hover cards or tooltips
      await frames(page, 4);
      const shot = await screenshotStats(page, `views-${theme}-${size.name}`);
      assertEq(shot.width, size.viewport.width * size.deviceScaleFactor, 'the screenshot is at device resolution');
      const text = theme === 'light' ? 'ink' : 'light';
      if (theme === 'light') assert(shot.whole.meanLum > 170, `${size.name}: the page is light (${shot.whole.meanLum.toFixed(0)})`);
      else assert(shot.whole.meanLum < 75, `${size.name}: the page is dark (${shot.whole.meanLum.toFixed(0)})`);
      // Text in each third of the page, left to right (desktop) or top to bottom (phone).
      const phone = size.viewport.width < 600;
      for (let i = 0; i < 3; i++) {
        const { width: w, height: h } = size.viewport;
        const region = phone ? { x: 0, y: (h / 3) * i, width: w, height: h / 3 } : { x: (w / 3) * i, y: 0, width: w / 3, height: h };
        const part = (await screenshotStats(page, `views-${theme}-${size.name}-part`, region)).region;
        assert(part[text] > part.pixels * 0.004, `${size.name}: part ${i + 1} of 3 has text (${part[text]} ${text} pixels of ${part.pixels})`);
      }
      const s = await page.evaluate(() => window.stenogram.state());
      assertEq(s.error, null, 'no error banner');
      assertEq(consoleErrors, [], 'no console errors');
      await context.close();
    }
  });
}
