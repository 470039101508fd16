'use strict';
// The full-window viewer of the default theme in headless Chromium over file:// URLs: window
// fill, fading controls, keyboard use with the controls hidden, the phone view, per-slide fit,
// the slide-number policy and the brand settings.
//
//   node viewer.js DIST BRAND_DIST
//
// DIST: a built site (the bundled deck); BRAND_DIST: tests/fixtures/brand built. Prints
// PASS/FAIL per check and a last line "N passed, M failed"; exits 1 if anything failed.

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const DIST = path.resolve(process.argv[2] || '');
const BRAND = path.resolve(process.argv[3] || '');
const TIMEOUT = 15000; // generous: CI machines run several builds at once
const IDLE_MS = 2500; // js/72-chrome.js

const url = (dist, rel) => {
  const i = rel.indexOf('#');
  const file = i < 0 ? rel : rel.slice(0, i);
  return pathToFileURL(path.join(dist, file)).href + (i < 0 ? '' : rel.slice(i));
};
const languages = (dist) =>
  fs.readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dist, d.name, 'index.html')))
    .map((d) => d.name)
    .sort();
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function context(browser, opts = {}) {
  const ctx = await browser.newContext({
    viewport: opts.viewport || { width: 1280, height: 720 },
    reducedMotion: 'reduce',
    isMobile: !!opts.mobile,
    hasTouch: !!opts.mobile,
  });
  ctx.problems = [];
  await ctx.route(/^(https?|wss?):/, (route) => {
    ctx.problems.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  ctx.on('page', (page) => {
    page.on('pageerror', (e) => ctx.problems.push(`JS error on ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') ctx.problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
  });
  return ctx;
}
async function open(ctx, href) {
  const page = await ctx.newPage();
  await page.goto(href);
  await page.waitForFunction(() => !!document.querySelector('.deck.is-ready'), null, { timeout: TIMEOUT });
  return page;
}
const hashOf = (page) => page.evaluate(() => decodeURIComponent(location.hash.slice(1)));
// opacity of the deck's two bars
const bars = (page) => page.evaluate(() => ['.deck-bar', '.deck-controls'].map((s) => Number(getComputedStyle(document.querySelector(s)).opacity)));

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('the slide fills >= 90% of the window (1280x720, 1920x1080, both languages)', async (browser) => {
  const notes = [];
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    const ctx = await context(browser, { viewport });
    for (const lang of languages(DIST)) {
      const p = await open(ctx, url(DIST, `${lang}/index.html`));
      const fill = await p.evaluate(() => {
        const r = document.querySelector('.slide.is-current').getBoundingClientRect();
        return Math.max(r.width / innerWidth, r.height / innerHeight);
      });
      assert(fill >= 0.9, `${lang} ${viewport.width}x${viewport.height}: the slide fills ${(fill * 100).toFixed(1)}%`);
      notes.push(`${lang} ${viewport.width}: ${(fill * 100).toFixed(1)}%`);
      await p.close();
    }
    assert(!ctx.problems.length, ctx.problems.join('\n'));
    await ctx.close();
  }
  return notes.join(', ');
});

check('controls fade while the pointer rests and come back on a move', async (browser) => {
  const ctx = await context(browser);
  const p = await open(ctx, url(DIST, 'en/index.html'));
  await p.mouse.move(600, 300);
  assert((await bars(p)).every((o) => o === 1), `bars not shown after a move: ${await bars(p)}`);
  await p.waitForFunction(() => document.body.classList.contains('is-idle'), null, { timeout: IDLE_MS + 2000 });
  assert((await bars(p)).every((o) => o === 0), `bars still shown while idle: ${await bars(p)}`);
  // the bars do not take clicks while faded: a click at the controls' place hits the deck
  const hit = await p.evaluate(() => {
    const r = document.querySelector('.deck-next').getBoundingClientRect();
    const el = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return !!el.closest('.deck-controls');
  });
  assert(!hit, 'faded controls still catch clicks');
  await p.mouse.move(620, 320);
  assert((await bars(p)).every((o) => o === 1), `bars not back after a move: ${await bars(p)}`);
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

check('keyboard with the controls hidden: slide keys keep them hidden, Tab shows them', async (browser) => {
  const ctx = await context(browser);
  const p = await open(ctx, url(DIST, 'ja/index.html'));
  const ids = await p.evaluate(() => [...document.querySelectorAll('#deck > section.slide')].map((s) => s.id));
  await p.waitForFunction(() => document.body.classList.contains('is-idle'), null, { timeout: IDLE_MS + 2000 });
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  assert((await hashOf(p)) === ids[2], `ArrowRight x2 went to #${await hashOf(p)}`);
  assert(await p.evaluate(() => document.body.classList.contains('is-idle')), 'slide keys woke the controls');
  // the screen reader's counter follows, though it is not drawn
  const counter = await p.evaluate(() => {
    const c = document.querySelector('.deck-counter');
    return { text: c.textContent, live: c.getAttribute('aria-live'), w: c.getBoundingClientRect().width };
  });
  assert(counter.text === `3 / ${ids.length}` && counter.live === 'polite' && counter.w <= 1, JSON.stringify(counter));
  // Tab reaches the bars, which show while they hold focus
  let shown = false;
  for (let i = 0; i < 12 && !shown; i++) {
    await p.keyboard.press('Tab');
    shown = await p.evaluate(() => {
      const f = document.activeElement;
      const bar = f && f.closest('.deck-bar, .deck-controls');
      return !!bar && Number(getComputedStyle(bar).opacity) === 1;
    });
  }
  assert(shown, 'Tab does not reach a visible bar');
  // a focused control works by keyboard: the next button
  await p.focus('.deck-next');
  await p.keyboard.press('Enter');
  assert((await hashOf(p)) === ids[3], `Enter on the next button went to #${await hashOf(p)}`);
  const names = await p.evaluate(() => [...document.querySelectorAll('.deck-controls button')].filter((b) => !b.hidden)
    .map((b) => (b.getAttribute('aria-label') || b.textContent).trim()));
  assert(names.every(Boolean), `a control without a name: ${JSON.stringify(names)}`);
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

check('one counter: numbers in the frame, none on title, section and closing slides', async (browser) => {
  const ctx = await context(browser);
  const p = await open(ctx, url(DIST, 'en/index.html'));
  const r = await p.evaluate(() => [...document.querySelectorAll('#deck > section.slide')].map((s) => ({
    kind: (s.className.match(/slide--(\w+)/) || [])[1],
    n: s.querySelector('.slide-footer .slide-number') ? s.querySelector('.slide-number').textContent : null,
    i: s.dataset.index,
  })));
  const bad = r.filter((s) => (s.kind === 'content') !== (s.n === s.i));
  assert(!bad.length, `slide numbers against the policy: ${JSON.stringify(bad.slice(0, 5))}`);
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
  return `${r.filter((s) => s.n).length} of ${r.length} slides numbered`;
});

check('every slide fits its frame (both languages), print keeps the fit', async (browser) => {
  const ctx = await context(browser);
  const notes = [];
  for (const lang of languages(DIST)) {
    const p = await open(ctx, url(DIST, `${lang}/index.html`));
    const out = await p.evaluate(() => [...document.querySelectorAll('#deck > section.slide')].flatMap((s) => {
      s.hidden = false;
      const inner = s.querySelector('.slide-inner');
      const cs = getComputedStyle(inner);
      const k = s.getBoundingClientRect().width / s.offsetWidth;
      const ir = inner.getBoundingClientRect();
      const right = ir.right - (parseFloat(cs.paddingRight) - 1) * k;
      const bottom = ir.bottom - (parseFloat(cs.paddingBottom) - 1) * k;
      const bad = [...inner.querySelectorAll(':scope > :not(:first-child), table, pre, svg, img')]
        .filter((e) => { const r = e.getBoundingClientRect(); return r.width && (r.right > right || r.bottom > bottom); })
        .map((e) => `${s.id}: ${e.localName}`);
      if (inner.scrollHeight > inner.clientHeight + 1) bad.push(`${s.id}: inner scrolls`);
      s.hidden = !s.classList.contains('is-current');
      return bad;
    }));
    assert(!out.length, `${lang}: ${out.slice(0, 8).join('; ')}`);
    const fitted = await p.evaluate(() => [...document.querySelectorAll('#deck > section.slide[data-fit]')].map((s) => s.id));
    notes.push(`${lang}: ${fitted.length} fitted (${fitted.join(' ')})`);
    if (fitted.length) {
      await p.emulateMedia({ media: 'print' });
      const fs1 = await p.evaluate((id) => parseFloat(getComputedStyle(document.getElementById(id)).fontSize), fitted[0]);
      assert(fs1 < 26, `${lang}: print drops the fit of #${fitted[0]} (${fs1}px)`);
      await p.emulateMedia({ media: 'screen' });
    }
    await p.close();
  }
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
  return notes.join('; ');
});

check('phone held upright: the document view or a rotate hint, not a tiny frame', async (browser) => {
  const ctx = await context(browser, { viewport: { width: 390, height: 844 }, mobile: true });
  const p = await open(ctx, url(DIST, 'en/index.html#eks-overview'));
  const id = await hashOf(p);
  const s = await p.evaluate(() => ({
    hint: getComputedStyle(document.querySelector('.deck-phone')).display !== 'none',
    deck: getComputedStyle(document.querySelector('.deck')).display,
    doc: document.querySelector('.deck-phone-doc').getAttribute('href'),
    font: parseFloat(getComputedStyle(document.querySelector('.deck-phone p')).fontSize),
  }));
  assert(s.hint && s.deck === 'none', `phone view: ${JSON.stringify(s)}`);
  assert(s.doc === `doc.html#${id}`, `the document link does not keep the slide: ${s.doc}`);
  assert(s.font >= 16, `hint text ${s.font}px`);
  await p.click('.deck-phone-show');
  const shown = await p.evaluate(() => getComputedStyle(document.querySelector('.deck')).display !== 'none'
    && document.querySelector('.slide.is-current').getBoundingClientRect().width > 300);
  assert(shown, '"show the slide anyway" does not show it');
  await p.setViewportSize({ width: 844, height: 390 });
  const landscape = await p.evaluate(() => getComputedStyle(document.querySelector('.deck-phone')).display);
  assert(landscape === 'none', 'the hint stays in landscape');
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

check('document view on a phone: wide tables scroll in their own box, marked; TOC and landing page', async (browser) => {
  const ctx = await context(browser, { viewport: { width: 390, height: 844 }, mobile: true });
  const p = await ctx.newPage();
  await p.goto(url(DIST, 'en/doc.html#lifecycle-eks'));
  await p.waitForTimeout(300);
  const r = await p.evaluate(() => {
    const box = document.querySelector('#lifecycle-eks .table-scroll');
    return {
      box: !!box,
      scrolls: box && box.classList.contains('kd-scrolls'),
      tab: box && box.getAttribute('tabindex'),
      page: document.documentElement.scrollWidth <= innerWidth,
      font: box ? parseFloat(getComputedStyle(box.querySelector('td')).fontSize) : 0,
      repeated: [...document.querySelectorAll('.doc-toc .toc-section')].filter((h) =>
        [...h.parentElement.querySelectorAll('li[data-n] a')].some((a) => a.textContent === h.textContent)).length,
    };
  });
  assert(r.box && r.scrolls && r.tab === '0', `wide table not in a marked scroll box: ${JSON.stringify(r)}`);
  assert(r.page, 'the document page scrolls sideways on a phone');
  assert(r.font >= 14, `table text ${r.font}px on a phone`);
  assert(r.repeated === 0, `${r.repeated} section titles repeated in the TOC`);
  await p.goto(url(DIST, 'index.html'));
  const home = await p.evaluate(() => ({
    h1: document.querySelector('h1').textContent,
    subs: [...document.querySelectorAll('.home-deck-title')].map((e) => e.textContent),
    icon: document.querySelector('link[rel=icon]') && document.querySelector('link[rel=icon]').getAttribute('href'),
  }));
  assert(!home.subs.includes(home.h1), `the landing page repeats its title: ${JSON.stringify(home)}`);
  assert(home.icon && fs.existsSync(path.join(DIST, home.icon)), `no favicon: ${home.icon}`);
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

check('brand settings: colours, logo, footer text and numbers on every slide', async (browser) => {
  const ctx = await context(browser);
  for (const lang of languages(BRAND)) {
    const p = await open(ctx, url(BRAND, `${lang}/index.html`));
    await p.evaluate(() => document.fonts.ready);
    const r = await p.evaluate(() => {
      const s = document.querySelector('.slide.is-current');
      const logo = s.querySelector('.slide-logo');
      const h = document.querySelector('#overview .slide-inner > h2');
      return {
        navy: getComputedStyle(document.documentElement).getPropertyValue('--c-navy').trim(),
        heading: h ? getComputedStyle(h).backgroundColor : '',
        logo: logo ? logo.complete && logo.naturalWidth > 0 : false,
        footer: s.querySelector('.slide-footer-text') ? s.querySelector('.slide-footer-text').textContent : '',
        footerPx: s.querySelector('.slide-footer-text') ? parseFloat(getComputedStyle(s.querySelector('.slide-footer-text')).fontSize) : 0,
        title: s.querySelector('.slide-number') ? s.querySelector('.slide-number').textContent : '',
        icon: document.querySelector('link[rel=icon]').getAttribute('href'),
      };
    });
    assert(r.navy === '#5a1e6e' && r.heading === 'rgb(90, 30, 110)', `${lang}: brand colour ${JSON.stringify(r)}`);
    assert(r.logo, `${lang}: the logo does not load`);
    assert(r.footer.startsWith('© 2026 Example'), `${lang}: footer "${r.footer}"`);
    assert(r.footerPx >= 16, `${lang}: footer text ${r.footerPx}px`);
    assert(r.title === '1', `${lang}: slide_numbers = "all" but the title slide has "${r.title}"`);
    assert(/brand\/logo\.[0-9a-f]+\.svg$/.test(r.icon), `${lang}: favicon ${r.icon}`);
    await p.close();
  }
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

(async () => {
  let passed = 0;
  let failed = 0;
  let browser;
  try {
    const args = ['--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-dev-shm-usage'];
    if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
    browser = await chromium.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', headless: true, args });
  } catch (e) {
    console.log(`FAIL  launch Chromium: ${e.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  for (const c of checks) {
    const t0 = Date.now();
    try {
      const note = await Promise.race([
        c.fn(browser),
        new Promise((_, rej) => setTimeout(() => rej(new Error('timed out after 60 s')), 60000)),
      ]);
      passed++;
      console.log(`PASS  ${c.name} (${Date.now() - t0} ms)${note ? `: ${note}` : ''}`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${c.name}: ${String(e.message || e).split('\n').join('\n      ')}`);
    }
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
