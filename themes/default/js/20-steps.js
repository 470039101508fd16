/* js/20-steps.js: step-by-step lists. A slide with the class "steps" reveals its top-level
 * list items (not nested items, not footnotes) one at a time. Hidden items carry .kd-future;
 * the stylesheet hides them on screen only, so print, PDF and pages without JS show them all. */
kd.stepItems = function (slide) {
  if (!slide || !slide.classList.contains("steps")) return [];
  if (slide.kdSteps) return slide.kdSteps;
  var inner = slide.querySelector(".slide-inner") || slide;
  var items = kd.toArray(inner.querySelectorAll("li")).filter(function (li) {
    var list = li.parentElement;
    if (!list || (list.tagName !== "UL" && list.tagName !== "OL")) return false;
    if (list.closest(".footnotes, .footnote-definition")) return false;
    var up = list.parentElement;
    return !(up && up.closest("li"));
  });
  slide.kdSteps = items;
  return items;
};

kd.showSteps = function (slide, k) {
  var items = kd.stepItems(slide);
  if (!items.length) return;
  items.forEach(function (li, j) {
    li.classList.add("kd-step");
    li.classList.toggle("kd-future", j >= k);
    li.classList.toggle("kd-step-current", j === k - 1);
  });
  slide.setAttribute("data-step", String(k));
};

kd.clampStep = function (slide, k) {
  k = Math.floor(Number(k) || 0);
  return Math.max(0, Math.min(kd.stepItems(slide).length, k));
};
