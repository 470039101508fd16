/* js/86-view-presenter.js: the presenter view (body.view-presenter): current and next slide (or
 * next list item), notes, the slide in the other language, the audience window's language,
 * timer and clock (js/87-presenter-timer.js). It shares the deck's navigator and keymap. */
kd.views.presenter = function () {
  var main = document.getElementById("presenter");
  if (!main) return;
  var items = kd.toArray(main.querySelectorAll(".presenter-item"));
  var slides = items.map(function (it) { return it.querySelector(".presenter-slide"); });
  if (!items.length || slides.some(function (s) { return !s; })) return;
  var p = {
    main: main,
    items: items,
    slides: slides,
    nextStage: main.querySelector(".presenter-next-stage"),
    refStage: main.querySelector(".presenter-reference"),
    refs: {},
    audiences: {}   /* audience window -> its language, latest last */
  };
  if (p.refStage) {
    kd.toArray(p.refStage.querySelectorAll(".reference-slide[data-ref-id]")).forEach(function (r) {
      p.refs[r.getAttribute("data-ref-id")] = r;
    });
  }
  slides.forEach(function (s) { s.setAttribute("tabindex", "-1"); });
  p.timer = kd.presenterTimer();
  p.nav = kd.createNavigator({
    slides: slides,
    role: "presenter",
    selector: ".presenter-slide",
    render: function (i, from) { render(p, i, from); },
    beforeRemote: function (i, msg) { if (!msg.reply) p.timer.autoStart(); },
    onMessage: function (msg) { trackAudience(p, msg); },
    onLocalMove: function () { p.timer.autoStart(); }
  });
  presenterControls(p);
  presenterLinks(p);
  if (window.ResizeObserver) {
    /* the panes, not just the page: a pane changes size when the grid shares rows anew */
    var ro = new ResizeObserver(function () { fit(p); });
    ro.observe(main);
    kd.toArray(main.querySelectorAll(".presenter-stage")).forEach(function (st) { ro.observe(st); });
  }
  window.addEventListener("resize", function () { fit(p); });
  p.nav.start();
  var refs = Object.keys(p.refs).map(function (k) { return p.refs[k]; });
  /* the "next" pane shows a copy: copy it again once its original is fitted */
  kd.fitAll(slides.concat(refs), slides[p.nav.current], function () { renderNext(p); });
  main.classList.add("is-ready");
  /* audience windows answer with their position */
  p.nav.hello();
};

function fitStage(stage) {
  if (!stage || !stage.clientWidth || !stage.clientHeight) return;
  stage.style.setProperty("--stage-scale", String(kd.frameScale(stage.clientWidth, stage.clientHeight)));
}
function fit(p) {
  if (p.nav.current >= 0) fitStage(p.items[p.nav.current].querySelector(".presenter-stage"));
  fitStage(p.nextStage);
  fitStage(p.refStage);
}

/* A copy of a slide for the "next" pane: no ids, inert, with k items (or all) revealed. */
function preview(src, k) {
  var c = src.cloneNode(true);
  c.removeAttribute("id");
  c.removeAttribute("tabindex");
  c.removeAttribute("aria-label");
  kd.toArray(c.querySelectorAll("[id]")).forEach(function (e) { e.removeAttribute("id"); });
  c.classList.add("presenter-preview");
  c.setAttribute("inert", "");
  if (typeof k === "number") kd.showSteps(c, k);
  else kd.toArray(c.querySelectorAll(".kd-future")).forEach(function (e) { e.classList.remove("kd-future"); });
  return c;
}

function renderNext(p) {
  if (!p.nextStage) return;
  var nav = p.nav;
  p.nextStage.textContent = "";
  var mode = "end";
  if (nav.step < nav.stepCount()) {
    mode = "step";
    p.nextStage.appendChild(preview(p.slides[nav.current], nav.step + 1));
  } else if (nav.current < nav.n - 1) {
    mode = "next";
    p.nextStage.appendChild(preview(p.slides[nav.current + 1])); /* all its items */
  }
  ["next", "next-step", "end"].forEach(function (m) {
    var el = p.main.querySelector(".presenter-" + m + "-label");
    if (el) el.hidden = mode !== m.replace("next-step", "step");
  });
}

function render(p, i, from) {
  var nav = p.nav;
  var changed = i !== from;
  var focusWasInside = from >= 0 && p.items[from].contains(document.activeElement);
  p.items.forEach(function (it, j) { it.hidden = j !== i; });
  var s = p.slides[i];
  Object.keys(p.refs).forEach(function (k) { p.refs[k].hidden = k !== s.id; });
  renderNext(p);
  var total = nav.stepCount();
  var pos = (i + 1) + " / " + nav.n;
  kd.toArray(document.querySelectorAll(".presenter-position, .presenter-controls .deck-counter")).forEach(function (el) {
    el.textContent = pos;
  });
  var bar = document.querySelector(".presenter-bar");
  if (bar) bar.style.setProperty("--progress", String(nav.n > 1 ? i / (nav.n - 1) : 1));
  var stepEl = document.querySelector(".presenter-step");
  if (stepEl) {
    stepEl.hidden = !total;
    stepEl.textContent = total ? (stepEl.getAttribute("data-pattern") || "{n}/{total}")
      .replace("{n}", String(nav.step)).replace("{total}", String(total)) : "";
  }
  var btnPrev = document.querySelector(".presenter-controls .deck-prev");
  var btnNext = document.querySelector(".presenter-controls .deck-next");
  if (btnPrev) btnPrev.setAttribute("aria-disabled", String(nav.atStart()));
  if (btnNext) btnNext.setAttribute("aria-disabled", String(nav.atEnd()));
  if (changed) {
    var notes = p.items[i].querySelector(".presenter-notes-body");
    if (notes) notes.scrollTop = 0;
    if (focusWasInside) kd.focusNoScroll(notes || s);
  }
  fit(p);
}

/* Which language the audience window shows (the last one that spoke). */
function trackAudience(p, msg) {
  if (msg.role !== "audience") return;
  delete p.audiences[msg.from];
  if (msg.type !== "bye" && typeof msg.lang === "string") p.audiences[msg.from] = msg.lang;
  var keys = Object.keys(p.audiences);
  var lang = keys.length ? p.audiences[keys[keys.length - 1]] : "";
  var spans = kd.toArray(document.querySelectorAll(".presenter-audience [data-audience]"));
  var shown = spans.filter(function (sp) { return sp.getAttribute("data-audience") === lang; });
  if (!shown.length && lang) shown = spans.filter(function (sp) { return sp.getAttribute("data-audience") === kd.root.lang; });
  spans.forEach(function (sp) { sp.hidden = shown.indexOf(sp) < 0; });
}

function openAudience(p) {
  var url = "index.html#" + encodeURIComponent(p.slides[p.nav.current].id);
  var w;
  try { w = window.open(url, "kumo-deck-audience"); } catch (e) { w = null; }
  if (w) {
    try { w.focus(); } catch (e) { /* another window */ }
  }
}

function inNotes(e) {
  return !!(e.target && e.target.closest && e.target.closest(".presenter-notes-body"));
}

function presenterControls(p) {
  var nav = p.nav;
  var help = kd.makeDialog(document.querySelector(".deck-help"));
  var gotoPrompt = kd.makeGoto(nav.n, nav.indexOfId, function (i) { nav.go(i); });
  var digits = kd.numberEntry(nav.n, function (i) { nav.go(i); });
  var btnSwitch = document.querySelector(".presenter-switch-audience");
  function switchAudience() { nav.sync.send({ type: "lang", lang: "" }); }
  var vertical = { ArrowUp: true, ArrowDown: true };
  var actions = {
    /* ↑ and ↓ scroll the notes while they have focus */
    next: function (e, name) { if (e && vertical[name] && inNotes(e)) return false; nav.next(); },
    prev: function (e, name) { if (e && vertical[name] && inNotes(e)) return false; nav.prev(); },
    first: function () { nav.go(0); },
    last: function () { nav.go(nav.n - 1); },
    goto: function () { if (gotoPrompt) gotoPrompt.show(); },
    audienceLanguage: btnSwitch ? switchAudience : null,
    timerToggle: p.timer.toggle,
    timerReset: p.timer.reset,
    notesScroll: function () { return false; },
    help: function () { digits.clear(); if (help) help.show(); }
  };
  kd.fillHelp(document.querySelector(".deck-help .kd-keys"), actions);
  kd.bindKeys(actions, digits);
  kd.onActivate(document.querySelector(".presenter-controls .deck-prev"), nav.prev);
  kd.onActivate(document.querySelector(".presenter-controls .deck-next"), nav.next);
  kd.onActivate(document.querySelector(".presenter-timer-toggle"), p.timer.toggle);
  kd.onActivate(document.querySelector(".presenter-timer-reset"), p.timer.reset);
  kd.onActivate(document.querySelector(".presenter-open-audience"), function () { openAudience(p); });
  kd.onActivate(btnSwitch, switchAudience);
  var btnHelp = document.querySelector(".presenter-controls .deck-help-button");
  if (help) kd.onActivate(btnHelp, help.show);
  else if (btnHelp) btnHelp.hidden = true;
}

/* Links to other slides inside slides and notes move the presenter; so does the location. */
function presenterLinks(p) {
  var nav = p.nav;
  document.addEventListener("click", function (e) {
    if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    var a = e.target.closest ? e.target.closest("a[href^='#']") : null;
    if (!a) return;
    var id = a.getAttribute("href").slice(1);
    try { id = decodeURIComponent(id); } catch (err) { /* keep raw */ }
    var i = nav.indexOfId(id);
    if (i < 0) return;
    e.preventDefault();
    nav.go(i);
  });
  window.addEventListener("hashchange", function () {
    var i = nav.indexOfId(kd.hashId());
    if (i >= 0 && i !== nav.current) nav.go(i, { hash: false });
  });
}
