/*! kumo-deck serve: live reload (injected by `kumo-deck serve` only, never written to dist/).
 *
 * Listens on /__kumo/events (server-sent events, with this run's token):
 *   hello  {build}          reload if the page is from another build (missed while away)
 *   reload {build}          reload; the deck keeps its slide in location.hash, other pages
 *                           get their scroll position back from sessionStorage
 *   css    {build, swaps}   swap the fingerprinted stylesheet links in place, no reload
 *   error  {errors, ...}    show the build error over the last good page (text only)
 * EventSource reconnects by itself; when the server refuses the old token (it restarted),
 * the page polls /__kumo/error and reloads once the server answers.
 */
(function () {
  "use strict";
  var me = document.currentScript || document.getElementById("kumo-live");
  if (!me || !window.EventSource || !window.JSON) return;
  var token = me.getAttribute("data-token") || "";
  var build = me.getAttribute("data-build") || "";
  var KEY = "kumo-deck:scroll:" + location.pathname;
  var keepScroll = !(document.body && document.body.classList.contains("view-deck"));
  var overlay = null;

  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  /* ------------------------------------------------------------ scroll */
  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(KEY);
      sessionStorage.removeItem(KEY);
    } catch (e) { return; }
    if (!saved || !keepScroll) return;
    var xy = saved.split(",");
    var x = Number(xy[0]) || 0;
    var y = Number(xy[1]) || 0;
    window.scrollTo(x, y);
    /* fonts and images can still move the layout: once more when they are in */
    window.addEventListener("load", function () { window.scrollTo(x, y); });
  }

  function reload() {
    if (keepScroll) {
      try {
        sessionStorage.setItem(KEY, Math.round(window.scrollX) + "," + Math.round(window.scrollY));
      } catch (e) { /* private mode: reload anyway */ }
    }
    location.reload();
  }

  /* ------------------------------------------------------- stylesheets */
  function baseName(href) {
    return href.split("#")[0].split("?")[0].split("/").pop();
  }

  function swapCss(swaps) {
    var links = Array.prototype.slice.call(document.querySelectorAll("link[rel~='stylesheet']"));
    swaps.forEach(function (pair) {
      var from = baseName(pair[0]);
      var to = baseName(pair[1]);
      links.forEach(function (link) {
        var href = link.getAttribute("href") || "";
        if (baseName(href) !== from) return;
        var next = link.cloneNode(false);
        next.setAttribute("href", href.replace(from, to));
        var done = function () { if (link.parentNode) link.parentNode.removeChild(link); };
        next.addEventListener("load", done);
        next.addEventListener("error", done);
        link.parentNode.insertBefore(next, link.nextSibling);
      });
    });
  }

  /* ----------------------------------------------------------- overlay */
  var STYLE =
    ":host{all:initial}" +
    ".wrap{position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,24,.72);" +
    "overflow:auto;font:15px/1.5 system-ui,sans-serif;color:#1b1b1f}" +
    ".panel{margin:5vh auto;max-width:60rem;background:#fff;border-top:6px solid #c4161c;" +
    "padding:1.25rem 1.5rem;box-shadow:0 8px 40px rgba(0,0,0,.4)}" +
    "h2{margin:0 0 .25rem;font-size:1.2rem;color:#c4161c}" +
    ".note{margin:0 0 1rem;color:#555}" +
    ".loc{font:600 14px ui-monospace,monospace;margin:1rem 0 .2rem}" +
    ".msg{margin:0 0 .4rem;white-space:pre-wrap}" +
    "pre{margin:0;padding:.6rem .8rem;background:#f4f4f6;overflow:auto;font:13px/1.45 ui-monospace,monospace}" +
    ".hint{margin:.3rem 0 0;color:#444}" +
    "button{float:right;font:inherit;border:1px solid #bbb;background:#fff;border-radius:4px;padding:.1rem .6rem;cursor:pointer}";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function excerpt(item) {
    if (item.excerpt === undefined || item.excerpt === null || !item.line) return null;
    var num = String(item.line);
    var pad = new Array(num.length + 1).join(" ");
    var caret = new Array(Math.max(0, (item.column || 1) - 1) + 1).join(" ") + "^";
    return el("pre", null, num + " | " + item.excerpt + "\n" + pad + " | " + caret);
  }

  function showError(report) {
    hideError();
    var host = el("div");
    host.id = "kumo-error-overlay";
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    root.appendChild(el("style", null, STYLE));
    var wrap = el("div", "wrap");
    var panel = el("div", "panel");
    panel.setAttribute("role", "alertdialog");
    panel.setAttribute("aria-label", "Build failed");
    var close = el("button", null, "Close");
    close.addEventListener("click", hideError);
    panel.appendChild(close);
    panel.appendChild(el("h2", null, "Build failed"));
    panel.appendChild(el("p", "note", "Still showing the last good build. Fix the error and save."));
    (report.errors || []).forEach(function (item) {
      var loc = item.file || "";
      if (item.line) loc += ":" + item.line + (item.column ? ":" + item.column : "");
      if (loc) panel.appendChild(el("p", "loc", loc));
      panel.appendChild(el("p", "msg", item.message));
      var pre = excerpt(item);
      if (pre) panel.appendChild(pre);
      (item.hints || []).forEach(function (h) { panel.appendChild(el("p", "hint", "hint: " + h)); });
    });
    wrap.appendChild(panel);
    root.appendChild(wrap);
    (document.body || document.documentElement).appendChild(host);
    overlay = host;
  }

  function hideError() {
    if (overlay && overlay.parentNode) overlay.parentNode.removeChild(overlay);
    overlay = null;
  }

  /* ------------------------------------------------------------ events */
  function waitForServer() {
    var tries = 0;
    function check() {
      var x = new XMLHttpRequest();
      x.open("GET", "/__kumo/error");
      x.onload = function () {
        var d = x.status === 200 ? parse(x.responseText) : null;
        if (d && d.build !== build) reload();
        else if (d) connect();
        else later();
      };
      x.onerror = later;
      x.send();
    }
    function later() { tries += 1; setTimeout(check, Math.min(5000, 500 * tries)); }
    later();
  }

  function connect() {
    var es = new EventSource("/__kumo/events?token=" + encodeURIComponent(token));
    es.addEventListener("hello", function (e) {
      var d = parse(e.data);
      if (d && d.build !== build) reload();
    });
    es.addEventListener("reload", reload);
    es.addEventListener("css", function (e) {
      var d = parse(e.data);
      if (!d) return;
      swapCss(d.swaps || []);
      build = d.build;
      hideError();
    });
    /* one listener for both: a server `error` event carries data, a connection error none */
    es.addEventListener("error", function (e) {
      if (typeof e.data === "string") {
        var d = parse(e.data);
        if (d) showError(d);
        return;
      }
      if (es.readyState === 2) {
        es.close();
        waitForServer();
      }
    });
  }

  restoreScroll();
  connect();
})();
