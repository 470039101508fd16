/*! kumo-deck default theme: deck view navigation, presenter view and hash-keeping links.
 *
 * Deck page (body.view-deck): one 1280x720 slide at a time, scaled into the stage
 * (--deck-scale), keyboard/touch/buttons, #slide-id permalinks via replaceState,
 * overview grid, fullscreen, step-by-step lists (.steps slides), go to slide by number,
 * keyboard help, presenter window (p) and language switch at the same slide (l).
 * Document page (body.view-doc): keeps the deck link and the language switch pointing
 * at the section nearest the top of the viewport.
 * Presenter page (body.view-presenter): current and next slide, notes, the slide in the
 * other language, timer and clock.
 * Deck and presenter windows of one site follow each other over a BroadcastChannel named
 * "kumo-deck:<site root URL>" (the same for every language), mirrored to localStorage
 * "storage" events where BroadcastChannel is missing or does not reach. Messages:
 *   {kd: 1, from, seq, t, role: "audience"|"presenter", type, ...}
 *   type "state": {id, step, lang}  a window moved (slide id, revealed list items)
 *   type "hello": {lang}            a window opened; presenters answer every hello, audience
 *                                   windows answer a presenter's, with a "state" (reply: true)
 *   type "lang":  {lang}            presenter asks audience windows to switch language
 *                                   ("" = the next one), keeping slide and step
 *   type "bye":   {}                a window is closing
 * Ids, not indexes, travel, so windows in different languages stay on the same slide.
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
  /* the theme's script lives in <site root>/assets/: its URL names the site root */
  var SCRIPT_SRC = (document.currentScript && document.currentScript.src) || "";

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

  /* A button's click runs `fn` (deck and presenter controls). */
  function onActivate(btn, fn) {
    if (btn) btn.addEventListener("click", function (e) { e.preventDefault(); fn(); });
  }

  function isFormField(el) {
    if (!el || !el.closest) return false;
    return !!el.closest("input, textarea, select, [contenteditable]:not([contenteditable='false']), [role='textbox']");
  }
  function isActivatable(el) {
    if (!el || !el.closest) return false;
    return !!el.closest("a[href], button, summary, [role='button'], [role='link']");
  }
  function focusNoScroll(el) {
    try { el.focus({ preventScroll: true }); } catch (e) { el.focus(); }
  }

  /* ---------------------------------------------------------------- steps
   * A slide with the class "steps" reveals its top-level list items (not nested items,
   * not footnotes) one at a time. Hidden items carry .kd-future; the stylesheet hides
   * them on screen only, so print, PDF and pages without JS show every item. */
  function stepItems(slide) {
    if (!slide || !slide.classList.contains("steps")) return [];
    if (slide.kdSteps) return slide.kdSteps;
    var inner = slide.querySelector(".slide-inner") || slide;
    var items = toArray(inner.querySelectorAll("li")).filter(function (li) {
      var list = li.parentElement;
      if (!list || (list.tagName !== "UL" && list.tagName !== "OL")) return false;
      if (list.closest(".footnotes, .footnote-definition")) return false;
      var up = list.parentElement;
      return !(up && up.closest("li"));
    });
    slide.kdSteps = items;
    return items;
  }
  function showSteps(slide, k) {
    var items = stepItems(slide);
    if (!items.length) return;
    items.forEach(function (li, j) {
      li.classList.add("kd-step");
      li.classList.toggle("kd-future", j >= k);
      li.classList.toggle("kd-step-current", j === k - 1);
    });
    slide.setAttribute("data-step", String(k));
  }
  function clampStep(slide, k) {
    k = Math.floor(Number(k) || 0);
    return Math.max(0, Math.min(stepItems(slide).length, k));
  }

  /* ----------------------------------------------------------------- sync */
  function siteRoot() {
    try { return new URL("../", SCRIPT_SRC || location.href).href; } catch (e) { return location.pathname; }
  }

  function createSync(role, onMessage) {
    var name = "kumo-deck:" + siteRoot();
    var me = Math.random().toString(36).slice(2) + "-" + Date.now().toString(36);
    var seq = 0;
    var seen = {};
    var bc = null;
    function receive(msg) {
      if (!msg || typeof msg !== "object" || msg.kd !== 1 || msg.from === me) return;
      if (typeof msg.seq !== "number" || typeof msg.type !== "string") return;
      if (seen[msg.from] >= msg.seq) return; /* the same message by the other transport */
      seen[msg.from] = msg.seq;
      onMessage(msg);
    }
    if (typeof window.BroadcastChannel === "function") {
      try {
        bc = new window.BroadcastChannel(name);
        bc.onmessage = function (e) { receive(e.data); };
      } catch (e) { bc = null; }
    }
    window.addEventListener("storage", function (e) {
      if (e.key !== name || !e.newValue) return;
      var msg = null;
      try { msg = JSON.parse(e.newValue); } catch (err) { return; }
      receive(msg);
    });
    function send(msg) {
      msg.kd = 1;
      msg.from = me;
      msg.seq = ++seq;
      msg.role = role;
      msg.t = Date.now();
      if (bc) {
        try { bc.postMessage(msg); } catch (e) { /* closed */ }
      }
      try { localStorage.setItem(name, JSON.stringify(msg)); } catch (e) { /* storage off */ }
    }
    window.addEventListener("pagehide", function () { send({ type: "bye" }); });
    return { send: send, name: name };
  }

  /* Step count handed to the next page of this tab across a language switch. */
  var HANDOFF = "kumo-deck:handoff";
  function handoff(id, step) {
    try {
      sessionStorage.setItem(HANDOFF, JSON.stringify({ id: id, step: step, t: Date.now() }));
    } catch (e) { /* storage off */ }
  }
  function takeHandoff(id) {
    var h = null;
    try {
      h = JSON.parse(sessionStorage.getItem(HANDOFF) || "null");
      sessionStorage.removeItem(HANDOFF);
    } catch (e) { return 0; }
    if (!h || h.id !== id || !(Date.now() - h.t < 30000)) return 0;
    return Number(h.step) || 0;
  }
  toArray(document.querySelectorAll("a[data-lang-switch]")).forEach(function (a) {
    a.addEventListener("click", function () {
      var id = hashId();
      var s = id ? document.getElementById(id) : null;
      if (s) handoff(id, Number(s.getAttribute("data-step")) || 0);
    });
  });

  /* ------------------------------------------------------ overlays (modal)
   * The help (.deck-help) and go-to prompt (.deck-goto) of the templates: while one is
   * open the rest of the page is inert; Esc, its close button or a click outside closes it
   * and focus returns where it was. */
  var modals = [];
  function openModal() {
    for (var i = 0; i < modals.length; i++) if (modals[i].open) return modals[i];
    return null;
  }
  function makeModal(el, onShow) {
    if (!el) return null;
    var m = { el: el, open: false };
    var before = null;
    m.show = function () {
      if (m.open) return;
      var other = openModal();
      if (other) other.hide(false);
      m.open = true;
      before = document.activeElement;
      toArray(body.children).forEach(function (c) {
        if (c === el || c.tagName === "SCRIPT" || c.hasAttribute("inert")) return;
        c.setAttribute("inert", "");
        c.setAttribute("data-kd-inert", "");
      });
      el.hidden = false;
      var f = onShow ? onShow() : null;
      /* the dialog itself (a long help scrolls with the arrow keys), else its first button */
      focusNoScroll(f || el.querySelector("[role='dialog'][tabindex]") || el.querySelector(".kd-modal-close") || el);
    };
    m.hide = function (restore) {
      if (!m.open) return;
      m.open = false;
      el.hidden = true;
      toArray(body.querySelectorAll("[data-kd-inert]")).forEach(function (c) {
        c.removeAttribute("inert");
        c.removeAttribute("data-kd-inert");
      });
      if (restore !== false && before && before !== body && before.focus && document.contains(before)) {
        focusNoScroll(before);
      }
      before = null;
    };
    m.toggle = function () { if (m.open) m.hide(); else m.show(); };
    toArray(el.querySelectorAll(".kd-modal-close")).forEach(function (b) {
      b.addEventListener("click", function () { m.hide(); });
    });
    el.addEventListener("click", function (e) { if (e.target === el) m.hide(); });
    el.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") {
        e.preventDefault();
        e.stopPropagation();
        m.hide();
      } else if (e.key === "?" && !isFormField(e.target) && el.classList.contains("deck-help")) {
        e.preventDefault();
        e.stopPropagation();
        m.hide();
      }
    });
    modals.push(m);
    return m;
  }

  /* Go-to prompt: a slide number (1-based) or a slide id. */
  function makeGoto(total, resolve, onGo) {
    var el = document.querySelector(".deck-goto");
    if (!el) return null;
    var form = el.querySelector("form");
    var input = el.querySelector(".deck-goto-input");
    var error = el.querySelector(".deck-goto-error");
    function invalid(on) {
      if (!input) return;
      if (error) error.hidden = !on;
      if (on) {
        input.setAttribute("aria-invalid", "true");
        if (error && error.id) input.setAttribute("aria-describedby", error.id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }
    var m = makeModal(el, function () {
      invalid(false);
      if (input) input.value = "";
      return input;
    });
    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var v = input ? input.value.trim() : "";
        var i = -1;
        if (/^[0-9]+$/.test(v)) {
          var k = parseInt(v, 10);
          if (k >= 1 && k <= total) i = k - 1;
        } else if (v) {
          i = resolve(v.replace(/^#/, ""));
        }
        if (i < 0) {
          invalid(true);
          if (input) { input.focus(); input.select(); }
          return;
        }
        m.hide(false);
        onGo(i);
      });
    }
    return m;
  }

  /* Digits typed outside a form, then Enter: go to that slide (shown while typing). */
  function numberEntry(total, onGo) {
    var el = document.createElement("div");
    el.className = "kd-typed";
    el.setAttribute("aria-live", "polite");
    body.appendChild(el);
    var buf = "";
    var timer = 0;
    function render() { el.textContent = buf ? buf + " / " + total : ""; }
    function clear() { buf = ""; clearTimeout(timer); render(); }
    return {
      active: function () { return buf !== ""; },
      digit: function (d) {
        if (buf.length >= 6) return;
        buf = buf === "0" ? d : buf + d;
        render();
        clearTimeout(timer);
        timer = setTimeout(clear, 4000);
      },
      back: function () { buf = buf.slice(0, -1); render(); },
      enter: function () {
        var v = parseInt(buf, 10);
        clear();
        if (v >= 1) onGo(Math.min(total, v) - 1);
      },
      clear: clear
    };
  }

  if (body.classList.contains("view-deck")) initDeck();
  else if (body.classList.contains("view-doc")) initDoc();
  else if (body.classList.contains("view-presenter")) initPresenter();

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
    var btnPresenter = document.querySelector(".deck-presenter");
    var btnHelp = document.querySelector(".deck-help-button");

    var current = -1;
    var step = 0;        /* revealed list items of the current .steps slide */
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

    function resetScroll() {
      /* anchors and focus can scroll overflow:hidden boxes; frames never scroll */
      if (!overview) { deck.scrollTop = 0; deck.scrollLeft = 0; }
      if (window.scrollY || window.scrollX) window.scrollTo(0, 0);
    }

    /* go(i, {step, hash, push, focus, remote, silent}): show slide i with `step` list
     * items revealed (default: kept on the same slide, 0 on another one). */
    function go(i, opts) {
      opts = opts || {};
      i = Math.max(0, Math.min(n - 1, i));
      var prev = current >= 0 ? slides[current] : null;
      var focusWasInside = !!(prev && prev.contains(document.activeElement));
      var changed = i !== current;
      step = clampStep(slides[i], typeof opts.step === "number" ? opts.step : (changed ? 0 : step));
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
      showSteps(s, step);
      updateButtons();
      if (opts.hash !== false) setHash(s.id, !!opts.push);
      keepHash(s.id);
      if (!overview && (focusWasInside || opts.focus)) focusSlide();
      if (changed || opts.focus) resetScroll();
      if (!opts.remote && !opts.silent) publish();
    }

    function updateButtons() {
      var last = stepItems(slides[current]).length;
      if (btnPrev) btnPrev.setAttribute("aria-disabled", String(current === 0 && step === 0));
      if (btnNext) btnNext.setAttribute("aria-disabled", String(current === n - 1 && step >= last));
    }

    function setStep(k) {
      step = clampStep(slides[current], k);
      showSteps(slides[current], step);
      updateButtons();
      publish();
    }

    function focusSlide() {
      var s = slides[current];
      try { s.focus({ preventScroll: true }); } catch (e) { s.focus(); }
      resetScroll();
    }

    /* next/previous list item of a .steps slide first, then the next/previous slide
     * (coming back to a .steps slide shows all its items) */
    function next() {
      if (step < stepItems(slides[current]).length) setStep(step + 1);
      else if (current < n - 1) go(current + 1, { step: 0 });
    }
    function prev() {
      if (step > 0) setStep(step - 1);
      else if (current > 0) go(current - 1, { step: stepItems(slides[current - 1]).length });
    }

    /* ------------------------------------------------------------- sync */
    var lastKey = "";     /* slide#step last sent or received */
    var lastChange = 0;   /* time of it: older messages lose */
    var applying = false;
    var sync = createSync("audience", onSync);
    function stateKey() { return slides[current].id + "#" + step; }
    function publish() {
      if (applying || current < 0) return;
      var key = stateKey();
      if (key === lastKey) return;
      lastKey = key;
      lastChange = Date.now();
      sync.send({ type: "state", id: slides[current].id, step: step, lang: root.lang });
    }
    function onSync(msg) {
      if (msg.type === "state") {
        if (typeof msg.t === "number" && msg.t < lastChange) return;
        var i = indexOfId(String(msg.id || ""));
        if (i < 0 || slides[i].id !== msg.id) return;
        var st = clampStep(slides[i], msg.step);
        lastKey = slides[i].id + "#" + st;
        lastChange = typeof msg.t === "number" ? msg.t : Date.now();
        applying = true;
        try {
          if (overview) setOverview(false, i);
          go(i, { step: st, remote: true });
        } finally { applying = false; }
      } else if (msg.type === "hello") {
        if (msg.role === "presenter") {
          sync.send({ type: "state", id: slides[current].id, step: step, lang: root.lang, reply: true });
        }
      } else if (msg.type === "lang") {
        switchLanguage(typeof msg.lang === "string" ? msg.lang : "");
      }
    }

    /* ----------------------------------------------- language, presenter */
    /* Open the same slide (and step) in another language: `to` names it, "" = the first
     * other language of the language links. */
    function switchLanguage(to) {
      var links = toArray(document.querySelectorAll("a[data-lang-switch]"));
      if (to === root.lang) return false;
      var a = to ? links.filter(function (x) { return x.getAttribute("hreflang") === to; })[0] : links[0];
      if (!a) return false;
      var id = slides[current].id;
      keepHash(id);
      handoff(id, step);
      location.href = a.href;
      return true;
    }

    function openPresenter() {
      var url = "presenter.html#" + encodeURIComponent(slides[current].id);
      var w = null;
      try { w = window.open(url, "kumo-deck-presenter", "popup,width=1280,height=800"); } catch (e) { w = null; }
      if (w) {
        try { w.focus(); } catch (e) { /* another window */ }
      }
    }

    /* ------------------------------------------------ help, go to slide */
    var help = makeModal(document.querySelector(".deck-help"));
    var gotoPrompt = makeGoto(n, indexOfId, function (i) {
      if (overview) setOverview(false, i);
      else go(i, { focus: true });
    });
    var digits = numberEntry(n, function (i) {
      if (overview) setOverview(false, i);
      else go(i);
    });

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
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (openModal()) return; /* the overlay handles its own keys */
      if (isFormField(e.target)) return;
      var k = e.key;
      if (k === "?") { digits.clear(); if (help) help.show(); e.preventDefault(); return; }
      if (/^[0-9]$/.test(k)) { digits.digit(k); e.preventDefault(); return; }
      if (digits.active()) {
        if (k === "Enter") { digits.enter(); e.preventDefault(); return; }
        if (k === "Backspace") { digits.back(); e.preventDefault(); return; }
        if (k === "Escape" || k === "Esc") { digits.clear(); e.preventDefault(); return; }
        digits.clear();
      }
      if (overview) {
        if (k === "g" || k === "G") { if (gotoPrompt) gotoPrompt.show(); e.preventDefault(); return; }
        if (overviewKey(e)) e.preventDefault();
        return;
      }
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
        case "p": case "P": openPresenter(); break;
        case "l": case "L": if (!switchLanguage("")) return; break;
        case "g": case "G": if (gotoPrompt) gotoPrompt.show(); break;
        default: return;
      }
      e.preventDefault();
    });

    /* ----------------------------------------------------------- buttons */
    onActivate(btnPrev, prev);
    onActivate(btnNext, next);
    onActivate(btnOverview, function () { setOverview(!overview); });
    onActivate(btnFull, toggleFullscreen);
    onActivate(btnPresenter, openPresenter);
    if (help) onActivate(btnHelp, help.show);
    else if (btnHelp) btnHelp.hidden = true;

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
    if (start < 0) start = 0;
    go(start, { step: takeHandoff(slides[start].id), silent: true });
    lastKey = stateKey();
    fit();
    deck.classList.add("is-ready");
    /* a presenter window already open answers with its position */
    sync.send({ type: "hello", lang: root.lang });
  }

  /* ====================================================== presenter view */
  function initPresenter() {
    var main = document.getElementById("presenter");
    if (!main) return;
    var items = toArray(main.querySelectorAll(".presenter-item"));
    var slides = items.map(function (it) { return it.querySelector(".presenter-slide"); });
    var n = items.length;
    if (!n || slides.some(function (s) { return !s; })) return;

    var nextStage = main.querySelector(".presenter-next-stage");
    var refStage = main.querySelector(".presenter-reference");
    var refs = {};
    if (refStage) {
      toArray(refStage.querySelectorAll(".reference-slide[data-ref-id]")).forEach(function (r) {
        refs[r.getAttribute("data-ref-id")] = r;
      });
    }
    var labelNext = main.querySelector(".presenter-next-label");
    var labelNextStep = main.querySelector(".presenter-next-step-label");
    var labelEnd = main.querySelector(".presenter-end-label");
    var position = document.querySelector(".presenter-position");
    var stepEl = document.querySelector(".presenter-step");
    var counter = document.querySelector(".presenter-controls .deck-counter");
    var btnPrev = document.querySelector(".presenter-controls .deck-prev");
    var btnNext = document.querySelector(".presenter-controls .deck-next");
    var btnHelp = document.querySelector(".presenter-controls .deck-help-button");
    var btnAudience = document.querySelector(".presenter-open-audience");
    var btnSwitch = document.querySelector(".presenter-switch-audience");
    var audienceSpans = toArray(document.querySelectorAll(".presenter-audience [data-audience]"));

    var current = -1;
    var step = 0;

    slides.forEach(function (s) { s.setAttribute("tabindex", "-1"); });

    function indexOfId(id) {
      if (!id) return -1;
      var el = document.getElementById(id);
      var s = el && el.closest ? el.closest(".presenter-slide") : null;
      return s ? slides.indexOf(s) : -1;
    }

    /* ---------------------------------------------------------- scaling */
    function fitStage(stage) {
      if (!stage) return;
      var w = stage.clientWidth;
      var h = stage.clientHeight;
      if (!w || !h) return;
      var sc = Math.min(w / SLIDE_W, h / SLIDE_H);
      sc = Math.max(0.05, Math.floor(sc * 10000) / 10000);
      stage.style.setProperty("--stage-scale", String(sc));
    }
    function fit() {
      if (current >= 0) fitStage(items[current].querySelector(".presenter-stage"));
      fitStage(nextStage);
      fitStage(refStage);
    }
    if (window.ResizeObserver) new ResizeObserver(fit).observe(main);
    window.addEventListener("resize", fit);

    /* ------------------------------------------------------ navigation */
    function preview(src, k) {
      var c = src.cloneNode(true);
      c.removeAttribute("id");
      c.removeAttribute("tabindex");
      c.removeAttribute("aria-label");
      toArray(c.querySelectorAll("[id]")).forEach(function (e) { e.removeAttribute("id"); });
      c.classList.add("presenter-preview");
      c.setAttribute("inert", "");
      if (typeof k === "number") showSteps(c, k);
      else toArray(c.querySelectorAll(".kd-future")).forEach(function (e) { e.classList.remove("kd-future"); });
      return c;
    }

    function renderNext() {
      if (!nextStage) return;
      nextStage.textContent = "";
      var mode = "end";
      if (step < stepItems(slides[current]).length) {
        mode = "step";
        nextStage.appendChild(preview(slides[current], step + 1));
      } else if (current < n - 1) {
        mode = "next";
        nextStage.appendChild(preview(slides[current + 1])); /* all its items */
      }
      if (labelNext) labelNext.hidden = mode !== "next";
      if (labelNextStep) labelNextStep.hidden = mode !== "step";
      if (labelEnd) labelEnd.hidden = mode !== "end";
    }

    function go(i, opts) {
      opts = opts || {};
      i = Math.max(0, Math.min(n - 1, i));
      var changed = i !== current;
      var focusWasInside = current >= 0 && items[current].contains(document.activeElement);
      step = clampStep(slides[i], typeof opts.step === "number" ? opts.step : (changed ? 0 : step));
      current = i;
      items.forEach(function (it, j) { it.hidden = j !== i; });
      var s = slides[i];
      showSteps(s, step);
      var id = s.id;
      Object.keys(refs).forEach(function (k) { refs[k].hidden = k !== id; });
      renderNext();
      var total = stepItems(s).length;
      var pos = (i + 1) + " / " + n;
      if (position) position.textContent = pos;
      if (counter) counter.textContent = pos;
      if (stepEl) {
        stepEl.hidden = !total;
        stepEl.textContent = total ? (stepEl.getAttribute("data-pattern") || "{n}/{total}")
          .replace("{n}", String(step)).replace("{total}", String(total)) : "";
      }
      if (btnPrev) btnPrev.setAttribute("aria-disabled", String(i === 0 && step === 0));
      if (btnNext) btnNext.setAttribute("aria-disabled", String(i === n - 1 && step >= total));
      if (opts.hash !== false) setHash(id, false);
      keepHash(id);
      if (changed) {
        var notes = items[i].querySelector(".presenter-notes-body");
        if (notes) notes.scrollTop = 0;
        if (focusWasInside) focusNoScroll(notes || s);
      }
      fit();
      if (!opts.remote && !opts.silent) {
        publish();
        timerAutoStart();
      }
    }

    function next() {
      if (step < stepItems(slides[current]).length) go(current, { step: step + 1 });
      else if (current < n - 1) go(current + 1, { step: 0 });
    }
    function prev() {
      if (step > 0) go(current, { step: step - 1 });
      else if (current > 0) go(current - 1, { step: stepItems(slides[current - 1]).length });
    }

    /* ------------------------------------------------------------ sync */
    var lastKey = "";
    var lastChange = 0;
    var audiences = {};   /* audience window -> its language, latest last */
    var sync = createSync("presenter", onSync);
    function stateKey() { return slides[current].id + "#" + step; }
    function state(extra) {
      var m = { type: "state", id: slides[current].id, step: step, lang: root.lang };
      if (extra) m.reply = true;
      return m;
    }
    function publish() {
      var key = stateKey();
      if (key === lastKey) return;
      lastKey = key;
      lastChange = Date.now();
      sync.send(state());
    }
    function renderAudience() {
      var keys = Object.keys(audiences);
      var lang = keys.length ? audiences[keys[keys.length - 1]] : "";
      var shown = audienceSpans.filter(function (sp) { return sp.getAttribute("data-audience") === lang; });
      if (!shown.length && lang) shown = audienceSpans.filter(function (sp) { return sp.getAttribute("data-audience") === root.lang; });
      audienceSpans.forEach(function (sp) { sp.hidden = shown.indexOf(sp) < 0; });
    }
    function onSync(msg) {
      if (msg.role === "audience") {
        delete audiences[msg.from];
        if (msg.type !== "bye" && typeof msg.lang === "string") audiences[msg.from] = msg.lang;
        renderAudience();
      }
      if (msg.type === "state") {
        if (typeof msg.t === "number" && msg.t < lastChange) return;
        var i = indexOfId(String(msg.id || ""));
        if (i < 0 || slides[i].id !== msg.id) return;
        var st = clampStep(slides[i], msg.step);
        lastKey = slides[i].id + "#" + st;
        lastChange = typeof msg.t === "number" ? msg.t : Date.now();
        go(i, { step: st, remote: true });
        if (!msg.reply) timerAutoStart();
      } else if (msg.type === "hello") {
        sync.send(state(true));
      }
    }
    function switchAudience() { sync.send({ type: "lang", lang: "" }); }
    function openAudience() {
      var url = "index.html#" + encodeURIComponent(slides[current].id);
      var w = null;
      try { w = window.open(url, "kumo-deck-audience"); } catch (e) { w = null; }
      if (w) {
        try { w.focus(); } catch (e) { /* another window */ }
      }
    }

    /* ---------------------------------------------------- timer, clock */
    var elapsedEl = document.querySelector(".presenter-elapsed");
    var btnTimer = document.querySelector(".presenter-timer-toggle");
    var btnReset = document.querySelector(".presenter-timer-reset");
    var clockEl = document.querySelector(".presenter-clock-time");
    var TIMER = "kumo-deck:timer:" + siteRoot();
    var timer = { acc: 0, since: 0, running: false, touched: false };
    try {
      var saved = JSON.parse(sessionStorage.getItem(TIMER) || "null");
      if (saved && typeof saved.acc === "number") timer = saved;
    } catch (e) { /* storage off */ }
    function saveTimer() {
      try { sessionStorage.setItem(TIMER, JSON.stringify(timer)); } catch (e) { /* storage off */ }
    }
    function elapsed() { return timer.acc + (timer.running ? Math.max(0, Date.now() - timer.since) : 0); }
    function pad(x) { return (x < 10 ? "0" : "") + x; }
    function fmt(ms) {
      var sec = Math.floor(ms / 1000);
      return Math.floor(sec / 3600) + ":" + pad(Math.floor(sec % 3600 / 60)) + ":" + pad(sec % 60);
    }
    function clockText(d) {
      try {
        return d.toLocaleTimeString(root.lang || undefined, { hour: "2-digit", minute: "2-digit" });
      } catch (e) {
        return pad(d.getHours()) + ":" + pad(d.getMinutes());
      }
    }
    function renderTimer() {
      if (elapsedEl) {
        var t = fmt(elapsed());
        if (elapsedEl.textContent !== t) elapsedEl.textContent = t;
      }
      if (clockEl) {
        var c = clockText(new Date());
        if (clockEl.textContent !== c) clockEl.textContent = c;
      }
      if (btnTimer) {
        var label = btnTimer.getAttribute(timer.running ? "data-label-pause" : "data-label-start") || "";
        if (label && btnTimer.textContent !== label) btnTimer.textContent = label;
      }
      body.classList.toggle("is-timing", timer.running);
    }
    function timerToggle() {
      if (timer.running) { timer.acc = elapsed(); timer.running = false; }
      else { timer.since = Date.now(); timer.running = true; }
      timer.touched = true;
      saveTimer();
      renderTimer();
    }
    function timerReset() {
      timer = { acc: 0, since: Date.now(), running: timer.running, touched: true };
      saveTimer();
      renderTimer();
    }
    /* the timer starts by itself with the first slide change, unless it was used */
    function timerAutoStart() {
      if (timer.touched || timer.running) return;
      timer.since = Date.now();
      timer.running = true;
      timer.touched = true;
      saveTimer();
      renderTimer();
    }
    renderTimer();
    setInterval(renderTimer, 250);

    /* ------------------------------------------------- help, go to slide */
    var help = makeModal(document.querySelector(".deck-help"));
    var gotoPrompt = makeGoto(n, indexOfId, function (i) { go(i); });
    var digits = numberEntry(n, function (i) { go(i); });

    /* ------------------------------------------------------------ keys */
    document.addEventListener("keydown", function (e) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      if (openModal()) return;
      if (isFormField(e.target)) return;
      var k = e.key;
      if (k === "?") { digits.clear(); if (help) help.show(); e.preventDefault(); return; }
      if (/^[0-9]$/.test(k)) { digits.digit(k); e.preventDefault(); return; }
      if (digits.active()) {
        if (k === "Enter") { digits.enter(); e.preventDefault(); return; }
        if (k === "Backspace") { digits.back(); e.preventDefault(); return; }
        if (k === "Escape" || k === "Esc") { digits.clear(); e.preventDefault(); return; }
        digits.clear();
      }
      var inNotes = !!(e.target && e.target.closest && e.target.closest(".presenter-notes-body"));
      switch (k) {
        case "ArrowUp": case "ArrowDown": case "Up": case "Down":
          if (inNotes) return; /* scroll the notes */
          if (k === "ArrowDown" || k === "Down") next(); else prev();
          break;
        case "ArrowRight": case "PageDown": case "Right":
          next(); break;
        case "ArrowLeft": case "PageUp": case "Backspace": case "Left":
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
        case "g": case "G": if (gotoPrompt) gotoPrompt.show(); break;
        case "l": case "L": if (!btnSwitch) return; switchAudience(); break;
        case "t": case "T": timerToggle(); break;
        case "r": case "R": timerReset(); break;
        default: return;
      }
      e.preventDefault();
    });

    onActivate(btnPrev, prev);
    onActivate(btnNext, next);
    onActivate(btnTimer, timerToggle);
    onActivate(btnReset, timerReset);
    onActivate(btnAudience, openAudience);
    onActivate(btnSwitch, switchAudience);
    if (help) onActivate(btnHelp, help.show);
    else if (btnHelp) btnHelp.hidden = true;

    /* links to other slides inside slides and notes move the presenter */
    document.addEventListener("click", function (e) {
      if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      var a = e.target.closest ? e.target.closest("a[href^='#']") : null;
      if (!a) return;
      var id = a.getAttribute("href").slice(1);
      try { id = decodeURIComponent(id); } catch (err) { /* keep raw */ }
      var i = indexOfId(id);
      if (i < 0) return;
      e.preventDefault();
      go(i);
    });

    window.addEventListener("hashchange", function () {
      var i = indexOfId(hashId());
      if (i >= 0 && i !== current) go(i, { hash: false });
    });

    /* ------------------------------------------------------------ start */
    var start = indexOfId(hashId());
    if (start < 0) start = 0;
    go(start, { step: takeHandoff(slides[start].id), silent: true });
    lastKey = stateKey();
    main.classList.add("is-ready");
    /* audience windows answer with their position */
    sync.send({ type: "hello", lang: root.lang });
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
