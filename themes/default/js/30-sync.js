/* js/30-sync.js: deck and presenter windows of one site follow each other over a
 * BroadcastChannel named "kumo-deck:<site root URL>" (the same for every language), mirrored
 * to localStorage "storage" events where BroadcastChannel is missing or does not reach.
 * Messages: {kd: 1, from, seq, t, role: "audience"|"presenter", type, ...}
 *   type "state": {id, step, lang}  a window moved (slide id, revealed list items)
 *   type "hello": {lang}            a window opened; presenters answer every hello, audience
 *                                   windows answer a presenter's, with a "state" (reply: true)
 *   type "lang":  {lang}            presenter asks audience windows to switch language
 *                                   ("" = the next one), keeping slide and step
 *   type "bye":   {}                a window is closing
 * Ids, not indexes, travel, so windows in different languages stay on the same slide. */
kd.createSync = function (role, onMessage) {
  var name = "kumo-deck:" + kd.siteRoot();
  var me = Math.random().toString(36).slice(2) + "-" + Date.now().toString(36);
  var seq = 0;
  var seen = {};
  var bc = null;
  function receive(msg) {
    if (!msg || typeof msg !== "object" || msg.kd !== 1 || msg.from === me) return;
    if (typeof msg.seq !== "number" || typeof msg.type !== "string") return;
    if (seen[msg.from] >= msg.seq) return; /* the same message by the other transport */
    seen[msg.from] = msg.seq;
    onMessage(msg);
  }
  if (typeof window.BroadcastChannel === "function") {
    try {
      bc = new window.BroadcastChannel(name);
      bc.onmessage = function (e) { receive(e.data); };
    } catch (e) { bc = null; }
  }
  window.addEventListener("storage", function (e) {
    if (e.key !== name || !e.newValue) return;
    var msg;
    try { msg = JSON.parse(e.newValue); } catch (err) { return; }
    receive(msg);
  });
  function send(msg) {
    msg.kd = 1;
    msg.from = me;
    msg.seq = ++seq;
    msg.role = role;
    msg.t = Date.now();
    if (bc) {
      try { bc.postMessage(msg); } catch (e) { /* closed */ }
    }
    try { localStorage.setItem(name, JSON.stringify(msg)); } catch (e) { /* storage off */ }
  }
  window.addEventListener("pagehide", function () { send({ type: "bye" }); });
  return { send: send, name: name };
};
