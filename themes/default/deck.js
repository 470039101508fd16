/*! kumo-deck default theme: deck view navigation and hash-keeping links.
 *
 * Deck page (body.view-deck): one 1280x720 slide at a time, scaled into the stage
 * (--deck-scale), keyboard/touch/buttons, #slide-id permalinks via replaceState,
 * overview grid, fullscreen. Document page (body.view-doc): keeps the deck link and
 * the language switch pointing at the section nearest the top of the viewport.
 * Relative URLs only (file://, any sub-path). No dependencies, no network.
 */
(function () {
  "use strict";

  var root = document.documentElement;
  var body = document.body;
  if (!body || !document.querySelector) return;
  if (!root.classList.contains("js")) {
    root.classList.remove("no-js");
    root.classList.add("js");
  }

  var SLIDE_W = 1280;
  var SLIDE_H = 720;

  function toArray(list) { return Array.prototype.slice.call(list); }

  function hashId() {
    var h = location.hash.replace(/^#/, "");
    if (!h) return "";
    try { return decodeURIComponent(h); } catch (e) { return h; }
  }

  /* ---------------------------------------------------------------- links
   * Links marked data-lang-switch / data-keep-hash keep the current position. */
  var keepLinks = toArray(document.querySelectorAll("a[data-lang-switch], a[data-keep-hash]"));
  keepLinks.forEach(function (a) {
    var href = a.getAttribute("href") || "";
    var i = href.indexOf("#");
    a.setAttribute("data-base-href", i < 0 ? href : href.slice(0, i));
  });
  function keepHash(id) {
    keepLinks.forEach(function (a) {
      var base = a.getAttribute("data-base-href") || "";
      a.setAttribute("href", id ? base + "#" + encodeURIComponent(id) : base);
    });
  }

  if (body.classList.contains("view-deck")) initDeck();
  else if (body.classList.contains("view-doc")) initDoc();

  /* ============================================================ deck view */
  function initDeck() {
    var deck = document.getElementById("deck") || document.querySelector(".deck");
    if (!deck) return;
    var slides = toArray(deck.children).filter(function (el) {
      return el.classList.contains("slide");
    });
    var n = slides.length;
    if (!n) return;

    var counter = document.querySelector(".deck-counter");
    var bar = document.querySelector(".deck-progress-bar");
    var btnPrev = document.querySelector(".deck-prev");
    var btnNext = document.querySelector(".deck-next");
    var btnOverview = document.querySelector(".deck-overview");
    var btnFull = document.querySelector(".deck-fullscreen");

    var current = -1;
    var overview = false;
    var cols = 4;

    slides.forEach(function (s) { s.setAttribute("tabindex", "-1"); });

    function indexOfId(id) {
      if (!id) return -1;
      var el = document.getElementById(id);
      if (!el) return -1;
      var s = el.closest ? el.closest(".slide") : null;
      return s ? slides.indexOf(s) : -1;
    }

    function setHash(id, push) {
      if (hashId() === id) return;
      try {
        if (push) history.pushState(null, "", "#" + id);
        else history.replaceState(history.state, "", "#" + id);
      } catch (e) {
        /* some file:// setups refuse the history API: fall back to the location */
        if (push) location.hash = id;
        else location.replace("#" + id);
      }
    }

    function resetScroll() {
      /* anchors and focus can scroll overflow:hidden boxes; frames never scroll */
      if (!overview) { deck.scrollTop = 0; deck.scrollLeft = 0; }
      if (window.scrollY || window.scrollX) window.scrollTo(0, 0);
    }

    function go(i, opts) {
      opts = opts || {};
      i = Math.max(0, Math.min(n - 1, i));
      var prev = current >= 0 ? slides[current] : null;
      var focusWasInside = !!(prev && prev.contains(document.activeElement));
      var changed = i !== current;
      current = i;
      slides.forEach(function (s, j) {
        var on = j === i;
        s.classList.toggle("is-current", on);
        if (on) s.setAttribute("aria-current", "step");
        else s.removeAttribute("aria-current");
        s.hidden = !overview && !on;
      });
      var s = slides[i];
      var inner = s.querySelector(".slide-inner");
      if (inner) { inner.scrollTop = 0; inner.scrollLeft = 0; }
      if (counter) counter.textContent = (i + 1) + " / " + n;
      if (bar) bar.style.width = ((i + 1) / n * 100).toFixed(3) + "%";
      if (btnPrev) btnPrev.setAttribute("aria-disabled", String(i === 0));
      if (btnNext) btnNext.setAttribute("aria-disabled", String(i === n - 1));
      if (opts.hash !== false) setHash(s.id, !!opts.push);
      keepHash(s.id);
      if (!overview && (focusWasInside || opts.focus)) focusSlide();
      if (changed || opts.focus) resetScroll();
    }

    function focusSlide() {
      var s = slides[current];
      try { s.focus({ preventScroll: true }); } catch (e) { s.focus(); }
      resetScroll();
    }

    function next() { if (current < n - 1) go(current + 1); }
    function prev() { if (current > 0) go(current - 1); }

    /* ---------------------------------------------------------- scaling */
    function fit() {
      var w = deck.clientWidth;
      var h = deck.clientHeight;
      if (!w || !h) return;
      if (overview) { fitOverview(); return; }
      var gap = parseFloat(getComputedStyle(deck).getPropertyValue("--stage-gap")) || 0;
      var s = Math.min((w - 2 * gap) / SLIDE_W, (h - 2 * gap) / SLIDE_H);
      s = Math.max(0.05, Math.floor(s * 10000) / 10000);
      root.style.setProperty("--deck-scale", String(s));
    }

    function fitOverview() {
      var cs = getComputedStyle(deck);
      var pad = (parseFloat(cs.paddingLeft) || 0) + (parseFloat(cs.paddingRight) || 0);
      var gap = parseFloat(cs.columnGap) || 0;
      var w = deck.clientWidth - pad;
      cols = Math.max(1, Math.min(5, Math.floor((w + gap) / (220 + gap))));
      var s = (w - (cols - 1) * gap) / cols / SLIDE_W;
      s = Math.max(0.05, Math.floor(s * 10000) / 10000);
      root.style.setProperty("--thumb-cols", String(cols));
      root.style.setProperty("--thumb-scale", String(s));
    }

    if (window.ResizeObserver) new ResizeObserver(fit).observe(deck);
    window.addEventListener("resize", fit);

    /* --------------------------------------------------------- overview */
    function setOverview(on, jumpTo) {
      if (on === overview) return;
      overview = on;
      deck.classList.toggle("is-overview", on);
      body.classList.toggle("is-overview", on);
      if (btnOverview) btnOverview.setAttribute("aria-pressed", String(on));
      slides.forEach(function (s) {
        toArray(s.children).forEach(function (c) {
          if (on) c.setAttribute("inert", ""); else c.removeAttribute("inert");
        });
        /* thumbnails are tab stops (labelled regions; Enter/click opens them) */
        s.setAttribute("tabindex", on ? "0" : "-1");
      });
      fit();
      if (on) {
        go(current, { hash: false });
        var s = slides[current];
        try { s.focus({ preventScroll: true }); } catch (e) { s.focus(); }
        if (s.scrollIntoView) s.scrollIntoView({ block: "nearest" });
      } else {
        deck.scrollTop = 0;
        go(typeof jumpTo === "number" ? jumpTo : current, { focus: true });
      }
    }

    function overviewKey(e) {
      var k = e.key;
      var t = e.target;
      var at = slides.indexOf(t);
      if (k === "Escape" || k === "o" || k === "O") { setOverview(false); return true; }
      if (at < 0) {
        /* focus outside the grid (a control): arrows bring it back to the grid */
        if (/^Arrow/.test(k)) { slides[current].focus(); return true; }
        return false;
      }
      var to = at;
      switch (k) {
        case "ArrowRight": to = at + 1; break;
        case "ArrowLeft": to = at - 1; break;
        case "ArrowDown": to = at + cols; break;
        case "ArrowUp": to = at - cols; break;
        case "Home": to = 0; break;
        case "End": to = n - 1; break;
        case "Enter": case " ": case "Spacebar": setOverview(false, at); return true;
        default: return false;
      }
      to = Math.max(0, Math.min(n - 1, to));
      slides[to].focus();
      return true;
    }

    /* --------------------------------------------------------- fullscreen */
    function fsElement() {
      return document.fullscreenElement || document.webkitFullscreenElement || null;
    }
    var fsEnabled = !!(document.fullscreenEnabled || document.webkitFullscreenEnabled);
    if (btnFull && !fsEnabled) btnFull.hidden = true;

    function toggleFullscreen() {
      if (!fsEnabled) return;
      if (fsElement()) {
        var exit = document.exitFullscreen || document.webkitExitFullscreen;
        if (exit) {
          var r = exit.call(document);
          if (r && r.catch) r.catch(function () {});
        }
      } else {
        var req = root.requestFullscreen || root.webkitRequestFullscreen;
        if (req) {
          var p = req.call(root);
          if (p && p.catch) p.catch(function () {});
        }
      }
    }
    function onFullscreenChange() {
      var on = !!fsElement();
      root.classList.toggle("is-fullscreen", on);
      if (btnFull) btnFull.setAttribute("aria-pressed", String(on));
      fit();
    }
    document.addEventListener("fullscreenchange", onFullscreenChange);
    document.addEventListener("webkitfullscreenchange", onFullscreenChange);
    if (btnFull) btnFull.setAttribute("aria-pressed", "false");

    /* ------------------------------------------------------------ keys */
    function isFormField(el) {
      if (!el || !el.closest) return false;
      return !!el.closest("input, textarea, select, [contenteditable]:not([contenteditable='false']), [role='textbox']");
    }
    function isActivatable(el) {
      if (!el || !el.closest) return false;
      return !!el.closest("a[href], button, summary, [role='button'], [role='link']");
    }

    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (isFormField(e.target)) return;
      if (overview) {
        if (overviewKey(e)) e.preventDefault();
        return;
      }
      var k = e.key;
      switch (k) {
        case "ArrowRight": case "ArrowDown": case "PageDown": case "Right": case "Down":
          next(); break;
        case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace": case "Left": case "Up":
          prev(); break;
        case " ": case "Spacebar":
          if (isActivatable(e.target)) return;
          if (e.shiftKey) prev(); else next();
          break;
        case "Enter":
          if (isActivatable(e.target)) return;
          next(); break;
        case "Home": go(0); break;
        case "End": go(n - 1); break;
        case "o": case "O": setOverview(true); break;
        case "f": case "F": toggleFullscreen(); break;
        default: return;
      }
      e.preventDefault();
    });

    /* ----------------------------------------------------------- buttons */
    function onActivate(btn, fn) {
      if (btn) btn.addEventListener("click", function (e) { e.preventDefault(); fn(); });
    }
    onActivate(btnPrev, prev);
    onActivate(btnNext, next);
    onActivate(btnOverview, function () { setOverview(!overview); });
    onActivate(btnFull, toggleFullscreen);

    /* ------------------------------------------------- clicks and links */
    document.addEventListener("click", function (e) {
      if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      var t = e.target;
      if (overview && deck.contains(t)) {
        var thumb = t.closest ? t.closest(".slide") : null;
        if (thumb && slides.indexOf(thumb) >= 0) {
          e.preventDefault();
          setOverview(false, slides.indexOf(thumb));
        }
        return;
      }
      var a = t.closest ? t.closest("a[href]") : null;
      if (!a) return;
      var href = a.getAttribute("href") || "";
      if (href.charAt(0) !== "#" || href.length < 2) return;
      var id = href.slice(1);
      try { id = decodeURIComponent(id); } catch (err) { /* keep raw */ }
      var el = document.getElementById(id);
      if (!el) return;
      if (el === deck || (el.contains && el.contains(deck))) {
        /* skip link: land on the current slide, keep its hash */
        e.preventDefault();
        if (overview) setOverview(false); else focusSlide();
        return;
      }
      var i = indexOfId(id);
      if (i < 0) return;
      e.preventDefault();
      if (overview) { setOverview(false, i); return; }
      var fromSlide = !!a.closest(".slide");
      go(i, { push: i !== current, focus: fromSlide });
    });

    /* ------------------------------------------------------------- touch */
    var sx = null, sy = 0, st = 0;
    deck.addEventListener("touchstart", function (e) {
      if (overview || e.touches.length !== 1) { sx = null; return; }
      sx = e.touches[0].clientX; sy = e.touches[0].clientY; st = Date.now();
    }, { passive: true });
    deck.addEventListener("touchmove", function (e) {
      if (e.touches.length !== 1) sx = null;
    }, { passive: true });
    deck.addEventListener("touchend", function (e) {
      if (sx === null || !e.changedTouches.length) return;
      var dx = e.changedTouches[0].clientX - sx;
      var dy = e.changedTouches[0].clientY - sy;
      sx = null;
      if (Date.now() - st > 1000) return;
      if (Math.abs(dx) < 50 || Math.abs(dx) < 1.5 * Math.abs(dy)) return;
      if (dx < 0) next(); else prev();
    }, { passive: true });

    /* -------------------------------------------------------------- hash */
    function fromHash() {
      var id = hashId();
      var i = indexOfId(id);
      if (i >= 0) {
        if (overview) setOverview(false, i);
        else if (i !== current) go(i, { hash: false });
        else keepHash(slides[i].id);
        /* an id inside a slide (not the slide itself): show the slide's own id */
        if (slides[i].id !== id) setHash(slides[i].id, false);
        return;
      }
      var el = id ? document.getElementById(id) : null;
      if (el && (el === deck || el.contains(deck))) {
        if (overview) setOverview(false);
        setHash(slides[current].id, false);
        focusSlide();
        return;
      }
      /* unknown or empty hash: first slide */
      if (overview) setOverview(false, 0);
      else go(0);
    }
    window.addEventListener("hashchange", fromHash);
    window.addEventListener("popstate", function () {
      if (indexOfId(hashId()) !== current) fromHash();
    });

    /* ------------------------------------------------------------- start */
    var start = indexOfId(hashId());
    go(start >= 0 ? start : 0);
    fit();
    deck.classList.add("is-ready");
  }

  /* ======================================================== document view */
  function initDoc() {
    var sections = toArray(document.querySelectorAll(".doc-slide[id]"));
    if (!sections.length) return;
    var tocLinks = {};
    toArray(document.querySelectorAll(".doc-toc a[href^='#']")).forEach(function (a) {
      tocLinks[a.getAttribute("href").slice(1)] = a;
    });
    var bar = document.querySelector(".doc-bar");
    var shown = null;
    var pending = false;

    function sectionOf(id) {
      var el = id ? document.getElementById(id) : null;
      return el && el.closest ? el.closest(".doc-slide[id]") : null;
    }

    /* The section whose top has passed a line just below the sticky bar; the one the
     * location hash names wins while it is on screen (the last, short sections of a
     * page can never scroll up to the line). */
    function nearest() {
      var top = 0;
      if (bar && getComputedStyle(bar).position === "sticky") top = bar.getBoundingClientRect().bottom;
      var line = top + Math.min(120, window.innerHeight * 0.25);
      var hashed = sectionOf(hashId());
      if (hashed) {
        var hr = hashed.getBoundingClientRect();
        if (hr.top < window.innerHeight * 0.75 && hr.bottom > line) return hashed;
      }
      var pick = sections[0];
      for (var i = 0; i < sections.length; i++) {
        if (sections[i].getBoundingClientRect().top <= line) pick = sections[i];
        else break;
      }
      return pick;
    }

    function update() {
      pending = false;
      var s = nearest();
      if (s === shown) return;
      if (shown && tocLinks[shown.id]) tocLinks[shown.id].removeAttribute("aria-current");
      shown = s;
      if (tocLinks[s.id]) tocLinks[s.id].setAttribute("aria-current", "location");
      keepHash(s.id);
    }
    function schedule() {
      if (pending) return;
      pending = true;
      (window.requestAnimationFrame || setTimeout)(update);
    }

    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    window.addEventListener("hashchange", schedule);
    window.addEventListener("load", schedule);

    var sec = sectionOf(hashId());
    if (sec) keepHash(sec.id);
    schedule();
  }
})();
