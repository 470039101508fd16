/* js/70-fit.js: every slide fits its 1280x720 frame. A slide whose content runs past the frame's
 * content box (too tall, or a table, code block or figure too wide) gets a smaller type scale,
 * --fit on the slide (its sizes are in em, so text, tables and code shrink together), the
 * largest of a few tried that fits, down to FIT_MIN. Computed once per slide in the browser,
 * after the web fonts, for every slide (hidden ones are laid out unseen), so the screen, the
 * overview, the printout and the PDF all show the fitted slide. */
var FIT_MIN = 0.6;
var FIT_TRIES = 6;

/* Content past the frame's content box, or boxes whose content is cut or scrolls. */
function overflows(slide, inner) {
  var sr = slide.getBoundingClientRect();
  var sc = sr.width / slide.offsetWidth || 1;
  var cs = getComputedStyle(inner);
  var ir = inner.getBoundingClientRect();
  var box = {
    left: ir.left + (parseFloat(cs.paddingLeft) - 1) * sc,
    right: ir.right - (parseFloat(cs.paddingRight) - 1) * sc,
    bottom: ir.bottom - (parseFloat(cs.paddingBottom) - 1) * sc
  };
  if (inner.scrollHeight > inner.clientHeight + 1) return true;
  var els = kd.toArray(inner.querySelectorAll(":scope > :not(:first-child), table, pre, svg, img"));
  for (var i = 0; i < els.length; i++) {
    var el = els[i];
    var r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.right > box.right || r.left < box.left || r.bottom > box.bottom) return true;
    if (el.tagName === "PRE" && el.scrollWidth > el.clientWidth + 1) return true;
  }
  return false;
}

/* Lay out a hidden slide (or one in a hidden presenter item) unseen; returns the undo. */
function reveal(el) {
  var shown = [];
  for (var up = el; up && up !== kd.body; up = up.parentElement) {
    if (up.hidden) { up.hidden = false; shown.push(up); }
  }
  if (shown.length) el.style.visibility = "hidden";
  return function () {
    shown.forEach(function (e) { e.hidden = true; });
    if (shown.length) el.style.removeProperty("visibility");
  };
}

kd.fitSlide = function (slide) {
  var inner = slide.querySelector(".slide-inner");
  if (!inner) return;
  var restore = reveal(slide);
  slide.style.removeProperty("--fit");
  slide.removeAttribute("data-fit");
  if (overflows(slide, inner)) {
    /* the largest scale that fits, by bisection between FIT_MIN and 1 */
    var lo = FIT_MIN;
    var hi = 1;
    for (var t = 0; t < FIT_TRIES; t++) {
      var mid = (lo + hi) / 2;
      slide.style.setProperty("--fit", mid.toFixed(3));
      if (overflows(slide, inner)) hi = mid; else lo = mid;
    }
    slide.style.setProperty("--fit", lo.toFixed(3));
    slide.setAttribute("data-fit", lo.toFixed(3));
  }
  restore();
};

/* Fit every slide now and again once the web fonts are in (they change the measures). */
kd.fitAll = function (slides) {
  function all() { slides.forEach(kd.fitSlide); }
  all();
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(all);
};
