// touch.test.mjs: the timeline on a touch screen (a phone-sized page with touch input): one finger
// drags the timeline sideways, two fingers pinch to zoom about their midpoint. Real touch events
// through the DevTools protocol, as a phone's browser delivers them.
import { test, openViewer, frames, assert } from './harness.mjs';

const timeline = (page) => page.evaluate(() => window.stenogram.state().timeline);
const dayOf = (iso) => Date.parse(iso + 'T00:00:00Z') / 864e5;
const span = (t) => dayOf(t.to) - dayOf(t.from);

async function touches(page, cdp, type, points) {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  await frames(page, 1);
}

test('touch: one finger pans the timeline, two fingers pinch to zoom', async (ctx) => {
  const { page } = await openViewer(ctx, ctx.base + '?archive=fixtures/meetings.sqlite',
    { viewport: { width: 390, height: 844 }, hasTouch: true });
  const cdp = await page.context().newCDPSession(page);
  await frames(page, 3);
  // On a phone the timeline starts as a thin strip: a tap opens it.
  const strip = await page.evaluate(() => window.stenogram.locate('timeline-strip'));
  assert(strip, 'the timeline strip is drawn on the phone');
  await touches(page, cdp, 'touchStart', [[strip.cx, strip.cy]]);
  await touches(page, cdp, 'touchEnd', []);
  await frames(page, 3);
  const area = await page.evaluate(() => window.stenogram.locate('timeline-area'));
  assert(area && area.width > 200, 'the timeline is drawn on the phone: ' + JSON.stringify(area));
  // Zoom in a little first (the whole archive cannot pan further).
  const cmd = await page.evaluate(() => window.stenogram.command({ type: 'timelineView', from: '2010-01-01', to: '2014-01-01' }));
  assert(cmd.ok, 'timelineView: ' + cmd.error);
  await frames(page, 3);
  const before = await timeline(page);
  const y = area.y + area.height * 0.7;
  await touches(page, cdp, 'touchStart', [[area.cx + 80, y]]);
  for (let i = 1; i <= 8; i++) await touches(page, cdp, 'touchMove', [[area.cx + 80 - i * 20, y]]);
  await touches(page, cdp, 'touchEnd', []);
  await frames(page, 3);
  const panned = await timeline(page);
  assert(dayOf(panned.from) > dayOf(before.from) + 30, `a finger dragged left shows later dates (${before.from} → ${panned.from})`);
  assert(Math.abs(span(panned) - span(before)) < 3, `panning keeps the zoom (${span(before)} → ${span(panned)} days)`);
  // Two fingers moving apart zoom in about their midpoint.
  const cx = area.cx;
  await touches(page, cdp, 'touchStart', [[cx - 30, y], [cx + 30, y]]);
  for (let i = 1; i <= 6; i++) await touches(page, cdp, 'touchMove', [[cx - 30 - i * 15, y], [cx + 30 + i * 15, y]]);
  await touches(page, cdp, 'touchEnd', []);
  await frames(page, 3);
  const pinched = await timeline(page);
  assert(span(pinched) < span(panned) * 0.6, `spreading two fingers zooms in (${span(panned)} → ${span(pinched)} days)`);
  const mid = (t) => (dayOf(t.from) + dayOf(t.to)) / 2;
  assert(Math.abs(mid(pinched) - mid(panned)) < span(panned) * 0.25, 'the zoom stays about the fingers\' midpoint');
  await cdp.detach();
});
