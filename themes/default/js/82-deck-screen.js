/* js/82-deck-screen.js: the deck frame's scale (the largest that fits the window, less
 * --stage-gap on each side) and fullscreen (f). */
kd.deckScreen = function (v) {
  var btnFull = document.querySelector(".deck-fullscreen");
  function fit() {
    var w = v.deck.clientWidth;
    var h = v.deck.clientHeight;
    if (!w || !h) return;
    if (v.overview.on()) { v.overview.fit(); return; }
    var gap = parseFloat(getComputedStyle(v.deck).getPropertyValue("--stage-gap")) || 0;
    kd.root.style.setProperty("--deck-scale", String(kd.frameScale(w - 2 * gap, h - 2 * gap)));
  }
  if (window.ResizeObserver) new ResizeObserver(fit).observe(v.deck);
  window.addEventListener("resize", fit);

  function fsElement() {
    return document.fullscreenElement || document.webkitFullscreenElement || null;
  }
  var enabled = !!(document.fullscreenEnabled || document.webkitFullscreenEnabled);
  if (btnFull && !enabled) btnFull.hidden = true;

  function call(fn, on) {
    if (!fn) return;
    var r = fn.call(on);
    if (r && r.catch) r.catch(function () {});
  }
  function toggle() {
    if (!enabled) return;
    if (fsElement()) call(document.exitFullscreen || document.webkitExitFullscreen, document);
    else call(kd.root.requestFullscreen || kd.root.webkitRequestFullscreen, kd.root);
  }
  function onChange() {
    var on = !!fsElement();
    kd.root.classList.toggle("is-fullscreen", on);
    if (btnFull) btnFull.setAttribute("aria-pressed", String(on));
    fit();
  }
  document.addEventListener("fullscreenchange", onChange);
  document.addEventListener("webkitfullscreenchange", onChange);
  if (btnFull) btnFull.setAttribute("aria-pressed", "false");
  kd.onActivate(btnFull, toggle);
  return { fit: fit, toggle: toggle, enabled: enabled };
};
