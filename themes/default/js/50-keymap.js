/* js/50-keymap.js: the one table of keys. It drives the keyboard of the deck and presenter
 * views and fills the key column of their help dialogs, so the help can never list a key that
 * does nothing or miss one that works. A row is one line of the help (its label comes from the
 * page: <tr data-row="...">); `action` names a function of the view (rows whose action the
 * view lacks are dropped from its help); rows without an action are handled elsewhere and
 * only shown. */
kd.KEYMAP = [
  { row: "next", action: "next", keys: ["ArrowRight", "ArrowDown", "Space", "PageDown", "Enter"] },
  { row: "prev", action: "prev", keys: ["ArrowLeft", "ArrowUp", "Shift+Space", "PageUp", "Backspace"] },
  { row: "first-last", action: "first", keys: ["Home"] },
  { row: "first-last", action: "last", keys: ["End"] },
  { row: "number", keys: ["0", "9", "Enter"] },
  { row: "goto", action: "goto", keys: ["g"] },
  { row: "overview", action: "overview", keys: ["o"] },
  { row: "fullscreen", action: "fullscreen", keys: ["f"] },
  { row: "presenter", action: "presenter", keys: ["p"] },
  { row: "language", action: "language", keys: ["l"] },
  { row: "audience-language", action: "audienceLanguage", keys: ["l"] },
  { row: "timer-toggle", action: "timerToggle", keys: ["t"] },
  { row: "timer-reset", action: "timerReset", keys: ["r"] },
  { row: "notes-scroll", action: "notesScroll", keys: ["ArrowUp", "ArrowDown"] },
  { row: "help", action: "help", keys: ["?"] },
  { row: "escape", keys: ["Esc"] }
];

var ARROWS = { ArrowRight: "\u2192", ArrowLeft: "\u2190", ArrowUp: "\u2191", ArrowDown: "\u2193" };
var OLD_NAMES = { Right: "ArrowRight", Left: "ArrowLeft", Up: "ArrowUp", Down: "ArrowDown", Spacebar: " ", Esc: "Escape" };

/* The table's name of a key event: "ArrowRight", "Space", "Shift+Space", "g", "?". */
kd.keyName = function (e) {
  var k = OLD_NAMES[e.key] || e.key;
  if (k === " ") return e.shiftKey ? "Shift+Space" : "Space";
  if (k.length === 1) return k.toLowerCase();
  return k;
};

/* The action of key `name` among the view's `actions`, the first row that has one. */
kd.actionFor = function (name, actions) {
  for (var i = 0; i < kd.KEYMAP.length; i++) {
    var r = kd.KEYMAP[i];
    if (r.action && actions[r.action] && r.keys.indexOf(name) >= 0) return r.action;
  }
  return "";
};

/* A key's label in the help: arrows as arrows, named keys in the page's language (the
 * table's data-key-* attributes come from the page's strings). */
function label(table, key) {
  if (ARROWS[key]) return ARROWS[key];
  if (key.length === 1) return key;
  var parts = key.split("+").map(function (p) {
    return table.getAttribute("data-key-" + p.toLowerCase()) || p;
  });
  return parts.join("+");
}

function fillRow(tr, table, keys) {
  var th = tr.querySelector("th");
  if (!th) return;
  th.textContent = "";
  keys.forEach(function (k, j) {
    if (j) th.appendChild(document.createTextNode(tr.getAttribute("data-row") === "number" && j === 1 ? "\u2013" : " "));
    var kbd = document.createElement("kbd");
    kbd.textContent = label(table, k);
    th.appendChild(kbd);
  });
}

/* Fill the help table's key cells for a view with `actions`; drop rows it cannot use. */
kd.fillHelp = function (table, actions) {
  if (!table) return;
  var keys = {};
  var used = {};
  kd.KEYMAP.forEach(function (r) {
    if (r.action && !actions[r.action]) return;
    used[r.row] = true;
    keys[r.row] = (keys[r.row] || []).concat(r.keys.filter(function (k) {
      return (keys[r.row] || []).indexOf(k) < 0;
    }));
  });
  kd.toArray(table.querySelectorAll("tr[data-row]")).forEach(function (tr) {
    var row = tr.getAttribute("data-row");
    if (!used[row]) { tr.parentNode.removeChild(tr); return; }
    fillRow(tr, table, keys[row]);
  });
};

/* The keyboard of a view: digits then Enter go to a slide, the rest goes through the table.
 * `actions[name](e)` returning false leaves the key to the browser. `special(e, name)`, asked
 * first, returns true (it took the key), false (nobody takes it) or undefined (the table). */
kd.bindKeys = function (actions, digits, special) {
  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (kd.openDialog()) return; /* the dialog handles its own keys */
    if (kd.isFormField(e.target)) return;
    var name = kd.keyName(e);
    if (/^[0-9]$/.test(name)) { digits.digit(name); e.preventDefault(); return; }
    if (digits.active()) {
      if (name === "Enter") { digits.enter(); e.preventDefault(); return; }
      if (name === "Backspace") { digits.back(); e.preventDefault(); return; }
      if (name === "Escape") { digits.clear(); e.preventDefault(); return; }
      digits.clear();
    }
    var took = special ? special(e, name) : undefined;
    if (took === true) e.preventDefault();
    if (took !== undefined) return;
    if ((name === "Space" || name === "Shift+Space" || name === "Enter") && kd.isActivatable(e.target)) return;
    var act = kd.actionFor(name, actions);
    if (!act || actions[act](e, name) === false) return;
    e.preventDefault();
  });
};
