/* js/10-links.js: links that keep the current slide (data-keep-hash, data-lang-switch) and
 * the step count handed to the next page of this tab across a language switch. */
kd.keepLinks = kd.toArray(document.querySelectorAll("a[data-lang-switch], a[data-keep-hash]"));
kd.keepLinks.forEach(function (a) {
  var href = a.getAttribute("href") || "";
  var i = href.indexOf("#");
  a.setAttribute("data-base-href", i < 0 ? href : href.slice(0, i));
});
kd.keepHash = function (id) {
  kd.keepLinks.forEach(function (a) {
    var base = a.getAttribute("data-base-href") || "";
    a.setAttribute("href", id ? base + "#" + encodeURIComponent(id) : base);
  });
};

var HANDOFF = "kumo-deck:handoff";
kd.handoff = function (id, step) {
  try {
    sessionStorage.setItem(HANDOFF, JSON.stringify({ id: id, step: step, t: Date.now() }));
  } catch (e) { /* storage off */ }
};
kd.takeHandoff = function (id) {
  var h;
  try {
    h = JSON.parse(sessionStorage.getItem(HANDOFF) || "null");
    sessionStorage.removeItem(HANDOFF);
  } catch (e) { return 0; }
  if (!h || h.id !== id || !(Date.now() - h.t < 30000)) return 0;
  return Number(h.step) || 0;
};
kd.toArray(document.querySelectorAll("a[data-lang-switch]")).forEach(function (a) {
  a.addEventListener("click", function () {
    var id = kd.hashId();
    var s = id ? document.getElementById(id) : null;
    if (s) kd.handoff(id, Number(s.getAttribute("data-step")) || 0);
  });
});
