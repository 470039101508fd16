/* js/87-presenter-timer.js: the presenter's elapsed time (t start/pause, r reset; it starts by
 * itself with the first slide change unless it was used) and clock, kept per tab. */
kd.presenterTimer = function () {
  var elapsedEl = document.querySelector(".presenter-elapsed");
  var btn = document.querySelector(".presenter-timer-toggle");
  var clockEl = document.querySelector(".presenter-clock-time");
  var KEY = "kumo-deck:timer:" + kd.siteRoot();
  var timer = { acc: 0, since: 0, running: false, touched: false };
  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    if (saved && typeof saved.acc === "number") timer = saved;
  } catch (e) { /* storage off */ }
  function save() {
    try { sessionStorage.setItem(KEY, JSON.stringify(timer)); } catch (e) { /* storage off */ }
  }
  function elapsed() { return timer.acc + (timer.running ? Math.max(0, Date.now() - timer.since) : 0); }
  function pad(x) { return (x < 10 ? "0" : "") + x; }
  function fmt(ms) {
    var sec = Math.floor(ms / 1000);
    return Math.floor(sec / 3600) + ":" + pad(Math.floor(sec % 3600 / 60)) + ":" + pad(sec % 60);
  }
  function clockText(d) {
    try {
      return d.toLocaleTimeString(kd.root.lang || undefined, { hour: "2-digit", minute: "2-digit" });
    } catch (e) {
      return pad(d.getHours()) + ":" + pad(d.getMinutes());
    }
  }
  function setText(el, t) { if (el && el.textContent !== t) el.textContent = t; }
  function render() {
    setText(elapsedEl, fmt(elapsed()));
    setText(clockEl, clockText(new Date()));
    if (btn) setText(btn, btn.getAttribute(timer.running ? "data-label-pause" : "data-label-start") || btn.textContent);
    kd.body.classList.toggle("is-timing", timer.running);
  }
  function toggle() {
    if (timer.running) { timer.acc = elapsed(); timer.running = false; }
    else { timer.since = Date.now(); timer.running = true; }
    timer.touched = true;
    save();
    render();
  }
  function reset() {
    timer = { acc: 0, since: Date.now(), running: timer.running, touched: true };
    save();
    render();
  }
  function autoStart() {
    if (timer.touched || timer.running) return;
    timer.since = Date.now();
    timer.running = true;
    timer.touched = true;
    save();
    render();
  }
  render();
  setInterval(render, 250);
  return { toggle: toggle, reset: reset, autoStart: autoStart };
};
