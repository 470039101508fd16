/* js/80-view-deck.js: the deck view (body.view-deck): one 1280x720 slide at a time, scaled
 * into the window (--deck-scale), keys from the keymap, buttons, swipes, #slide-id permalinks
 * via replaceState, presenter window (p) and language switch at the same slide (l). The
 * overview grid and fullscreen are in js/81-deck-overview.js and js/82-deck-screen.js. */
kd.views.deck = function () {
  var deck = document.getElementById("deck") || document.querySelector(".deck");
  if (!deck) return;
  var slides = kd.toArray(deck.children).filter(function (el) { return el.classList.contains("slide"); });
  if (!slides.length) return;
  var v = {
    deck: deck,
    slides: slides,
    counter: document.querySelector(".deck-counter"),
    bar: document.querySelector(".deck-progress-bar"),
    btnPrev: document.querySelector(".deck-prev"),
    btnNext: document.querySelector(".deck-next"),
    overview: null
  };
  slides.forEach(function (s) { s.setAttribute("tabindex", "-1"); });
  v.nav = kd.createNavigator({
    slides: slides,
    role: "audience",
    selector: ".slide",
    render: function (i, from, opts) { render(v, i, from, opts); },
    beforeRemote: function (i) { if (v.overview.on()) v.overview.set(false, i); },
    onMessage: function (msg) {
      if (msg.type === "lang") switchLanguage(v, typeof msg.lang === "string" ? msg.lang : "");
    }
  });
  v.focusSlide = function () {
    kd.focusNoScroll(slides[v.nav.current]);
    resetScroll(v);
  };
  v.overview = kd.deckOverview(v);
  v.screen = kd.deckScreen(v);
  deckControls(v);
  deckLinks(v);
  deckTouch(v);
  deckHash(v);
  v.nav.start();
  kd.fitAll(slides, slides[v.nav.current]);
  v.screen.fit();
  deck.classList.add("is-ready");
  kd.fadingChrome([document.querySelector(".deck-bar"), document.querySelector(".deck-controls")]);
  /* a presenter window already open answers with its position */
  v.nav.hello();
};

function resetScroll(v) {
  /* anchors and focus can scroll overflow:hidden boxes; frames never scroll */
  if (!v.overview.on()) { v.deck.scrollTop = 0; v.deck.scrollLeft = 0; }
  if (window.scrollY || window.scrollX) window.scrollTo(0, 0);
}

function render(v, i, from, opts) {
  var slides = v.slides;
  var n = slides.length;
  var prev = from >= 0 ? slides[from] : null;
  var focusWasInside = !!(prev && prev.contains(document.activeElement));
  var changed = i !== from;
  var ov = v.overview && v.overview.on();
  slides.forEach(function (s, j) {
    var on = j === i;
    s.classList.toggle("is-current", on);
    if (on) s.setAttribute("aria-current", "step");
    else s.removeAttribute("aria-current");
    s.hidden = !ov && !on;
  });
  var s = slides[i];
  var inner = s.querySelector(".slide-inner");
  if (inner) { inner.scrollTop = 0; inner.scrollLeft = 0; }
  if (v.counter) v.counter.textContent = (i + 1) + " / " + n;
  if (v.bar) v.bar.style.width = ((i + 1) / n * 100).toFixed(3) + "%";
  if (v.btnPrev) v.btnPrev.setAttribute("aria-disabled", String(v.nav.atStart()));
  if (v.btnNext) v.btnNext.setAttribute("aria-disabled", String(v.nav.atEnd()));
  if (!ov && (focusWasInside || opts.focus)) v.focusSlide();
  if (changed || opts.focus) resetScroll(v);
}

/* Open the same slide (and step) in another language: `to` names it, "" = the first other
 * language of the language links. */
function switchLanguage(v, to) {
  var links = kd.toArray(document.querySelectorAll("a[data-lang-switch]"));
  if (to === kd.root.lang) return false;
  var a = to ? links.filter(function (x) { return x.getAttribute("hreflang") === to; })[0] : links[0];
  if (!a) return false;
  var id = v.slides[v.nav.current].id;
  kd.keepHash(id);
  kd.handoff(id, v.nav.step);
  location.href = a.href;
  return true;
}

function openPresenter(v) {
  var url = "presenter.html#" + encodeURIComponent(v.slides[v.nav.current].id);
  var w;
  try { w = window.open(url, "kumo-deck-presenter", "popup,width=1280,height=800"); } catch (e) { w = null; }
  if (w) {
    try { w.focus(); } catch (e) { /* another window */ }
  }
}

/* Keys (the keymap), buttons, help and the go-to prompt. */
function deckControls(v) {
  var nav = v.nav;
  var help = kd.makeDialog(document.querySelector(".deck-help"));
  function goTo(i) {
    if (v.overview.on()) v.overview.set(false, i);
    else nav.go(i, { focus: true });
  }
  var gotoPrompt = kd.makeGoto(nav.n, nav.indexOfId, goTo);
  var digits = kd.numberEntry(nav.n, function (i) {
    if (v.overview.on()) v.overview.set(false, i); else nav.go(i);
  });
  var hasLanguage = document.querySelector("a[data-lang-switch]") !== null;
  var actions = {
    next: nav.next,
    prev: nav.prev,
    first: function () { nav.go(0); },
    last: function () { nav.go(nav.n - 1); },
    goto: function () { if (gotoPrompt) gotoPrompt.show(); },
    overview: function () { v.overview.set(!v.overview.on()); },
    fullscreen: v.screen.enabled ? v.screen.toggle : null,
    presenter: function () { openPresenter(v); },
    language: hasLanguage ? function () { return switchLanguage(v, ""); } : null,
    help: function () { digits.clear(); if (help) help.show(); }
  };
  kd.fillHelp(document.querySelector(".deck-help .kd-keys"), actions);
  kd.bindKeys(actions, digits, function (e, name) {
    if (!v.overview.on() || name === "g" || name === "?") return undefined;
    return v.overview.key(e, name);
  });
  kd.onActivate(v.btnPrev, nav.prev);
  kd.onActivate(v.btnNext, nav.next);
  kd.onActivate(document.querySelector(".deck-overview"), actions.overview);
  kd.onActivate(document.querySelector(".deck-presenter"), actions.presenter);
  var btnHelp = document.querySelector(".deck-help-button");
  if (help) kd.onActivate(btnHelp, help.show);
  else if (btnHelp) btnHelp.hidden = true;
  /* a phone held upright: the hint offers the document view, or the small frame anyway */
  kd.onActivate(document.querySelector(".deck-phone-show"), function () {
    kd.body.classList.add("show-frame");
    v.screen.fit();
    v.focusSlide();
  });
}

/* Clicks: thumbnails in the overview, links to other slides, the skip link. */
function deckLinks(v) {
  var nav = v.nav;
  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var t = e.target;
    if (v.overview.on() && v.deck.contains(t)) {
      var thumb = t.closest ? t.closest(".slide") : null;
      if (thumb && v.slides.indexOf(thumb) >= 0) {
        e.preventDefault();
        v.overview.set(false, v.slides.indexOf(thumb));
      }
      return;
    }
    var a = t.closest ? t.closest("a[href]") : null;
    var href = a ? a.getAttribute("href") || "" : "";
    if (href.charAt(0) !== "#" || href.length < 2) return;
    var id = href.slice(1);
    try { id = decodeURIComponent(id); } catch (err) { /* keep raw */ }
    var el = document.getElementById(id);
    if (!el) return;
    if (el === v.deck || (el.contains && el.contains(v.deck))) {
      /* skip link: land on the current slide, keep its hash */
      e.preventDefault();
      if (v.overview.on()) v.overview.set(false); else v.focusSlide();
      return;
    }
    var i = nav.indexOfId(id);
    if (i < 0) return;
    e.preventDefault();
    if (v.overview.on()) { v.overview.set(false, i); return; }
    nav.go(i, { push: i !== nav.current, focus: !!a.closest(".slide") });
  });
}

/* Horizontal swipes on touch screens. */
function deckTouch(v) {
  var sx = null, sy = 0, st = 0;
  v.deck.addEventListener("touchstart", function (e) {
    if (v.overview.on() || e.touches.length !== 1) { sx = null; return; }
    sx = e.touches[0].clientX; sy = e.touches[0].clientY; st = Date.now();
  }, { passive: true });
  v.deck.addEventListener("touchmove", function (e) {
    if (e.touches.length !== 1) sx = null;
  }, { passive: true });
  v.deck.addEventListener("touchend", function (e) {
    if (sx === null || !e.changedTouches.length) return;
    var dx = e.changedTouches[0].clientX - sx;
    var dy = e.changedTouches[0].clientY - sy;
    sx = null;
    if (Date.now() - st > 1000) return;
    if (Math.abs(dx) < 50 || Math.abs(dx) < 1.5 * Math.abs(dy)) return;
    if (dx < 0) v.nav.next(); else v.nav.prev();
  }, { passive: true });
}

/* The location's #id, changed by the user or the history. */
function deckHash(v) {
  var nav = v.nav;
  function fromHash() {
    var id = kd.hashId();
    var i = nav.indexOfId(id);
    if (i >= 0) {
      if (v.overview.on()) v.overview.set(false, i);
      else if (i !== nav.current) nav.go(i, { hash: false });
      else kd.keepHash(v.slides[i].id);
      /* an id inside a slide (not the slide itself): show the slide's own id */
      if (v.slides[i].id !== id) kd.setHash(v.slides[i].id, false);
      return;
    }
    var el = id ? document.getElementById(id) : null;
    if (el && (el === v.deck || el.contains(v.deck))) {
      if (v.overview.on()) v.overview.set(false);
      kd.setHash(v.slides[nav.current].id, false);
      v.focusSlide();
      return;
    }
    /* unknown or empty hash: first slide */
    if (v.overview.on()) v.overview.set(false, 0);
    else nav.go(0);
  }
  window.addEventListener("hashchange", fromHash);
  window.addEventListener("popstate", function () {
    if (nav.indexOfId(kd.hashId()) !== nav.current) fromHash();
  });
}
