/* js/88-view-doc.js: the document view (body.view-doc) keeps the deck link and the language
 * switch pointing at the section nearest the top of the viewport, marks it in the table of
 * contents, and marks wide tables and code that scroll sideways (.kd-scrolls) so the
 * stylesheet can show that there is more. */
kd.views.doc = function () {
  var sections = kd.toArray(document.querySelectorAll(".doc-slide[id]"));
  if (!sections.length) return;
  var tocLinks = {};
  kd.toArray(document.querySelectorAll(".doc-toc a[href^='#']")).forEach(function (a) {
    tocLinks[a.getAttribute("href").slice(1)] = a;
  });
  var bar = document.querySelector(".doc-bar");
  var shown = null;
  var pending = false;

  function sectionOf(id) {
    var el = id ? document.getElementById(id) : null;
    return el && el.closest ? el.closest(".doc-slide[id]") : null;
  }

  /* The section whose top has passed a line just below the sticky bar; the one the location
   * hash names wins while it is on screen (the last, short sections of a page can never
   * scroll up to the line). */
  function nearest() {
    var top = 0;
    if (bar && getComputedStyle(bar).position === "sticky") top = bar.getBoundingClientRect().bottom;
    var line = top + Math.min(120, window.innerHeight * 0.25);
    var hashed = sectionOf(kd.hashId());
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
    kd.keepHash(s.id);
  }
  function schedule() {
    if (pending) return;
    pending = true;
    (window.requestAnimationFrame || setTimeout)(update);
  }

  /* every table in a box of its own that scrolls sideways when the table is wider than the
   * card (a phone), so the card never scrolls or clips */
  kd.toArray(document.querySelectorAll(".doc-slide .slide-inner table")).forEach(function (t) {
    if (t.parentElement.classList.contains("table-scroll")) return;
    var box = document.createElement("div");
    box.className = "table-scroll";
    t.parentNode.insertBefore(box, t);
    box.appendChild(t);
  });
  var scrollers = kd.toArray(document.querySelectorAll(".doc-slide .table-scroll, .doc-slide pre"));
  function markScrollers() {
    scrollers.forEach(function (el) {
      var more = el.scrollWidth > el.clientWidth + 1;
      el.classList.toggle("kd-scrolls", more);
      el.classList.toggle("kd-scrolled-end", more && el.scrollLeft + el.clientWidth >= el.scrollWidth - 1);
      if (more && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
  }
  scrollers.forEach(function (el) { el.addEventListener("scroll", markScrollers, { passive: true }); });

  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", function () { schedule(); markScrollers(); });
  window.addEventListener("hashchange", schedule);
  window.addEventListener("load", function () { schedule(); markScrollers(); });

  var sec = sectionOf(kd.hashId());
  if (sec) kd.keepHash(sec.id);
  markScrollers();
  schedule();
};
