'use strict';
// Presenting features of the default theme, in headless Chromium over file:// URLs.
//
//   node presenting.js DIST STEPS_DIST
//
// DIST: a built site (the bundled deck); STEPS_DIST: tests/fixtures/basic built with a `.steps`
// slide (#steps, 3 top-level items, then #after-steps) and known notes. Prints PASS/FAIL per
// check and a last line "N passed, M failed"; exits 1 if anything failed.

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { chromium } = require('playwright-core');

const DIST = path.resolve(process.argv[2] || '');
const STEPS = path.resolve(process.argv[3] || '');
const TIMEOUT = 15000; // generous: CI machines run several builds at once

// file:// URL of DIST/rel, where rel may end in #fragment
function url(dist, rel) {
  const i = rel.indexOf('#');
  const file = i < 0 ? rel : rel.slice(0, i);
  return pathToFileURL(path.join(dist, file)).href + (i < 0 ? '' : rel.slice(i));
}
function read(dist, rel) {
  return fs.readFileSync(path.join(dist, rel), 'utf8');
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
function languages(dist) {
  return fs
    .readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dist, d.name, 'index.html')))
    .map((d) => d.name)
    .sort();
}

async function launch() {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', headless: true, args });
}

// A context whose pages record JS errors; nothing may be fetched from the network.
async function context(browser, opts = {}) {
  const ctx = await browser.newContext({
    viewport: opts.viewport || { width: 1280, height: 800 },
    reducedMotion: 'reduce',
    javaScriptEnabled: opts.javaScriptEnabled !== false,
  });
  ctx.problems = [];
  await ctx.route(/^(https?|wss?):/, (route) => {
    ctx.problems.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  if (opts.init) await ctx.addInitScript(opts.init);
  const watch = (page) => {
    page.on('pageerror', (e) => ctx.problems.push(`JS error on ${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') ctx.problems.push(`console error on ${page.url()}: ${m.text()}`);
    });
  };
  ctx.on('page', watch);
  return ctx;
}

async function open(ctx, href) {
  const page = await ctx.newPage();
  await page.goto(href);
  await page.waitForFunction(() => !!document.querySelector('.deck.is-ready, .presenter.is-ready'), null, {
    timeout: TIMEOUT,
  });
  return page;
}

const hashOf = (page) => page.evaluate(() => decodeURIComponent(location.hash.slice(1)));

async function waitHash(page, id, what) {
  try {
    await page.waitForFunction((want) => decodeURIComponent(location.hash.slice(1)) === want, id, {
      timeout: TIMEOUT,
    });
  } catch (e) {
    throw new Error(`${what}: hash is #${await hashOf(page)}, expected #${id}`);
  }
}

// Ids of the slides of a language, in order (from the audience page).
async function slideIds(page) {
  return page.evaluate(() => [...document.querySelectorAll('#deck > section.slide')].map((s) => s.id));
}

// State of the step-by-step slide #steps in a page: revealed items and what is visible.
function stepsState(page, selector = '#steps') {
  return page.evaluate((sel) => {
    const s = document.querySelector(sel);
    const inner = s.querySelector('.slide-inner');
    const top = [...inner.querySelectorAll(':scope > ul > li')];
    const nested = [...inner.querySelectorAll('li li')];
    const vis = (el) => getComputedStyle(el).visibility === 'visible' && Number(getComputedStyle(el).opacity) > 0;
    return {
      step: s.getAttribute('data-step'),
      visible: top.map(vis),
      nestedVisible: nested.map(vis),
      paragraphVisible: [...inner.querySelectorAll(':scope > p')].every(vis),
    };
  }, selector);
}

// ------------------------------------------------------------------------------- checks
const checks = [];
function check(name, fn) {
  checks.push({ name, fn });
}

// Notes are on the presenter page and nowhere in the audience pages' HTML.
check('notes only in presenter.html (bundled deck and fixture)', async (browser) => {
  const ctx = await context(browser);
  let total = 0;
  for (const dist of [DIST, STEPS]) {
    for (const lang of languages(dist)) {
      const presenter = read(dist, `${lang}/presenter.html`).replace(/<wbr>/g, '');
      const page = await ctx.newPage();
      await page.goto(url(dist, `${lang}/presenter.html`));
      // text snippets of every note (no markup characters, so they appear verbatim in HTML)
      const snippets = await page.evaluate(() =>
        [...document.querySelectorAll('.presenter-notes-body')]
          .filter((n) => !n.querySelector('.presenter-no-notes'))
          .map((n) => {
            // the longest run of text without markup or characters HTML escapes appears
            // verbatim; Japanese phrase-break hints (<wbr>) are not text, so they are dropped
            const html = n.innerHTML.replace(/<wbr>/g, '');
            let best = '';
            for (const part of html.split(/<[^>]*>|&[a-zA-Z0-9#]+;|[&<>"'\u00a0]/)) {
              const d = part.trim();
              if (d.length > best.length) best = d;
            }
            return best.slice(0, 80);
          })
          .filter((s) => s.length >= 8)
      );
      await page.close();
      for (const s of snippets) {
        assert(presenter.includes(s), `${lang}: note snippet not found verbatim in presenter.html: ${s}`);
        for (const f of ['index.html', 'doc.html']) {
          assert(!read(dist, `${lang}/${f}`).replace(/<wbr>/g, '').includes(s), `${lang}/${f} contains speaker notes: "${s}"`);
        }
        const assets = path.join(dist, 'assets');
        const files = fs.readdirSync(assets, { recursive: true })
          .filter((f) => fs.statSync(path.join(assets, f)).isFile());
        for (const f of files) {
          assert(!read(dist, `assets/${f}`).includes(s), `assets/${f} contains speaker notes: "${s}"`);
        }
      }
      total += snippets.length;
    }
  }
  assert(total > 0, 'no speaker notes found at all: the check would be vacuous');
  const known = { en: 'Steps note: reveal one item at a time', ja: '段階表示のメモ: 一項目ずつ見せる' };
  for (const [lang, text] of Object.entries(known)) {
    assert(read(STEPS, `${lang}/presenter.html`).replace(/<wbr>/g, "").includes(text), `fixture ${lang}: known note missing from presenter.html`);
    assert(!read(STEPS, `${lang}/index.html`).includes(text), `fixture ${lang}: known note in index.html`);
    assert(!read(STEPS, `${lang}/doc.html`).includes(text), `fixture ${lang}: known note in doc.html`);
  }
  await ctx.close();
  return `${total} notes checked`;
});

// The presenter page shows the current slide, its notes, the next slide and the reference.
check('presenter view: current, next, notes, reference slide, n/N', async (browser) => {
  const ctx = await context(browser, { viewport: { width: 1440, height: 900 } });
  const [lang, other] = languages(DIST);
  const a = await open(ctx, url(DIST, `${lang}/index.html`));
  const ids = await slideIds(a);
  await a.close();
  const id = ids[1];
  const p = await open(ctx, url(DIST, `${lang}/presenter.html#${encodeURIComponent(id)}`));
  const st = await p.evaluate(() => {
    const shown = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const items = [...document.querySelectorAll('.presenter-item')].filter(
      (it) => !it.hidden && shown(it.querySelector('.presenter-slide'))
    );
    const cur = items[0] && items[0].querySelector('.presenter-slide');
    const notes = items[0] && items[0].querySelector('.presenter-notes');
    const refs = [...document.querySelectorAll('.reference-slide')].filter(shown);
    const next = document.querySelector('.presenter-next-stage > .slide');
    const r = cur && cur.getBoundingClientRect();
    const stage = cur && cur.parentElement.getBoundingClientRect();
    return {
      shownItems: items.length,
      current: cur && cur.id,
      notesShown: shown(notes),
      refs: refs.map((x) => x.getAttribute('data-ref-id')),
      refLang: refs[0] && refs[0].closest('[lang]').getAttribute('lang'),
      nextTitle: next && next.querySelector('h1, h2') && next.querySelector('h1, h2').textContent,
      nextIds: next ? next.querySelectorAll('[id]').length + (next.id ? 1 : 0) : -1,
      position: document.querySelector('.presenter-position').textContent,
      fits: r && stage && r.width <= stage.width + 1 && r.height <= stage.height + 1 && r.width > 200,
      elapsed: document.querySelector('.presenter-elapsed').textContent,
      clock: document.querySelector('.presenter-clock-time').textContent,
    };
  });
  const nextTitle = await p.evaluate(
    (nid) => {
      const h = document.getElementById(nid).querySelector('h1, h2');
      return h && h.textContent;
    },
    ids[2]
  );
  assert(st.shownItems === 1, `${st.shownItems} presenter items shown, expected 1`);
  assert(st.current === id, `current slide is ${st.current}, expected ${id}`);
  assert(st.notesShown, 'notes of the current slide not shown');
  assert(st.refs.length === 1 && st.refs[0] === id, `reference slides shown: ${st.refs}`);
  assert(st.refLang === other, `reference language ${st.refLang}, expected ${other}`);
  assert(st.nextTitle === nextTitle, `next preview "${st.nextTitle}", expected "${nextTitle}"`);
  assert(st.nextIds === 0, 'the next-slide preview repeats ids');
  assert(st.position === `2 / ${ids.length}`, `position "${st.position}"`);
  assert(st.fits, 'current slide does not fit its pane');
  assert(/^\d+:\d\d:\d\d$/.test(st.elapsed), `elapsed "${st.elapsed}"`);
  assert(/\d/.test(st.clock), `clock "${st.clock}"`);
  // the timer: start, it runs; pause, it stops; reset
  await p.click('.presenter-timer-toggle');
  await p.waitForFunction(() => document.querySelector('.presenter-elapsed').textContent !== '0:00:00', null, {
    timeout: 3000,
  });
  await p.keyboard.press('t');
  const paused = await p.textContent('.presenter-elapsed');
  await p.waitForTimeout(1200);
  assert((await p.textContent('.presenter-elapsed')) === paused, 'timer runs while paused');
  await p.click('.presenter-timer-reset');
  assert((await p.textContent('.presenter-elapsed')) === '0:00:00', 'reset does not zero the timer');
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

// The presenter layout, read at a distance: the current slide is the big pane, the next one
// smaller beside it, the notes large and inside the window, one counter; keys move it all.
async function presenterLayout(browser, viewport) {
  const notes = [];
  {
    for (const lang of languages(DIST)) {
      const ctx = await context(browser, { viewport });
      const p = await open(ctx, url(DIST, `${lang}/presenter.html`));
      const ids = await p.evaluate(() => [...document.querySelectorAll('.presenter-item > .presenter-pane .presenter-slide')].map((s) => s.id));
      await p.keyboard.press('ArrowRight');
      await waitHash(p, ids[1], `${lang} ${viewport.width}x${viewport.height}: presenter after → from the start`);
      const measure = () => p.evaluate(() => {
        const vis = (el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
        const item = [...document.querySelectorAll('.presenter-item')].find((it) => !it.hidden);
        const box = (el) => { const r = el.getBoundingClientRect(); return { l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height }; };
        const body = item.querySelector('.presenter-notes-body');
        const ref = [...document.querySelectorAll('.reference-slide')].find(vis);
        const counters = [...document.querySelectorAll('.presenter-position, .deck-counter')].filter(vis);
        const bar = document.querySelector('.presenter-bar');
        return {
          cur: box(item.querySelector('.presenter-slide')),
          next: document.querySelector('.presenter-next-stage > .slide') ? box(document.querySelector('.presenter-next-stage > .slide')) : null,
          ref: ref ? box(ref) : null,
          notes: box(body),
          notesPx: parseFloat(getComputedStyle(body.querySelector('li, p') || body).fontSize),
          counters: counters.map((c) => c.textContent),
          progress: parseFloat(getComputedStyle(bar).getPropertyValue('--progress')),
          win: { w: innerWidth, h: innerHeight },
        };
      });
      await p.waitForFunction(() => !!document.querySelector('.presenter-next-stage > .slide'), null, { timeout: TIMEOUT });
      const m = await measure();
      const where = `${lang} ${viewport.width}x${viewport.height}`;
      assert(m.cur.w >= 0.55 * m.win.w, `${where}: the current slide is ${(100 * m.cur.w / m.win.w).toFixed(0)}% of the width`);
      assert(m.next.w * m.next.h <= 0.6 * m.cur.w * m.cur.h, `${where}: the next slide is not smaller than the current one`);
      assert(m.next.l >= m.cur.r, `${where}: the next slide is not beside the current one`);
      if (m.ref) assert(m.ref.w < m.next.w && m.ref.t >= m.cur.b, `${where}: the reference slide is not a small pane under the current one`);
      const minPx = viewport.width >= 1920 ? 28 : 20;
      assert(m.notesPx >= minPx, `${where}: notes at ${m.notesPx}px (want >= ${minPx})`);
      assert(m.notes.h >= 0.3 * m.win.h && m.notes.b <= m.win.h && m.notes.t >= m.next.b, `${where}: notes pane ${JSON.stringify(m.notes)}`);
      for (const [k, b] of Object.entries({ cur: m.cur, next: m.next, notes: m.notes })) {
        assert(b.l >= 0 && b.t >= 0 && b.r <= m.win.w + 0.5 && b.b <= m.win.h + 0.5, `${where}: ${k} pane outside the window`);
      }
      assert(m.counters.length === 1 && m.counters[0] === `2 / ${ids.length}`, `${where}: visible counters ${JSON.stringify(m.counters)}`);
      assert(Math.abs(m.progress - 1 / (ids.length - 1)) < 1e-6, `${where}: progress ${m.progress}`);
      // keys: → moves everything on, End to the last slide, Home back
      await p.keyboard.press('ArrowRight');
      await waitHash(p, ids[2], `${where}: presenter after →`);
      assert((await measure()).counters[0] === `3 / ${ids.length}`, `${where}: counter after →`);
      await p.keyboard.press('End');
      await waitHash(p, ids[ids.length - 1], `${where}: presenter after End`);
      const end = await measure();
      assert(end.progress === 1, `${where}: progress at the end ${end.progress}`);
      await p.keyboard.press('Home');
      await waitHash(p, ids[0], `${where}: presenter after Home`);
      assert(!ctx.problems.length, ctx.problems.join('\n'));
      notes.push(`${where}: current ${(100 * m.cur.w / m.win.w).toFixed(0)}% wide, notes ${m.notesPx}px`);
      await ctx.close();
    }
  }
  return notes.join('; ');
}
for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  check(`presenter layout at ${viewport.width}x${viewport.height}: current slide large, next smaller, notes readable, one counter, keys (both languages)`, (b) => presenterLayout(b, viewport));
}

// Presenter and audience follow each other (both directions), messages carry ids.
async function syncScenario(browser, init) {
  const ctx = await context(browser, { init });
  const [lang] = languages(DIST);
  const a = await open(ctx, url(DIST, `${lang}/index.html`));
  const ids = await slideIds(a);
  const p = await open(ctx, url(DIST, `${lang}/presenter.html#${encodeURIComponent(ids[0])}`));
  // presenter -> audience
  await p.keyboard.press('ArrowRight');
  await waitHash(p, ids[1], 'presenter after →');
  await waitHash(a, ids[1], 'audience after presenter →');
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowRight');
  await waitHash(a, ids[3], 'audience after presenter → →');
  await p.keyboard.press('End');
  await waitHash(a, ids[ids.length - 1], 'audience after presenter End');
  await p.keyboard.type('5');
  await p.keyboard.press('Enter');
  await waitHash(a, ids[4], 'audience after presenter typed 5 Enter');
  await p.click('.presenter-controls .deck-prev');
  await waitHash(a, ids[3], 'audience after the presenter\'s ← button');
  // audience -> presenter
  await a.keyboard.press('ArrowLeft');
  await waitHash(p, ids[2], 'presenter after audience ←');
  await a.keyboard.press('Home');
  await waitHash(p, ids[0], 'presenter after audience Home');
  // the audience page really shows the slide (not only its hash)
  await p.keyboard.press('ArrowRight');
  await a.waitForFunction(
    (id) => {
      const s = document.getElementById(id);
      return s && !s.hidden && s.classList.contains('is-current');
    },
    ids[1],
    { timeout: TIMEOUT }
  );
  const status = await p.evaluate(() =>
    [...document.querySelectorAll('.presenter-audience [data-audience]')]
      .filter((s) => !s.hidden)
      .map((s) => s.getAttribute('data-audience'))
  );
  assert(status.length === 1 && status[0] === lang, `audience status shows ${JSON.stringify(status)}`);
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
}
check('sync: presenter <-> audience over BroadcastChannel (file://)', (b) => syncScenario(b));
check('sync: presenter <-> audience over localStorage events (no BroadcastChannel)', (b) =>
  syncScenario(b, 'delete window.BroadcastChannel;')
);

// A newly opened audience window takes the presenter's position.
check('sync: a new audience window joins at the presenter\'s slide', async (browser) => {
  const ctx = await context(browser);
  const [lang] = languages(DIST);
  const p = await open(ctx, url(DIST, `${lang}/presenter.html`));
  const id = await p.evaluate(() => document.querySelectorAll('.presenter-slide')[6].id);
  await p.keyboard.type('7');
  await p.keyboard.press('Enter');
  await waitHash(p, id, 'presenter after 7 Enter');
  const a = await open(ctx, url(DIST, `${lang}/index.html`));
  await waitHash(a, id, 'new audience window');
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

// `l` in the audience switches language at the same slide; the presenter keeps control.
check('language toggle l keeps the slide id; presenter still controls the audience', async (browser) => {
  const ctx = await context(browser);
  const [lang, other] = languages(DIST);
  assert(other, 'needs two languages');
  const a = await open(ctx, url(DIST, `${lang}/index.html`));
  const ids = await slideIds(a);
  const p = await open(ctx, url(DIST, `${lang}/presenter.html#${encodeURIComponent(ids[0])}`));
  for (let i = 0; i < 4; i++) await p.keyboard.press('ArrowRight');
  await waitHash(a, ids[4], 'audience follows presenter');
  await Promise.all([a.waitForNavigation(), a.keyboard.press('l')]);
  await a.waitForFunction(() => !!document.querySelector('.deck.is-ready'));
  assert(a.url().includes(`/${other}/index.html#`), `after l the audience is at ${a.url()}`);
  assert((await hashOf(a)) === ids[4], `after l the audience is at #${await hashOf(a)}, expected #${ids[4]}`);
  assert((await a.evaluate(() => document.documentElement.lang)) === other, 'audience page language');
  assert((await hashOf(p)) === ids[4], 'the presenter moved on the language switch');
  await p.keyboard.press('ArrowRight');
  await waitHash(a, ids[5], 'switched audience follows the presenter');
  await p.waitForFunction(
    (o) => [...document.querySelectorAll('.presenter-audience [data-audience]')].some((s) => !s.hidden && s.getAttribute('data-audience') === o),
    other,
    { timeout: TIMEOUT }
  );
  // the presenter switches the audience back (button; the key is l)
  await Promise.all([a.waitForNavigation(), p.click('.presenter-switch-audience')]);
  await a.waitForFunction(() => !!document.querySelector('.deck.is-ready'));
  assert(a.url().includes(`/${lang}/index.html#`), `after the presenter's switch the audience is at ${a.url()}`);
  assert((await hashOf(a)) === ids[5], `after the presenter's switch: #${await hashOf(a)}, expected #${ids[5]}`);
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

// `p` opens the presenter view of the current slide in a second window.
check('p opens presenter.html at the current slide', async (browser) => {
  const ctx = await context(browser);
  const [lang] = languages(DIST);
  const a = await open(ctx, url(DIST, `${lang}/index.html`));
  const ids = await slideIds(a);
  await a.keyboard.press('ArrowRight');
  await a.keyboard.press('ArrowRight');
  const [p] = await Promise.all([ctx.waitForEvent('page'), a.keyboard.press('p')]);
  await p.waitForLoadState();
  assert(p.url().endsWith(`/${lang}/presenter.html#${encodeURIComponent(ids[2])}`), `opened ${p.url()}`);
  await p.waitForFunction(() => !!document.querySelector('.presenter.is-ready'));
  await p.keyboard.press('ArrowRight');
  await waitHash(a, ids[3], 'audience follows the presenter opened with p');
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

// Help overlay in the deck's language, keyboard only; go to slide by number and prompt.
check('help overlay (?) and go to slide (digits+Enter, g prompt)', async (browser) => {
  const ctx = await context(browser);
  for (const lang of languages(DIST)) {
    const a = await open(ctx, url(DIST, `${lang}/index.html`));
    const ids = await slideIds(a);
    await a.keyboard.press('?');
    const help = await a.evaluate(() => {
      const h = document.querySelector('.deck-help');
      return {
        open: h.tagName === 'DIALOG' && h.open && h.getBoundingClientRect().height > 0,
        focusInside: h.contains(document.activeElement),
        keys: [...h.querySelectorAll('kbd')].map((k) => k.textContent),
        label: document.getElementById(h.getAttribute('aria-labelledby')).textContent,
        lang: document.documentElement.lang,
        // a modal <dialog> makes the rest of the page inert
        deckInert: h.matches(':modal'),
        emptyRows: [...h.querySelectorAll('tbody th')].filter((th) => !th.querySelector('kbd')).length,
      };
    });
    assert(help.open, `${lang}: ? does not open the help`);
    assert(help.focusInside, `${lang}: focus not in the help`);
    assert(help.deckInert, `${lang}: the deck is not inert behind the help`);
    assert(help.emptyRows === 0, `${lang}: ${help.emptyRows} help rows without keys (keymap and help disagree)`);
    for (const k of ['g', 'o', 'f', 'p', 'l', '?']) assert(help.keys.includes(k), `${lang}: help does not list ${k}`);
    const expected = read(DIST, `${lang}/index.html`).match(/<h2 id="deck-help-title"[^>]*>([^<]+)</);
    assert(expected && help.label === expected[1], `${lang}: help title "${help.label}"`);
    await a.keyboard.press('ArrowRight'); // ignored while the help is open
    assert((await hashOf(a)) === ids[0], `${lang}: keys reach the deck behind the help`);
    await a.keyboard.press('Escape');
    assert(await a.evaluate(() => !document.querySelector('.deck-help').open), `${lang}: Esc does not close the help`);
    // help button, keyboard only
    await a.focus('.deck-help-button');
    await a.keyboard.press('Enter');
    assert(await a.evaluate(() => document.querySelector('.deck-help').open), `${lang}: the ? button does not open the help`);
    for (let i = 0; i < 3; i++) {
      await a.keyboard.press('Tab');
      const where = await a.evaluate(() => {
        const f = document.activeElement;
        return !f || f === document.body || document.querySelector('.deck-help').contains(f) ? '' : f.outerHTML.slice(0, 80);
      });
      assert(!where, `${lang}: Tab leaves the help for ${where}`);
    }
    await a.keyboard.press('Escape');
    assert(
      await a.evaluate(() => document.activeElement === document.querySelector('.deck-help-button')),
      `${lang}: focus does not return to the ? button`
    );
    await a.evaluate(() => document.activeElement.blur());
    // digits then Enter
    await a.keyboard.type('12');
    await a.keyboard.press('Enter');
    await waitHash(a, ids[11], `${lang}: 12 Enter`);
    // g opens the prompt
    await a.keyboard.press('g');
    assert(await a.evaluate(() => document.activeElement === document.querySelector('.deck-goto-input')), `${lang}: g does not focus the prompt`);
    await a.keyboard.type(String(ids.length + 5));
    await a.keyboard.press('Enter');
    assert(
      await a.evaluate(() => !document.querySelector('.deck-goto-error').hidden && document.querySelector('.deck-goto-input').getAttribute('aria-invalid') === 'true'),
      `${lang}: an out-of-range number is not reported`
    );
    await a.fill('.deck-goto-input', '3');
    await a.keyboard.press('Enter');
    await waitHash(a, ids[2], `${lang}: g 3 Enter`);
    assert(await a.evaluate(() => !document.querySelector('.deck-goto').open), `${lang}: prompt still open`);
    await a.close();
  }
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

// Step-by-step lists: next reveals, previous hides, then the next slide; print shows all.
check('steps: items advance and go back; presenter and audience share the step', async (browser) => {
  const ctx = await context(browser);
  const a = await open(ctx, url(STEPS, 'en/index.html#steps'));
  let s = await stepsState(a);
  assert(s.step === '0' && s.visible.every((v) => !v), `start: ${JSON.stringify(s)}`);
  assert(s.paragraphVisible, 'non-list content of a steps slide is hidden');
  await a.keyboard.press('ArrowRight');
  s = await stepsState(a);
  assert(JSON.stringify(s.visible) === '[true,false,false]', `after 1 next: ${JSON.stringify(s)}`);
  assert((await hashOf(a)) === 'steps', 'left the slide before its last item');
  await a.keyboard.press('ArrowRight');
  s = await stepsState(a);
  assert(JSON.stringify(s.visible) === '[true,true,false]' && s.nestedVisible.every(Boolean), `after 2 next: ${JSON.stringify(s)}`);
  await a.keyboard.press('ArrowLeft');
  s = await stepsState(a);
  assert(JSON.stringify(s.visible) === '[true,false,false]', `previous hides: ${JSON.stringify(s)}`);
  await a.keyboard.press('ArrowRight');
  await a.keyboard.press('Space');
  s = await stepsState(a);
  assert(s.visible.every(Boolean), `all items: ${JSON.stringify(s)}`);
  await a.keyboard.press('ArrowRight');
  await waitHash(a, 'after-steps', 'next after the last item');
  await a.keyboard.press('ArrowLeft');
  await waitHash(a, 'steps', 'back to the steps slide');
  s = await stepsState(a);
  assert(s.visible.every(Boolean), `coming back shows all items: ${JSON.stringify(s)}`);
  // the presenter follows the step, and drives it
  const p = await open(ctx, url(STEPS, 'ja/presenter.html#steps'));
  await p.waitForFunction(() => document.getElementById('steps').getAttribute('data-step') === '3', null, { timeout: TIMEOUT });
  await p.keyboard.press('Home');
  await waitHash(a, 'cover', 'audience after presenter Home');
  const at = await p.evaluate(() => [...document.querySelectorAll('.presenter-slide')].findIndex((x) => x.id === 'steps'));
  await p.keyboard.type(String(at + 1));
  await p.keyboard.press('Enter');
  await waitHash(a, 'steps', `audience after presenter ${at + 1} Enter`);
  await p.keyboard.press('ArrowRight');
  await a.waitForFunction(() => document.getElementById('steps').getAttribute('data-step') === '1', null, { timeout: TIMEOUT });
  s = await stepsState(a);
  assert(JSON.stringify(s.visible) === '[true,false,false]', `audience after presenter →: ${JSON.stringify(s)}`);
  const label = await p.evaluate(() => !document.querySelector('.presenter-next-step-label').hidden);
  assert(label, 'presenter does not announce the next step');
  const preview = await stepsState(p, '.presenter-next-stage > .slide');
  assert(JSON.stringify(preview.visible) === '[true,true,false]', `next-step preview: ${JSON.stringify(preview)}`);
  // the language switch keeps the step
  await Promise.all([a.waitForNavigation(), a.keyboard.press('l')]);
  await a.waitForFunction(() => !!document.querySelector('.deck.is-ready'));
  await a.waitForFunction(() => document.getElementById('steps').getAttribute('data-step') === '1', null, { timeout: TIMEOUT });
  assert(a.url().includes('/ja/index.html#steps'), `after l: ${a.url()}`);
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

check('steps: print emulation, no-JS and the document view show every item', async (browser) => {
  const ctx = await context(browser);
  for (const lang of ['en', 'ja']) {
    const a = await open(ctx, url(STEPS, `${lang}/index.html#steps`));
    let s = await stepsState(a);
    assert(s.visible.every((v) => !v), `${lang}: screen start ${JSON.stringify(s)}`);
    await a.emulateMedia({ media: 'print' });
    s = await stepsState(a);
    assert(s.visible.every(Boolean) && s.nestedVisible.every(Boolean), `${lang}: print hides items: ${JSON.stringify(s)}`);
    const pages = await a.evaluate(() => [...document.querySelectorAll('#deck > .slide')].filter((x) => x.getClientRects().length).length);
    assert(pages === (await a.evaluate(() => document.querySelectorAll('#deck > .slide').length)), `${lang}: print does not show every slide`);
    const pdf = await a.pdf({ preferCSSPageSize: true, printBackground: true });
    assert(pdf.length > 1000, `${lang}: empty PDF`);
    await a.close();
    const d = await ctx.newPage();
    await d.goto(url(STEPS, `${lang}/doc.html`));
    s = await stepsState(d);
    assert(s.visible.every(Boolean), `${lang}: document view hides items: ${JSON.stringify(s)}`);
    await d.close();
  }
  const nojs = await context(browser, { javaScriptEnabled: false });
  const n = await nojs.newPage();
  await n.goto(url(STEPS, 'en/index.html#steps'));
  const s = await stepsState(n);
  assert(s.visible.every(Boolean), `no-JS hides items: ${JSON.stringify(s)}`);
  await nojs.close();
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
});

// The presenter page prints as a handout: every slide with its notes; slides without notes
// share a page (two or three to a sheet).
check('presenter handout: print shows every slide and its notes', async (browser) => {
  const ctx = await context(browser);
  const p = await open(ctx, url(STEPS, 'en/presenter.html#steps'));
  await p.emulateMedia({ media: 'print' });
  const r = await p.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0;
    return {
      items: document.querySelectorAll('.presenter-item').length,
      slides: [...document.querySelectorAll('.presenter-slide')].filter(shown).length,
      notes: [...document.querySelectorAll('.presenter-notes')].filter(shown).length,
      withNotes: [...document.querySelectorAll('.presenter-item')].filter((it) => !it.querySelector('.presenter-no-notes')).length,
      refs: [...document.querySelectorAll('.reference-slide')].filter(shown).length,
      controls: [...document.querySelectorAll('.presenter-bar, .presenter-controls')].filter(shown).length,
    };
  });
  assert(r.slides === r.items && r.notes === r.withNotes, `handout: ${JSON.stringify(r)}`);
  assert(r.refs === 0 && r.controls === 0, `handout shows screen-only parts: ${JSON.stringify(r)}`);
  const s = await stepsState(p);
  assert(s.visible.every(Boolean), 'handout hides list items');
  // the bundled deck's handout: a page per slide with notes, the others two or three a page
  const d = await open(ctx, url(DIST, 'en/presenter.html'));
  const counts = await d.evaluate(() => ({
    items: document.querySelectorAll('.presenter-item').length,
    withNotes: [...document.querySelectorAll('.presenter-item')].filter((it) => !it.querySelector('.presenter-no-notes')).length,
    // lengths of the runs of consecutive slides without notes (only neighbours share a page)
    runs: [...document.querySelectorAll('.presenter-item')]
      .map((it) => (it.querySelector('.presenter-no-notes') ? 'x' : ' '))
      .join('')
      .split(' ')
      .filter(Boolean)
      .map((r) => r.length),
  }));
  const pdf = (await d.pdf({ preferCSSPageSize: true, printBackground: true })).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
  const most = counts.withNotes + counts.runs.reduce((n, r) => n + Math.ceil(r / 2), 0);
  assert(pages > 0 && pages <= most, `handout of ${counts.items} slides (${counts.withNotes} with notes): ${pages} pages, at most ${most} expected`);
  assert(!ctx.problems.length, ctx.problems.join('\n'));
  await ctx.close();
  return `bundled deck handout: ${pages} pages for ${counts.items} slides`;
});

// ------------------------------------------------------------------------------- main
(async () => {
  let passed = 0;
  let failed = 0;
  let browser;
  try {
    browser = await launch();
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
