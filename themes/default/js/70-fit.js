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

function innerOf(slide) { return slide.querySelector(".slide-inner"); }

/* Fit `slides` together: all laid out at once, then each bisection round writes every
 * unfitted slide's scale before reading any (one layout a round, not one per slide). */
function fitBatch(slides) {
  var undo = slides.map(reveal);
  slides.forEach(function (s) {
    s.style.removeProperty("--fit");
    s.removeAttribute("data-fit");
  });
  var todo = slides.filter(function (s) { return innerOf(s) && overflows(s, innerOf(s)); });
  var lo = todo.map(function () { return FIT_MIN; });
  var hi = todo.map(function () { return 1; });
  for (var t = 0; t < FIT_TRIES && todo.length; t++) {
    todo.forEach(function (s, j) { s.style.setProperty("--fit", ((lo[j] + hi[j]) / 2).toFixed(3)); });
    todo.forEach(function (s, j) {
      var mid = (lo[j] + hi[j]) / 2;
      if (overflows(s, innerOf(s))) hi[j] = mid; else lo[j] = mid;
    });
  }
  todo.forEach(function (s, j) {
    s.style.setProperty("--fit", lo[j].toFixed(3));
    s.setAttribute("data-fit", lo[j].toFixed(3));
  });
  undo.reverse().forEach(function (f) { f(); });
}

kd.fitSlide = function (slide) { fitBatch([slide]); };

/* Fit `first` now (the slide on screen) and every slide (then `done`) once the web fonts are in
 * (they change the measures; the PDF printer waits for them too, after this), and again before
 * printing. */
kd.fitAll = function (slides, first, done) {
  function all() {
    fitBatch(slides);
    if (done) done();
  }
  if (first) kd.fitSlide(first);
  if (document.fonts && document.fonts.ready) document.fonts.ready.then(all);
  else all();
  window.addEventListener("beforeprint", all);
};
