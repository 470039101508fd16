'use strict';
// The deck's SVG figures read at the back of the room, in headless Chromium over file:// URLs:
// every label of every figure of every language is at least 18 px of the 1280x720 frame (after
// the per-slide fit), and a label drawn in a box keeps clear of its border (descenders too), on
// the frame as the audience sees it. Also: source lines sit at the foot of their slide, small and
// quiet, and a cost formula is set on one line.
//
//   node figures.js DIST
//
// Prints PASS/FAIL per check and a last line "N passed, M failed"; exits 1 if anything failed.

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const DIST = path.resolve(process.argv[2] || '');
const TIMEOUT = 15000;
const MIN_LABEL_PX = 18; // issue 14: "diagram labels at least 18 px on the 1280 frame"
const MIN_PAD_X = 4; // px of the frame between a label's ink and the inner edge of its box's border
const MIN_PAD_Y = 3;

const languages = (dist) =>
  fs.readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dist, d.name, 'index.html')))
    .map((d) => d.name)
    .sort();
const href = (lang, hash) => pathToFileURL(path.join(DIST, lang, 'index.html')).href + (hash ? `#${hash}` : '');
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function openDeck(browser, lang) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, reducedMotion: 'reduce' });
  await ctx.route(/^(https?|wss?):/, (route) => route.abort());
  const page = await ctx.newPage();
  await page.goto(href(lang));
  await page.waitForFunction(() => !!document.querySelector('.deck.is-ready'), null, { timeout: TIMEOUT });
  await page.evaluate(() => document.fonts.ready);
  return { ctx, page };
}

// Show slide `id` and measure its figures' labels in px of the frame.
const measureLabels = (page, id) =>
  page.evaluate(async (id) => {
    location.hash = id;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const slide = document.getElementById(id);
    const k = slide.getBoundingClientRect().width / 1280;
    const out = [];
    const pen = document.createElement('canvas').getContext('2d');
    for (const svg of slide.querySelectorAll('.slide-inner svg')) {
      // Each box's inner edge: its geometry less half its border (the stroke is centred on it).
      const rects = [...svg.querySelectorAll('rect')].map((r) => {
        const g = r.getBoundingClientRect();
        const cs = getComputedStyle(r);
        const m = r.getScreenCTM();
        const h = cs.stroke === 'none' ? 0 : (parseFloat(cs.strokeWidth) * Math.hypot(m.a, m.b)) / 2;
        return { left: g.left + h, right: g.right - h, top: g.top + h, bottom: g.bottom - h, width: g.width, height: g.height };
      });
      for (const t of svg.querySelectorAll('text')) {
        if (!t.textContent.trim()) continue;
        const m = t.getScreenCTM();
        const px = (parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)) / k;
        // The ink box of the label's own glyphs: its advance from the bounding box, its height
        // from the canvas metrics of the same string in the same font, hung on the baseline.
        const cs = getComputedStyle(t);
        pen.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const ink = pen.measureText(t.textContent);
        const base = t.getStartPositionOfChar(0);
        const scr = new DOMPoint(base.x, base.y).matrixTransform(m);
        const s = Math.hypot(m.a, m.b);
        const adv = t.getBoundingClientRect();
        const b = { left: adv.left, right: adv.right, top: scr.y - ink.actualBoundingBoxAscent * s, bottom: scr.y + ink.actualBoundingBoxDescent * s };
        const cx = (b.left + b.right) / 2;
        const cy = (b.top + b.bottom) / 2;
        // The smallest rect around the label's centre is its box (if any).
        const box = rects
          .filter((r) => r.left <= cx && cx <= r.right && r.top <= cy && cy <= r.bottom && r.width * r.height > 0)
          .sort((a, c) => a.width * a.height - c.width * c.height)[0];
        const pad = box && {
          l: (b.left - box.left) / k, r: (box.right - b.right) / k,
          t: (b.top - box.top) / k, b: (box.bottom - b.bottom) / k,
        };
        out.push({ text: t.textContent.trim().slice(0, 40), px: Math.round(px * 10) / 10, pad });
      }
    }
    return out;
  }, id);

const figureSlides = (page) =>
  page.evaluate(() => [...document.querySelectorAll('.deck .slide')]
    .filter((s) => s.querySelector('.slide-inner svg text'))
    .map((s) => s.id));

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check(`figure labels are >= ${MIN_LABEL_PX}px of the frame with room inside their boxes (every figure, every language)`, async (browser) => {
  const bad = [];
  const notes = [];
  for (const lang of languages(DIST)) {
    const { ctx, page } = await openDeck(browser, lang);
    const ids = await figureSlides(page);
    assert(ids.length > 0, `${lang}: no slide with an SVG figure`);
    let min = Infinity;
    for (const id of ids) {
      for (const l of await measureLabels(page, id)) {
        min = Math.min(min, l.px);
        if (l.px < MIN_LABEL_PX - 0.05) bad.push(`${lang}#${id} "${l.text}" at ${l.px}px`);
        const p = l.pad;
        if (p && (p.l < MIN_PAD_X || p.r < MIN_PAD_X || p.t < MIN_PAD_Y || p.b < MIN_PAD_Y)) {
          const f = (v) => v.toFixed(1);
          bad.push(`${lang}#${id} "${l.text}" touches its box (pad l ${f(p.l)} r ${f(p.r)} t ${f(p.t)} b ${f(p.b)})`);
        }
      }
    }
    notes.push(`${lang}: ${ids.length} figures, smallest label ${min}px`);
    await ctx.close();
  }
  assert(bad.length === 0, `${bad.length} label(s):\n    ${bad.slice(0, 200).join('\n    ')}`);
  return notes.join('; ');
});

// Every slide of the deck, shown through its #id, measured by `fn` in the page.
async function eachSlide(page, fn, arg) {
  const ids = await page.evaluate(() => [...document.querySelectorAll('.deck .slide')].map((s) => s.id));
  const out = [];
  for (const id of ids) {
    await page.evaluate(async (id) => {
      location.hash = id;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }, id);
    out.push(...(await page.evaluate(fn, { id, arg })));
  }
  return out;
}

check('source lines are quiet foot lines: small, after the content, at the foot of the frame (every language)', async (browser) => {
  const bad = [];
  let n = 0;
  for (const lang of languages(DIST)) {
    const { ctx, page } = await openDeck(browser, lang);
    const found = await eachSlide(page, ({ id }) => {
      const slide = document.getElementById(id);
      const inner = slide.querySelector('.slide-inner');
      const k = slide.getBoundingClientRect().width / 1280;
      const foot = [...inner.querySelectorAll(':scope > p')].filter((p) => p.querySelector(':scope > small:only-child'));
      if (!foot.length) return [];
      const ir = inner.getBoundingClientRect();
      const bottom = ir.bottom - parseFloat(getComputedStyle(inner).paddingBottom) * k;
      const others = [...inner.children].filter((c) => !foot.includes(c) && c.getClientRects().length);
      const contentBottom = Math.max(...others.map((c) => c.getBoundingClientRect().bottom));
      const body = parseFloat(getComputedStyle(inner).fontSize);
      return foot.map((p) => {
        const r = p.getBoundingClientRect();
        const px = parseFloat(getComputedStyle(p).fontSize);
        return {
          id, text: p.textContent.slice(0, 30), px, body,
          gapBelow: (bottom - r.bottom) / k, afterContent: r.top >= contentBottom - 1,
          quiet: getComputedStyle(p).color !== getComputedStyle(inner).color,
        };
      });
    });
    for (const f of found) {
      n++;
      const where = `${lang}#${f.id} "${f.text}"`;
      if (f.px < 16 || f.px > 0.7 * f.body) bad.push(`${where}: ${f.px}px against a ${f.body}px body`);
      if (!f.afterContent) bad.push(`${where}: not below the slide's content`);
      if (f.gapBelow > 24) bad.push(`${where}: ${f.gapBelow.toFixed(0)}px above the foot of the frame`);
      if (!f.quiet) bad.push(`${where}: set in the body's colour`);
    }
    await ctx.close();
  }
  assert(n >= 2, `only ${n} foot line(s) found: the bundled deck has source lines in both languages`);
  assert(bad.length === 0, bad.join('\n    '));
  return `${n} foot lines`;
});

check('a cost formula breaks only between its terms, never inside a product (every language)', async (browser) => {
  const bad = [];
  let n = 0;
  let wrapped = 0;
  for (const lang of languages(DIST)) {
    const { ctx, page } = await openDeck(browser, lang);
    const found = await eachSlide(page, ({ id }) => {
      const out = [];
      for (const td of document.getElementById(id).querySelectorAll('td.formula')) {
        const text = td.firstChild && td.firstChild.nodeType === 3 ? td.firstChild : null;
        if (!text) continue;
        // The character before each line break (a change of line top between characters).
        const range = document.createRange();
        let top = null;
        const breaks = [];
        for (let i = 0; i < text.length; i++) {
          range.setStart(text, i);
          range.setEnd(text, i + 1);
          const r = range.getClientRects()[0];
          if (!r || !text.data[i].trim()) continue;
          if (top !== null && r.top > top + 2) breaks.push(text.data.slice(0, i).trimEnd().slice(-1));
          top = r.top;
        }
        out.push({ id, formula: text.data, breaks });
      }
      return out;
    });
    for (const f of found) {
      n++;
      if (f.breaks.length) wrapped++;
      if (f.breaks.some((c) => c !== '+')) bad.push(`${lang}#${f.id} "${f.formula}" breaks after ${JSON.stringify(f.breaks)}`);
    }
    await ctx.close();
  }
  assert(n > 0, 'no cost formula found');
  assert(bad.length === 0, bad.join('\n    '));
  return `${n} formulas, ${wrapped} of them on two lines, broken after a +`;
});

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    console.error(`figures.js: not a built site: ${DIST}`);
    process.exit(2);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROME || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  let passed = 0;
  let failed = 0;
  for (const { name, fn } of checks) {
    try {
      const note = await fn(browser);
      passed++;
      console.log(`PASS ${name}${note ? ` (${note})` : ''}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}\n  ${e.message}`);
    }
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
