// kumo-deck check --layout: measure every slide of the deck page in the browser.
// Injected by src/check/layout.rs into a loaded deck page; shows each slide through its #id (as
// a reader navigates) and returns { slides, findings: [{ id, kind, text }] }. Sizes are in px of
// the 1280x720 frame (the deck scales the frame to the window; k undoes that).
(async () => {
  const TOL = 1;
  const MIN_PX = 16;
  const LATIN = /[A-Za-z0-9\u00C0-\u024F]/;
  const KATAKANA = /[\u30A1-\u30FA\u30FC-\u30FF\u31F0-\u31FF\uFF66-\uFF9F]/;
  const NO_FLOW = /^(pre|svg|math|script|style|textarea)$/;
  const GRAPHIC = /^(img|svg|table|pre|figure|video|canvas|iframe|object)$/;

  await document.fonts.ready;
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const shown = (s) => s.getClientRects().length > 0 && getComputedStyle(s).visibility !== 'hidden';

  function describe(el) {
    let s = el.localName;
    const cls = typeof el.className === 'string' ? el.className.trim() : '';
    if (cls) s += '.' + cls.split(/\s+/).slice(0, 2).join('.');
    const p = el.parentElement;
    if (p && !p.classList.contains('slide-inner')) s = `${p.localName} > ${s}`;
    const t = (el.textContent || '').replace(/\s+/g, ' ').trim();
    return t ? `${s} "${t.length > 40 ? t.slice(0, 40) + '…' : t}"` : s;
  }
  function hidden(el) {
    const cs = getComputedStyle(el);
    return cs.display === 'none' || (cs.position === 'absolute' && /inset\(50%\)|rect\(0px/.test(cs.clipPath + cs.clip));
  }
  function inFlow(el, inner) {
    for (let a = el; a && a !== inner; a = a.parentElement) if (NO_FLOW.test(a.localName)) return false;
    return true;
  }
  // The element whose lines a text node's characters are set in.
  function blockOf(node) {
    let el = node.parentElement;
    while (el && /^(inline|contents)$/.test(getComputedStyle(el).display)) el = el.parentElement;
    return el;
  }

  function measure(slide, add) {
    const inner = slide.querySelector(':scope > .slide-inner');
    if (!inner) return add('outside', 'the slide has no .slide-inner');
    const sr = slide.getBoundingClientRect();
    const k = slide.offsetWidth ? sr.width / slide.offsetWidth : 1;
    const ir = inner.getBoundingClientRect();
    const ic = getComputedStyle(inner);
    const box = {
      left: ir.left + parseFloat(ic.paddingLeft) * k,
      right: ir.right - parseFloat(ic.paddingRight) * k,
      top: ir.top + parseFloat(ic.paddingTop) * k,
      bottom: ir.bottom - parseFloat(ic.paddingBottom) * k,
    };
    const dh = inner.scrollHeight - inner.clientHeight;
    const dw = inner.scrollWidth - inner.clientWidth;
    if (dh > TOL) add('outside', `content is ${dh}px taller than the frame`);
    if (dw > TOL) add('outside', `content is ${dw}px wider than the frame`);
    const past = (r, b) => ({
      top: (b.top - r.top) / k, right: (r.right - b.right) / k,
      bottom: (r.bottom - b.bottom) / k, left: (b.left - r.left) / k,
    });
    const sides = (o) => Object.entries(o).filter(([, v]) => v > TOL).map(([s, v]) => `${s} +${Math.round(v)}px`);
    const x = (r) => `x=${Math.round((r.left - sr.left) / k)}-${Math.round((r.right - sr.left) / k)}`;
    const y = (r) => `y=${Math.round((r.top - sr.top) / k)}-${Math.round((r.bottom - sr.top) / k)}`;
    // A content slide's heading bar spans the frame's top edge by design: only the frame counts.
    const first = inner.firstElementChild;
    const bar = slide.classList.contains('slide--content') && first && /^h[1-3]$/.test(first.localName) ? first : null;
    const reported = new Set();
    const under = (el) => { for (let a = el; a && a !== inner; a = a.parentElement) if (reported.has(a)) return true; return false; };
    const small = new Map();
    const walker = document.createTreeWalker(inner, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.nodeType === 1 && hidden(n) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.nodeType === 3 ? n.parentElement : n;
      if (n.nodeType === 3 && !n.data.trim()) continue;
      let rects;
      if (n.nodeType === 3) { range.selectNodeContents(n); rects = [...range.getClientRects()]; }
      else rects = [n.getBoundingClientRect()];
      rects = rects.filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) continue;
      const r = rects.reduce((a, b) => ({
        left: Math.min(a.left, b.left), right: Math.max(a.right, b.right),
        top: Math.min(a.top, b.top), bottom: Math.max(a.bottom, b.bottom),
      }));
      if (!under(el)) {
        const out = sides(past(r, sr));
        const margin = sides(past(r, box));
        if (out.length) { add('outside', `${describe(el)} is outside the frame (${out.join(', ')}; ${x(r)}, ${y(r)} of 1280x720)`); reported.add(el); }
        else if (margin.length && !(bar && bar.contains(el)) && (n.nodeType === 3 || GRAPHIC.test(n.localName) || el.parentElement === inner)) {
          add('margin', `${describe(el)} runs into the margin (${margin.join(', ')}; ${x(r)}, ${y(r)} of 1280x720)`);
          reported.add(el);
        }
      }
      if (n.nodeType === 1) {
        const cs = getComputedStyle(n);
        const sw = n.scrollWidth - n.clientWidth, sh = n.scrollHeight - n.clientHeight;
        const clips = cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
        if (clips && n.clientWidth > 0 && (sw > TOL || sh > TOL)) {
          const what = cs.overflowX === 'auto' || cs.overflowX === 'scroll' || cs.overflowY === 'auto' ? 'scrolls' : 'clips its content';
          add('clipped', `${describe(n)} ${what} (${sw > TOL ? `${sw}px too wide` : ''}${sw > TOL && sh > TOL ? ', ' : ''}${sh > TOL ? `${sh}px too tall` : ''})`);
        }
      } else {
        const fs = parseFloat(getComputedStyle(el).fontSize);
        let scale = 1;
        if (el.closest('svg') && el.getScreenCTM) { const m = el.getScreenCTM(); if (m) scale = Math.hypot(m.a, m.b) / k; }
        else if (el.offsetWidth > 0) scale = el.getBoundingClientRect().width / el.offsetWidth / k;
        const px = Math.round(fs * scale * 10) / 10;
        if (px < MIN_PX - 0.05) {
          const key = `${px}`;
          if (!small.has(key)) small.set(key, []);
          small.get(key).push(el);
        }
      }
    }
    for (const [px, els] of small) {
      const uniq = [...new Set(els)];
      add('small-text', `text at ${px}px (under ${MIN_PX}px): ${uniq.length} element(s), e.g. ${describe(uniq[0])}`);
    }
    lines(inner, add);
  }

  // Line breaks: split Latin or katakana words, and last lines of one or two characters.
  function lines(inner, add) {
    const blocks = new Map(); // block element -> [{ ch, r } | null (a forced break or a separator)]
    const walker = document.createTreeWalker(inner, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.nodeType === 1 && (hidden(n) || NO_FLOW.test(n.localName)) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.nodeType === 1) {
        if (n.localName === 'br' || n.localName === 'wbr') {
          const b = blockOf(n);
          if (blocks.has(b)) blocks.get(b).push(n.localName === 'br' ? 'br' : null);
        }
        continue;
      }
      if (!n.data.trim() || !inFlow(n.parentElement, inner)) continue;
      const b = blockOf(n);
      if (!blocks.has(b)) blocks.set(b, []);
      const seq = blocks.get(b);
      let i = 0;
      for (const ch of n.data) {
        const len = ch.length;
        if (/\s/.test(ch)) { seq.push(null); i += len; continue; }
        range.setStart(n, i); range.setEnd(n, i + len);
        const r = [...range.getClientRects()].find((q) => q.width > 0 || q.height > 0);
        if (r) seq.push({ ch, top: r.top, h: r.height });
        i += len;
      }
    }
    for (const [block, seq] of blocks) {
      const segments = [[]];
      for (const c of seq) { if (c === 'br') segments.push([]); else segments[segments.length - 1].push(c); }
      for (const segment of segments) check(block, segment, add);
    }
  }

  function check(block, seq, add) {
    const text = seq.map((c) => (c ? c.ch : ' '));
    const ctx = (at) => `${text.slice(Math.max(0, at - 8), at).join('')}|${text.slice(at, at + 8).join('')}`.replace(/\s+/g, ' ');
    let line = [], count = 1, prev = null, last = null;
    for (let at = 0; at < seq.length; at++) {
      const c = seq[at];
      if (!c) { prev = null; line.push(' '); continue; }
      const broke = last && c.top > last.top + last.h * 0.5;
      if (broke) {
        count += 1; line = [];
        if (prev && LATIN.test(prev.ch) && LATIN.test(c.ch)) add('split-word', `Latin word split across lines: "${ctx(at)}" in ${describe(block)}`);
        if (prev && KATAKANA.test(prev.ch) && KATAKANA.test(c.ch)) add('split-word', `katakana word split across lines: "${ctx(at)}" in ${describe(block)}`);
      }
      line.push(c.ch);
      prev = c;
      last = c;
    }
    const tail = line.join('').trim();
    if (count > 1 && tail && [...tail.replace(/\s/g, '')].length <= 2) {
      add('short-line', `last line holds only "${tail}" in ${describe(block)}`);
    }
  }

  const slides = [...document.querySelectorAll('section.slide')];
  const findings = [];
  for (const slide of slides) {
    location.hash = '#' + slide.id;
    for (let i = 0; i < 40; i++) { await frame(); if (shown(slide)) break; }
    await frame();
    const seen = new Set();
    const add = (kind, text) => {
      if (seen.has(kind + text)) return;
      seen.add(kind + text);
      findings.push({ id: slide.id, kind, text });
    };
    if (!shown(slide)) add('outside', 'the slide is not shown when navigated to by its #id');
    else measure(slide, add);
  }
  return { slides: slides.length, findings };
})()
