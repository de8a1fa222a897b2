// harness.mjs: the browser tests' runner: Debian's Chromium through playwright-core (headless,
// SwiftShader WebGL), a static server for dist/ and fixtures, and helpers to drive the real page.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../tools/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.DIST ? path.resolve(process.env.DIST) : path.join(ROOT, 'dist');
export const ARTIFACTS = process.env.ARTIFACTS ? path.resolve(process.env.ARTIFACTS) : path.join(ROOT, 'test-artifacts');
export const FIXTURES_ENV = process.env.FIXTURES;
export const FIXTURES = FIXTURES_ENV ? path.resolve(FIXTURES_ENV) : path.join(ROOT, 'build', 'test-fixtures');

const tests = [];
export function test(name, fn) { tests.push({ name, fn }); }

export async function launch() {
  // playwright gives every launch a fresh, temporary user-data-dir.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return { browser, contexts: [] };
}

// Opens the viewer in a new browser context and waits for stenogram.ready.
// Returns { page, context, requests, consoleErrors }.
export async function openViewer(ctx, url, { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1,
  permissions = [], serviceWorkers = 'block', hasTouch = false } = {}) {
  // Service workers only where a test asks for them (web.test.mjs): the others see the network.
  const context = await ctx.browser.newContext({ viewport, deviceScaleFactor, serviceWorkers, hasTouch });
  if (permissions.length && /^https?:/.test(url)) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  ctx.contexts.push(context);
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => window.stenogram && window.stenogram.ready, null, { timeout: 30000 });
  await page.evaluate(() => window.stenogram.ready);
  return { page, context, requests, consoleErrors };
}

// Waits until the viewer has drawn n more frames (so input has been processed and drawn) and
// nothing it asked of the archive worker is still on its way (the answers are drawn too).
export async function frames(page, n = 3) {
  const start = await page.evaluate(() => { window.stenogram.wake(); return window.stenogram.frames(); });
  await page.waitForFunction((s) => { window.stenogram.wake(); return window.stenogram.frames() >= s; }, start + n,
    { timeout: 20000, polling: 100 });
  await settled(page);
}

// Waits until the viewer has no request in flight, then for two more frames that draw the answers.
export async function settled(page) {
  await page.waitForFunction(() => { window.stenogram.wake(); return !window.stenogram.state().busy; }, null,
    { timeout: 20000, polling: 50 });
  const start = await page.evaluate(() => window.stenogram.frames());
  await page.waitForFunction((s) => { window.stenogram.wake(); return window.stenogram.frames() >= s; }, start + 2,
    { timeout: 20000, polling: 50 });
}

// Clicks the widget drawn under label with a real mouse click at its centre.
export async function clickLabel(page, label) {
  await frames(page, 1);
  // What a click brings (a document, a page of results) arrives from the worker: give it a moment.
  const drawn = await page.waitForFunction((l) => { window.stenogram.wake(); return !!window.stenogram.locate(l); }, label,
    { timeout: 5000, polling: 50 }).then(() => true, () => false);
  const r = drawn ? await page.evaluate((l) => window.stenogram.locate(l), label) : null;
  if (!r) throw new Error(`nothing is drawn under the label "${label}"`);
  await page.mouse.move(r.cx, r.cy);
  await frames(page, 1);
  await page.mouse.down();
  await frames(page, 1);
  await page.mouse.up();
  await frames(page, 2);
  return r;
}

// Clicks the text box drawn under label and types text with real key presses, replacing what was
// there: US-layout keys through the keyboard; other characters (Cyrillic) as a keyboard with that
// layout sends them, keydown with text (type() would insert them as IME text instead).
export async function typeInto(page, label, text) {
  await clickLabel(page, label);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  const cdp = await page.context().newCDPSession(page);
  for (const ch of text) {
    if (ch.charCodeAt(0) < 128) {
      await page.keyboard.press(ch, { delay: 10 });
    } else {
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch });
    }
  }
  await cdp.detach();
  await frames(page, 3);
}

// Types a query into the search box and waits for the debounced search; returns the state.
export async function typeQuery(page, text) {
  await typeInto(page, 'search-box', text);
  await page.waitForFunction((t) => {
    const s = window.stenogram.state();
    return s.query === t && s.resultCount >= 0;
  }, text, { timeout: 10000 });
  await frames(page, 3);
  return page.evaluate(() => window.stenogram.state());
}

// Decodes PNG buffers (screenshots) inside the page, into window.__decodedPngs: one 2D canvas
// context each, for a later page.evaluate to read with getImageData.
export async function decodePngs(page, pngs) {
  await page.evaluate(async (b64s) => {
    window.__decodedPngs = await Promise.all(b64s.map(async (b64) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      return g;
    }));
  }, pngs.map((png) => png.toString('base64')));
}

// Takes a screenshot (saved under test-artifacts/) and measures it inside the page: how many
// pixels are "ink" (dark, as text is) and how many have the hit highlight's warm yellow, in the
// whole image and in an optional region.
export async function screenshotStats(page, name, region = null) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // The loading overlay fades out after the first frame: measure the viewer, not the fade.
  await page.waitForFunction(() => {
    const l = document.getElementById('loader');
    return !l || !l.classList.contains('done') || getComputedStyle(l).opacity === '0';
  }, null, { timeout: 5000 }).catch(() => {});
  const png = await page.screenshot({ path: path.join(ARTIFACTS, name + '.png') });
  await decodePngs(page, [png]);
  return page.evaluate(async ({ region }) => {
    const g = window.__decodedPngs[0], img = g.canvas;
    const count = (x, y, w, h) => {
      const d = g.getImageData(x, y, w, h).data;
      let ink = 0, light = 0, lumSum = 0, highlight = 0; const colours = new Set();
      for (let i = 0; i < d.length; i += 4) {
        const lum = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
        lumSum += lum;
        if (lum < 110) ink++;
        if (lum > 170) light++;
        if (d[i] > 235 && d[i + 1] > 160 && d[i + 1] < 240 && d[i + 2] < 200) highlight++;
        if (i % 64 === 0) colours.add((d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | (d[i + 2] >> 4));
      }
      // ink: dark pixels (text on the light theme); light: bright pixels (text on the dark theme).
      return { ink, light, meanLum: lumSum / (w * h), highlight, colours: colours.size, pixels: w * h };
    };
    const scale = img.width / window.innerWidth;
    const whole = count(0, 0, img.width, img.height);
    const part = region ? count(Math.round(region.x * scale), Math.round(region.y * scale),
      Math.max(1, Math.round(region.width * scale)), Math.max(1, Math.round(region.height * scale))) : null;
    return { whole, region: part, width: img.width, height: img.height };
  }, { region });
}

export function assert(cond, message) { if (!cond) throw new Error(message); }
export function assertEq(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected))
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export async function run() {
  const only = process.env.TEST_FILTER;
  const ctx = await launch();
  const server = await startServer({ dir: DIST, port: 0, extraDirs: { '/fixtures/': FIXTURES } });
  ctx.base = `http://127.0.0.1:${server.address().port}/`;
  let passed = 0, failed = 0;
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    const started = Date.now();
    try {
      await t.fn(ctx);
      passed++;
      console.log(`ok    ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${t.name}\n      ${String(e && e.stack || e).split('\n').slice(0, 4).join('\n      ')}`);
    }
    for (const c of ctx.contexts.splice(0)) await c.close().catch(() => {});
  }
  await ctx.browser.close();
  server.close();
  console.log(`browser: ${passed} passed, ${failed} failed`);
  return { passed, failed };
}
