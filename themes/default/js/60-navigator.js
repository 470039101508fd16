/* js/60-navigator.js: the one navigator of the deck and presenter views: which slide and how
 * many of its list items are shown, next/previous through steps then slides, the slide's id in
 * the location, and the sync with the other windows (js/30-sync.js).
 *
 * kd.createNavigator({slides, role, selector, render, beforeRemote, onMessage, onLocalMove})
 *   render(i, from, opts)   the view shows slide i (from: the slide shown before, -1 at start)
 *   beforeRemote(i, msg)    a "state" message from another window is about to move us
 *   onMessage(msg)          every message, before the navigator's own handling
 *   onLocalMove()           the user moved here (not a remote or silent move) */
kd.createNavigator = function (o) {
  var slides = o.slides;
  var n = slides.length;
  var nav = { slides: slides, n: n, current: -1, step: 0 };
  var lastKey = "";     /* slide#step last sent or received */
  var lastChange = 0;   /* time of it: older messages lose */
  var applying = false;

  nav.indexOfId = function (id) {
    if (!id) return -1;
    var el = document.getElementById(id);
    var s = el && el.closest ? el.closest(o.selector) : null;
    return s ? slides.indexOf(s) : -1;
  };
  nav.stepCount = function (i) { return kd.stepItems(slides[i === undefined ? nav.current : i]).length; };
  nav.atStart = function () { return nav.current === 0 && nav.step === 0; };
  nav.atEnd = function () { return nav.current === n - 1 && nav.step >= nav.stepCount(); };

  /* go(i, {step, hash, push, focus, remote, silent}): show slide i with `step` list items
   * revealed (default: kept on the same slide, 0 on another one). */
  nav.go = function (i, opts) {
    opts = opts || {};
    i = Math.max(0, Math.min(n - 1, i));
    var from = nav.current;
    var keep = i === from ? nav.step : 0;
    nav.step = kd.clampStep(slides[i], typeof opts.step === "number" ? opts.step : keep);
    nav.current = i;
    kd.showSteps(slides[i], nav.step);
    o.render(i, from, opts);
    if (opts.hash !== false) kd.setHash(slides[i].id, !!opts.push);
    kd.keepHash(slides[i].id);
    if (!opts.remote && !opts.silent) {
      nav.publish();
      if (o.onLocalMove) o.onLocalMove();
    }
  };
  /* next/previous list item of a .steps slide first, then the next/previous slide (coming
   * back to a .steps slide shows all its items) */
  nav.next = function () {
    if (nav.step < nav.stepCount()) nav.go(nav.current, { step: nav.step + 1 });
    else if (nav.current < n - 1) nav.go(nav.current + 1, { step: 0 });
  };
  nav.prev = function () {
    if (nav.step > 0) nav.go(nav.current, { step: nav.step - 1 });
    else if (nav.current > 0) nav.go(nav.current - 1, { step: nav.stepCount(nav.current - 1) });
  };

  function stateKey() { return slides[nav.current].id + "#" + nav.step; }
  function state(reply) {
    var m = { type: "state", id: slides[nav.current].id, step: nav.step, lang: kd.root.lang };
    if (reply) m.reply = true;
    return m;
  }
  nav.publish = function () {
    if (applying || nav.current < 0) return;
    var key = stateKey();
    if (key === lastKey) return;
    lastKey = key;
    lastChange = Date.now();
    nav.sync.send(state(false));
  };
  function onState(msg) {
    if (typeof msg.t === "number" && msg.t < lastChange) return;
    var i = nav.indexOfId(String(msg.id || ""));
    if (i < 0 || slides[i].id !== msg.id) return;
    var st = kd.clampStep(slides[i], msg.step);
    lastKey = slides[i].id + "#" + st;
    lastChange = typeof msg.t === "number" ? msg.t : Date.now();
    applying = true;
    try {
      if (o.beforeRemote) o.beforeRemote(i, msg);
      nav.go(i, { step: st, remote: true });
    } finally { applying = false; }
  }
  nav.sync = kd.createSync(o.role, function (msg) {
    if (o.onMessage) o.onMessage(msg);
    if (msg.type === "state") onState(msg);
    /* presenters answer every window; audience windows answer presenters */
    else if (msg.type === "hello" && (o.role === "presenter" || msg.role === "presenter")) {
      nav.sync.send(state(true));
    }
  });

  /* the slide the location names (or the first), with the steps a language switch handed on */
  nav.start = function () {
    var start = nav.indexOfId(kd.hashId());
    if (start < 0) start = 0;
    nav.go(start, { step: kd.takeHandoff(slides[start].id), silent: true });
    lastKey = stateKey();
  };
  nav.hello = function () { nav.sync.send({ type: "hello", lang: kd.root.lang }); };
  return nav;
};
