/* js/81-deck-overview.js: the deck's overview grid (o): every slide as a thumbnail, arrow keys
 * move between them, Enter or a click opens one. key(e, name) returns whether it took the key. */
kd.deckOverview = function (v) {
  var on = false;
  var cols = 4;
  var btn = document.querySelector(".deck-overview");
  var slides = v.slides;

  function set(want, jumpTo) {
    if (want === on) return;
    on = want;
    v.deck.classList.toggle("is-overview", on);
    kd.body.classList.toggle("is-overview", on);
    if (btn) btn.setAttribute("aria-pressed", String(on));
    slides.forEach(function (s) {
      kd.toArray(s.children).forEach(function (c) {
        if (on) c.setAttribute("inert", ""); else c.removeAttribute("inert");
      });
      /* thumbnails are tab stops (labelled regions; Enter/click opens them) */
      s.setAttribute("tabindex", on ? "0" : "-1");
    });
    v.screen.fit();
    if (on) {
      v.nav.go(v.nav.current, { hash: false });
      var s = slides[v.nav.current];
      kd.focusNoScroll(s);
      if (s.scrollIntoView) s.scrollIntoView({ block: "nearest" });
    } else {
      v.deck.scrollTop = 0;
      v.nav.go(typeof jumpTo === "number" ? jumpTo : v.nav.current, { focus: true });
    }
  }

  function key(e, name) {
    var t = e.target;
    var at = slides.indexOf(t);
    if (name === "Escape" || name === "o") { set(false); return true; }
    if (at < 0) {
      /* focus outside the grid (a control): arrows bring it back to the grid */
      if (!/^Arrow/.test(name)) return false;
      slides[v.nav.current].focus();
      return true;
    }
    var to;
    switch (name) {
      case "ArrowRight": to = at + 1; break;
      case "ArrowLeft": to = at - 1; break;
      case "ArrowDown": to = at + cols; break;
      case "ArrowUp": to = at - cols; break;
      case "Home": to = 0; break;
      case "End": to = slides.length - 1; break;
      case "Enter": case "Space": set(false, at); return true;
      default: return false;
    }
    slides[Math.max(0, Math.min(slides.length - 1, to))].focus();
    return true;
  }

  function fit() {
    var cs = getComputedStyle(v.deck);
    var pad = (parseFloat(cs.paddingLeft) || 0) + (parseFloat(cs.paddingRight) || 0);
    var gap = parseFloat(cs.columnGap) || 0;
    var w = v.deck.clientWidth - pad;
    cols = Math.max(1, Math.min(5, Math.floor((w + gap) / (220 + gap))));
    var s = (w - (cols - 1) * gap) / cols / kd.SLIDE_W;
    s = Math.max(0.05, Math.floor(s * 10000) / 10000);
    kd.root.style.setProperty("--thumb-cols", String(cols));
    kd.root.style.setProperty("--thumb-scale", String(s));
  }

  return { on: function () { return on; }, set: set, key: key, fit: fit };
};
