'use strict';
// Offline link check of dist/, complementing lychee (which, in 0.24, does not look at
// <script src> and accepts a link to a folder without an index.html).
//
// Usage: node links.js DIST
// Every dist/**/*.html is parsed by Chromium's DOMParser (the static file, no script runs).
// Checked attributes: href, src, srcset, poster, object[data], form[action], xlink:href,
// meta refresh; plus url(...) and @import in dist/**/*.css. Each URL must be
//   - relative (no leading "/" or "//", no file:), since dist/ is served from any sub-path;
//   - a file inside dist/ that exists (a folder only with an index.html, reached with a
//     trailing slash);
//   - with a #fragment, an id (or <a name>) in the target page ("#" and "#top" excepted);
//   - an external URL only with http(s), mailto or tel and a well-formed host (not fetched).
// Exits 1 on any broken link.

const path = require('path');
const fs = require('fs');
const { launch } = require('./lib');

const dist = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'dist'));
const BASE = 'http://dist.invalid/';

function walk(dir, out = []) {
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) walk(p, out);
    else if (d.isFile()) out.push(p);
  }
  return out;
}

// Runs in the page: parse each file's text, return its URLs and ids.
function extract(files) {
  return files.map(({ rel, text }) => {
      const doc = new DOMParser().parseFromString(text, 'text/html');
      const urls = [];
      const snip = (el) => el.outerHTML.replace(/\s+/g, ' ').slice(0, 120);
      const add = (el, attr, v) => urls.push({ attr: `${el.localName}[${attr}]`, url: v, el: snip(el) });
      for (const el of doc.querySelectorAll('*')) {
        for (const a of el.attributes) {
          const n = a.name.toLowerCase();
          if (n === 'href' || n === 'xlink:href' || n === 'src' || n === 'poster' || n === 'action' ||
              (n === 'data' && el.localName === 'object')) {
            add(el, n, a.value);
          } else if (n === 'srcset' || n === 'imagesrcset') {
            for (const part of a.value.split(',')) {
              const u = part.trim().split(/\s+/)[0];
              if (u) add(el, n, u);
            }
          }
        }
        if (el.localName === 'meta' && /^refresh$/i.test(el.getAttribute('http-equiv') || '')) {
          const m = /url\s*=\s*['"]?([^'"]+)/i.exec(el.getAttribute('content') || '');
          if (m) add(el, 'content', m[1]);
        }
      }
      const ids = [];
      for (const el of doc.querySelectorAll('[id]')) ids.push(el.id);
      for (const el of doc.querySelectorAll('a[name]')) ids.push(el.getAttribute('name'));
      return { rel, urls, ids };
  });
}

async function main() {
  if (!fs.existsSync(dist)) throw new Error(`${dist} does not exist`);
  const files = walk(dist);
  const htmlFiles = files.filter((f) => /\.html?$/i.test(f));
  const cssFiles = files.filter((f) => /\.css$/i.test(f));
  const relOf = (f) => path.relative(dist, f).split(path.sep).join('/');

  const browser = await launch();
  let parsed;
  try {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.setContent('<!DOCTYPE html><title>links</title>');
    parsed = await page.evaluate(
      extract,
      htmlFiles.map((f) => ({ rel: relOf(f), text: fs.readFileSync(f, 'utf8') })),
    );
  } finally {
    await browser.close();
  }

  const idsOf = new Map(parsed.map((p) => [p.rel, new Set(p.ids)]));
  const entries = [];
  for (const p of parsed) for (const u of p.urls) entries.push({ from: p.rel, ...u });
  for (const f of cssFiles) {
    const text = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const re = /url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3/g;
    for (let m; (m = re.exec(text)); ) {
      entries.push({ from: relOf(f), attr: m[2] !== undefined && m[0].startsWith('url') ? 'css url()' : 'css @import', url: m[2] ?? m[4], el: m[0] });
    }
  }

  const errors = [];
  let internal = 0;
  let fragments = 0;
  const external = new Set();
  for (const e of entries) {
    const v = e.url.trim();
    const bad = (why) => errors.push(`${e.from}: ${e.attr} "${e.url}": ${why}\n      ${e.el}`);
    if (v === '') { bad('empty URL'); continue; }
    if (/^data:/i.test(v)) continue;
    if (/^\/\//.test(v)) { bad('protocol-relative URL (not relative to dist/)'); continue; }
    if (/^\//.test(v)) { bad('root-absolute path: breaks on a sub-path or from disk'); continue; }
    let u;
    try {
      u = new URL(v, BASE + e.from);
    } catch (err) {
      bad('malformed URL');
      continue;
    }
    if (u.origin + '/' !== BASE) {
      if (u.protocol === 'http:' || u.protocol === 'https:') {
        if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(u.hostname) || /\s/.test(v)) bad('malformed external URL');
        else external.add(u.href);
      } else if (u.protocol === 'mailto:' || u.protocol === 'tel:') {
        external.add(u.href);
      } else {
        bad(`scheme ${u.protocol} not allowed`);
      }
      continue;
    }
    internal++;
    let rel;
    try {
      rel = decodeURIComponent(u.pathname.slice(1));
    } catch (err) {
      bad('bad percent-encoding in path');
      continue;
    }
    if (rel.startsWith('..') || u.pathname.startsWith('/..')) { bad('leaves dist/'); continue; }
    let target = rel;
    if (target === '' || target.endsWith('/')) target += 'index.html';
    const abs = path.join(dist, ...target.split('/'));
    if (!abs.startsWith(dist)) { bad('leaves dist/'); continue; }
    let st;
    try {
      st = fs.statSync(abs);
    } catch (err) {
      bad(`no such file: ${target}`);
      continue;
    }
    if (st.isDirectory()) { bad(`${target} is a folder (link to ${target}/index.html)`); continue; }
    if (u.hash && u.hash !== '#') {
      let frag;
      try {
        frag = decodeURIComponent(u.hash.slice(1));
      } catch (err) {
        bad('bad percent-encoding in fragment');
        continue;
      }
      fragments++;
      const ids = idsOf.get(target);
      if (ids && !ids.has(frag) && frag.toLowerCase() !== 'top') bad(`no id "${frag}" in ${target}`);
    }
  }

  for (const e of errors) console.log(`BROKEN ${e}`);
  console.log(
    `links: ${htmlFiles.length} HTML and ${cssFiles.length} CSS file(s), ${entries.length} URL(s): ` +
      `${internal} internal (${fragments} with a fragment), ${external.size} distinct external (well-formed, not fetched); ` +
      `${errors.length} broken`,
  );
  process.exit(errors.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(2);
});
