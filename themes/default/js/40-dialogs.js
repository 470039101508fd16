/* js/40-dialogs.js: the help and go-to dialogs of the templates (<dialog>, shown modal so the
 * rest of the page is inert; Esc, a close button or a click on the backdrop closes one and focus
 * returns where it was), and the slide number typed as digits then Enter. */
kd.openDialog = function () {
  return document.querySelector("dialog.kd-modal[open]");
};

kd.makeDialog = function (el, onShow) {
  if (!el || typeof el.showModal !== "function") return null;
  var d = { el: el };
  var before = null;
  d.isOpen = function () { return el.open; };
  d.show = function () {
    if (el.open) return;
    var other = kd.openDialog();
    if (other && other.kdDialog) other.kdDialog.hide(false);
    before = document.activeElement;
    el.showModal();
    var f = onShow ? onShow() : null;
    /* the panel itself (a long help scrolls with the arrow keys), else its first button */
    kd.focusNoScroll(f || el.querySelector(".kd-modal-panel[tabindex]") || el.querySelector(".kd-modal-close") || el);
  };
  d.hide = function (restore) {
    if (!el.open) return;
    el.close();
    if (restore !== false && before && before !== kd.body && before.focus && document.contains(before)) {
      kd.focusNoScroll(before);
    }
    before = null;
  };
  kd.toArray(el.querySelectorAll(".kd-modal-close")).forEach(function (b) {
    b.addEventListener("click", function () { d.hide(); });
  });
  /* the dialog box has no padding: a click on the element itself is on its backdrop */
  el.addEventListener("click", function (e) { if (e.target === el) d.hide(); });
  el.addEventListener("cancel", function (e) { e.preventDefault(); d.hide(); });
  el.addEventListener("keydown", function (e) {
    if (e.key === "?" && !kd.isFormField(e.target) && el.classList.contains("deck-help")) {
      e.preventDefault();
      e.stopPropagation();
      d.hide();
    }
  });
  el.kdDialog = d;
  return d;
};

/* Go-to prompt: a slide number (1-based) or a slide id. */
kd.makeGoto = function (total, resolve, onGo) {
  var el = document.querySelector(".deck-goto");
  if (!el) return null;
  var form = el.querySelector("form");
  var input = el.querySelector(".deck-goto-input");
  var error = el.querySelector(".deck-goto-error");
  function invalid(on) {
    if (!input) return;
    if (error) error.hidden = !on;
    if (on) {
      input.setAttribute("aria-invalid", "true");
      if (error && error.id) input.setAttribute("aria-describedby", error.id);
    } else {
      input.removeAttribute("aria-invalid");
      input.removeAttribute("aria-describedby");
    }
  }
  var d = kd.makeDialog(el, function () {
    invalid(false);
    if (input) input.value = "";
    return input;
  });
  if (!d || !form) return d;
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var v = input ? input.value.trim() : "";
    var i = -1;
    if (/^[0-9]+$/.test(v)) {
      var k = parseInt(v, 10);
      if (k >= 1 && k <= total) i = k - 1;
    } else if (v) {
      i = resolve(v.replace(/^#/, ""));
    }
    if (i < 0) {
      invalid(true);
      if (input) { input.focus(); input.select(); }
      return;
    }
    d.hide(false);
    onGo(i);
  });
  return d;
};

/* Digits typed outside a form, then Enter: go to that slide (shown while typing). */
kd.numberEntry = function (total, onGo) {
  var el = document.createElement("div");
  el.className = "kd-typed";
  el.setAttribute("aria-live", "polite");
  kd.body.appendChild(el);
  var buf = "";
  var timer = 0;
  function render() { el.textContent = buf ? buf + " / " + total : ""; }
  function clear() { buf = ""; clearTimeout(timer); render(); }
  return {
    active: function () { return buf !== ""; },
    digit: function (d) {
      if (buf.length >= 6) return;
      buf = buf === "0" ? d : buf + d;
      render();
      clearTimeout(timer);
      timer = setTimeout(clear, 4000);
    },
    back: function () { buf = buf.slice(0, -1); render(); },
    enter: function () {
      var v = parseInt(buf, 10);
      clear();
      if (v >= 1) onGo(Math.min(total, v) - 1);
    },
    clear: clear
  };
};
