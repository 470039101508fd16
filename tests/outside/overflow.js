'use strict';
// Slide overflow check in headless Chromium at 1280x720.
//
// Usage: node overflow.js DIST
// For every language folder with an index.html (the deck view), every `section.slide` is
// measured in two states:
//   print  - print media emulation: every slide is laid out as its own 1280x720 frame;
//   screen - the deck's own frame at a 1280x720 viewport, one slide at a time (navigated by
//            #id), scaled by deck.js; measurements are converted back to frame pixels.
// A slide fails when
//   - its frame is not 1280x720 CSS px;
//   - `.slide-inner` scrolls: scrollHeight > clientHeight or scrollWidth > clientWidth
//     (content, including the inner's bottom padding reserved for the slide number, does
//     not fit and is cut off by overflow:hidden);
//   - any visible element or text box extends outside the slide's box;
//   - any visible element or text box is cut by a clipping/scrolling box inside the slide
//     (a wide code block or table that would need scrolling, which a projector cannot do);
//   - any content overlaps the slide number in the footer.
// Tolerance: 1 px (sub-pixel rounding). Exits 1 if any slide fails.

const path = require('path');
const fs = require('fs');
const { serve, launch, newPage, settle } = require('./lib');

const dist = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'dist'));
const TOL = 1;

function langs() {
  return fs
    .readdirSync(dist, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dist, d.name, 'index.html')))
    .map((d) => d.name)
    .sort();
}

// Runs in the page. Returns the measurements of one slide (by id).
function measureSlide(args) {
  const { id, tol } = args;
  const slide = document.getElementById(id);
  const inner = slide.querySelector(':scope > .slide-inner');
  const footer = slide.querySelector(':scope > .slide-footer');
  const sr = slide.getBoundingClientRect();
  const k = slide.offsetWidth ? sr.width / slide.offsetWidth : 1; // deck scale (screen)
  const out = {
    id,
    index: Number(slide.dataset.index) || 0,
    frame: { w: slide.offsetWidth, h: slide.offsetHeight },
    inner: inner
      ? {
          scrollH: inner.scrollHeight,
          clientH: inner.clientHeight,
          scrollW: inner.scrollWidth,
          clientW: inner.clientWidth,
        }
      : null,
    slideScroll: { h: slide.scrollHeight - slide.clientHeight, w: slide.scrollWidth - slide.clientWidth },
    outside: [],
    clipped: [],
    footer: [],
  };

  function describe(el) {
    if (el.nodeType === 3) {
      const p = el.parentElement;
      return `${describe(p)} text "${el.textContent.replace(/\s+/g, ' ').trim().slice(0, 50)}"`;
    }
    let s = el.localName;
    if (el.id) s += '#' + el.id;
    const cls = typeof el.className === 'string' ? el.className.trim() : '';
    if (cls) s += '.' + cls.split(/\s+/).slice(0, 3).join('.');
    if (!el.id) {
      const parent = el.parentElement;
      if (parent && parent !== slide && parent !== inner) {
        let ps = parent.localName;
        const pc = typeof parent.className === 'string' ? parent.className.trim() : '';
        if (pc) ps += '.' + pc.split(/\s+/)[0];
        s = ps + ' > ' + s;
      }
    }
    return s;
  }

  function hiddenish(el) {
    const cs = getComputedStyle(el);
    if (cs.display === 'none' || cs.visibility === 'hidden' || cs.visibility === 'collapse') return true;
    if (cs.position === 'absolute' && (cs.clip === 'rect(0px, 0px, 0px, 0px)' || /inset\(50%\)/.test(cs.clipPath))) return true;
    return false;
  }

  // The nearest ancestor inside the slide (not the slide or .slide-inner, which are the
  // frame) that clips its content.
  function clipper(el) {
    for (let a = el.parentElement; a && a !== inner && a !== slide; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') return a;
    }
    return null;
  }

  function over(r, box) {
    return {
      top: (box.top - r.top) / k,
      right: (r.right - box.right) / k,
      bottom: (r.bottom - box.bottom) / k,
      left: (box.left - r.left) / k,
    };
  }
  function worst(o) {
    const parts = [];
    for (const side of ['top', 'right', 'bottom', 'left']) if (o[side] > tol) parts.push(`${side} +${Math.round(o[side])}px`);
    return parts;
  }

  const fr = footer && !hiddenish(footer) ? footer.getBoundingClientRect() : null;
  const range = document.createRange();
  const walker = document.createTreeWalker(inner || slide, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      if (n.nodeType === 1 && hiddenish(n)) return NodeFilter.FILTER_REJECT;
      if (n.nodeType === 3 && !n.textContent.trim()) return NodeFilter.FILTER_SKIP;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  const reportedOutside = new Set(); // elements already reported: skip their descendants
  function under(el, set) {
    for (let a = el; a && a !== slide; a = a.parentElement) if (set.has(a)) return true;
    return false;
  }
  function merge(a, b) {
    return { top: Math.max(a.top, b.top), right: Math.max(a.right, b.right), bottom: Math.max(a.bottom, b.bottom), left: Math.max(a.left, b.left) };
  }
  const NONE = { top: -Infinity, right: -Infinity, bottom: -Infinity, left: -Infinity };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.nodeType === 3 ? n.parentElement : n;
    let rects;
    if (n.nodeType === 3) {
      range.selectNodeContents(n);
      rects = Array.from(range.getClientRects());
    } else {
      rects = [n.getBoundingClientRect()];
    }
    rects = rects.filter((r) => r.width > 0 || r.height > 0);
    if (!rects.length) continue;
    const c = clipper(el);
    const cr = c && c !== el ? c.getBoundingClientRect() : null;
    let oFrame = NONE;
    let oClip = NONE;
    let foot = null;
    for (const r of rects) {
      oFrame = merge(oFrame, over(r, sr));
      if (cr) oClip = merge(oClip, over(r, cr));
      if (fr && !foot && (n.nodeType === 3 || /^(img|svg|table|pre|figure|video|canvas)$/.test(n.localName))) {
        const ix = Math.min(r.right, fr.right) - Math.max(r.left, fr.left);
        const iy = Math.min(r.bottom, fr.bottom) - Math.max(r.top, fr.top);
        if (ix > tol * k && iy > tol * k) foot = `${Math.round(ix / k)}x${Math.round(iy / k)}px`;
      }
    }
    const wf = worst(oFrame);
    if (wf.length) {
      if (!under(el, reportedOutside)) {
        out.outside.push({ what: describe(n), over: wf.join(', '), max: Math.max(oFrame.top, oFrame.right, oFrame.bottom, oFrame.left) });
        reportedOutside.add(el);
      }
    } else if (cr) {
      const wc = worst(oClip);
      if (wc.length) out.clipped.push({ what: describe(n), by: describe(c), over: wc.join(', ') });
    }
    if (foot) out.footer.push({ what: describe(n), by: foot });
  }
  // de-duplicate clipped reports per clipping box (keep the worst few)
  const byBox = new Map();
  for (const c of out.clipped) {
    if (!byBox.has(c.by)) byBox.set(c.by, []);
    byBox.get(c.by).push(c);
  }
  out.clipped = [];
  for (const [, list] of byBox) out.clipped.push(...list.slice(0, 3), ...(list.length > 3 ? [{ what: `… ${list.length - 3} more`, by: list[0].by, over: '' }] : []));
  out.outside.sort((a, b) => b.max - a.max);
  if (out.outside.length > 4) {
    const more = out.outside.length - 3;
    out.outside = out.outside.slice(0, 3);
    out.outside.push({ what: `… and ${more} more element(s) with less overflow`, over: '' });
  }
  for (const o of out.outside) delete o.max;
  out.footer = out.footer.slice(0, 5);
  return out;
}

function verdict(m) {
  const reasons = [];
  if (m.frame.w !== 1280 || m.frame.h !== 720) reasons.push(`frame is ${m.frame.w}x${m.frame.h}, not 1280x720`);
  if (m.inner) {
    const dv = m.inner.scrollH - m.inner.clientH;
    const dh = m.inner.scrollW - m.inner.clientW;
    if (dv > TOL) reasons.push(`content ${dv}px too tall (.slide-inner scrollHeight ${m.inner.scrollH} > clientHeight ${m.inner.clientH})`);
    if (dh > TOL) reasons.push(`content ${dh}px too wide (.slide-inner scrollWidth ${m.inner.scrollW} > clientWidth ${m.inner.clientW})`);
  } else {
    reasons.push('no .slide-inner');
  }
  if (m.slideScroll.h > TOL || m.slideScroll.w > TOL) reasons.push(`slide box scrolls by ${m.slideScroll.w}x${m.slideScroll.h}px`);
  for (const o of m.outside) reasons.push(o.over ? `outside the frame: ${o.what}: ${o.over}` : `outside the frame: ${o.what}`);
  for (const c of m.clipped) reasons.push(c.over ? `cut off inside ${c.by}: ${c.what}: ${c.over}` : `cut off inside ${c.by}: ${c.what}`);
  for (const f of m.footer) reasons.push(`overlaps the slide number: ${f.what} (${f.by})`);
  return reasons;
}

async function main() {
  const all = langs();
  if (!all.length) throw new Error(`no <lang>/index.html under ${dist}`);
  const srv = await serve(dist);
  const browser = await launch();
  const failures = []; // {lang, mode, id, index, reasons}
  const counts = {};
  const problemsAll = [];
  try {
    for (const lang of all) {
      const { page, context, problems } = await newPage(browser, srv.base);
      await page.goto(`${srv.base}${lang}/index.html`, { waitUntil: 'load' });
      await settle(page);
      const ids = await page.$$eval('#deck > section.slide, main section.slide', (ss) => [...new Set(ss.map((s) => s.id))]);
      counts[lang] = ids.length;
      if (!ids.length) failures.push({ lang, mode: '-', id: '-', index: 0, reasons: ['no section.slide found'] });

      // screen: the deck's own frame, one slide at a time
      for (const id of ids) {
        await page.evaluate((h) => {
          location.hash = h;
        }, '#' + id);
        await page.waitForFunction(
          (h) => {
            const s = document.getElementById(h);
            return s && !s.hidden && getComputedStyle(s).display !== 'none';
          },
          id,
          { timeout: 5000 },
        );
        await settle(page);
        const m = await page.evaluate(measureSlide, { id, tol: TOL });
        const r = verdict(m);
        if (r.length) failures.push({ lang, mode: 'screen', id, index: m.index, reasons: r });
      }

      // print: every slide laid out as a page
      await page.emulateMedia({ media: 'print' });
      await settle(page);
      for (const id of ids) {
        const m = await page.evaluate(measureSlide, { id, tol: TOL });
        const r = verdict(m);
        if (r.length) failures.push({ lang, mode: 'print', id, index: m.index, reasons: r });
      }
      for (const p of problems) problemsAll.push(`${lang}/index.html: ${p}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await srv.close();
  }

  // Print per slide, merging the two modes when they agree.
  const bySlide = new Map();
  for (const f of failures) {
    const key = `${f.lang}\u0000${f.id}`;
    if (!bySlide.has(key)) bySlide.set(key, { lang: f.lang, id: f.id, index: f.index, modes: [] });
    bySlide.get(key).modes.push(f);
  }
  const list = [...bySlide.values()].sort((a, b) => a.lang.localeCompare(b.lang) || a.index - b.index);
  for (const s of list) {
    const modes = s.modes.map((m) => m.mode);
    console.log(`OVERFLOW ${s.lang}/index.html#${s.id} (slide ${s.index}) [${modes.join(', ')}]`);
    const same = s.modes.length === 2 && JSON.stringify(s.modes[0].reasons) === JSON.stringify(s.modes[1].reasons);
    for (const m of same ? [s.modes[0]] : s.modes) {
      for (const r of m.reasons) console.log(`    ${same ? '' : m.mode + ': '}${r}`);
    }
  }
  for (const p of problemsAll) console.log(`note: ${p}`);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const summary = all.map((l) => `${l}: ${list.filter((s) => s.lang === l).length} of ${counts[l]} slides overflow`).join('; ');
  console.log(`\noverflow at 1280x720 (screen frame and print): ${summary} (${total} slides measured)`);
  process.exit(list.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(2);
});
