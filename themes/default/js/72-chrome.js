/* js/72-chrome.js: the viewer's bars float over the slide and fade out while the pointer
 * rests. They come back when the pointer moves, on a touch, and whenever focus is in them
 * (Tab reaches them as ever; faded, they stay in the accessibility tree). The slide keys never
 * bring them back: presenting with the keyboard keeps the frame clean. */
var IDLE_MS = 2500;

kd.fadingChrome = function (bars) {
  var timer = 0;
  var over = false;
  function holds() {
    if (over || kd.openDialog()) return true;
    var f = document.activeElement;
    return bars.some(function (b) { return b && f && b.contains(f); });
  }
  function idle() {
    timer = 0;
    if (holds()) { rest(); return; }
    kd.body.classList.add("is-idle");
  }
  function rest() {
    clearTimeout(timer);
    timer = setTimeout(idle, IDLE_MS);
  }
  function wake() {
    kd.body.classList.remove("is-idle");
    rest();
  }
  var lastX = -1;
  var lastY = -1;
  document.addEventListener("pointermove", function (e) {
    /* a synthetic move with the same coordinates (after a scroll or a key) is no move */
    if (e.clientX === lastX && e.clientY === lastY) return;
    lastX = e.clientX;
    lastY = e.clientY;
    wake();
  }, { passive: true });
  document.addEventListener("pointerdown", wake, { passive: true });
  bars.forEach(function (b) {
    if (!b) return;
    b.addEventListener("focusin", wake);
    b.addEventListener("pointerenter", function () { over = true; wake(); });
    b.addEventListener("pointerleave", function () { over = false; rest(); });
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Tab") wake(); });
  rest();
  return { wake: wake };
};
