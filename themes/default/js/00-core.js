/* js/00-core.js: shared helpers of every view, on the bundle's namespace `kd`.
 * The files of js/ are concatenated in name order into one script (deck.js) by kumo-deck
 * (src/render/assets.rs), inside one function that declares `kd`; they share nothing else. */
kd.SLIDE_W = 1280;
kd.SLIDE_H = 720;
/* the theme's script lives in <site root>/assets/: its URL names the site root */
kd.SCRIPT_SRC = (document.currentScript && document.currentScript.src) || "";
kd.root = document.documentElement;
kd.body = document.body;

kd.toArray = function (list) { return Array.prototype.slice.call(list); };

kd.hashId = function () {
  var h = location.hash.replace(/^#/, "");
  if (!h) return "";
  try { return decodeURIComponent(h); } catch (e) { return h; }
};

kd.setHash = function (id, push) {
  if (kd.hashId() === id) return;
  try {
    if (push) history.pushState(null, "", "#" + id);
    else history.replaceState(history.state, "", "#" + id);
  } catch (e) {
    /* some file:// setups refuse the history API: fall back to the location */
    if (push) location.hash = id;
    else location.replace("#" + id);
  }
};

/* A button's click runs `fn` (deck and presenter controls). */
kd.onActivate = function (btn, fn) {
  if (btn) btn.addEventListener("click", function (e) { e.preventDefault(); fn(); });
};

kd.isFormField = function (el) {
  if (!el || !el.closest) return false;
  return !!el.closest("input, textarea, select, [contenteditable]:not([contenteditable='false']), [role='textbox']");
};
kd.isActivatable = function (el) {
  if (!el || !el.closest) return false;
  return !!el.closest("a[href], button, summary, [role='button'], [role='link']");
};
kd.focusNoScroll = function (el) {
  try { el.focus({ preventScroll: true }); } catch (e) { el.focus(); }
};

kd.siteRoot = function () {
  try { return new URL("../", kd.SCRIPT_SRC || location.href).href; } catch (e) { return location.pathname; }
};

/* The largest scale (4 decimals, rounded down) at which a 1280x720 frame fits w x h. */
kd.frameScale = function (w, h) {
  var s = Math.min(w / kd.SLIDE_W, h / kd.SLIDE_H);
  return Math.max(0.05, Math.floor(s * 10000) / 10000);
};
