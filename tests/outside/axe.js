'use strict';
// axe-core in headless Chromium on every page of dist/: the landing page, the deck and
// document views of each language (and any other page the build writes).
//
// Usage: node axe.js DIST
// Prints every violation with its nodes; exits 1 if any is serious or critical, or if a page
// has a JS error, a console error or a request outside dist/ (the site must work offline).
//
// Deck pages are checked in several states so that every slide's content is covered:
//   screen, first slide (the state a visitor lands in), light and dark colour scheme;
//   screen, each slide in turn (navigated by #id, as the deck shows one slide at a time),
//     with axe limited to that slide: every rule in the light scheme, the colour rules in
//     the dark scheme;
//   print media, where every slide is visible as a 1280x720 page.
// Other pages (document views, landing page, ...): screen light, screen dark, print.
// OUTSIDE_AXE_QUICK=1 skips the slide-by-slide runs (print still covers every slide, in light).

const path = require('path');
const fs = require('fs');
const { serve, launch, newPage, settle } = require('./lib');

const AXE_SRC = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = require('axe-core/package.json').version;
const FAIL_IMPACTS = new Set(['serious', 'critical']);
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

const dist = path.resolve(process.argv[2] || path.join(__dirname, '..', '..', 'dist'));

// Every HTML page under dist/ (not under assets/), the landing page first.
function htmlPages() {
  const out = [];
  (function walk(dir) {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory() && d.name !== 'assets') walk(p);
      else if (d.isFile() && /\.html$/.test(d.name)) out.push(path.relative(dist, p).split(path.sep).join('/'));
    }
  })(dist);
  return out.sort((a, b) => (a === 'index.html' ? -1 : b === 'index.html' ? 1 : a.localeCompare(b)));
}

async function runAxe(page, context, rules) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(AXE_SRC);
  return page.evaluate(async ([ctx, only]) => {
    // axe's default rule set: WCAG 2.0/2.1/2.2 A and AA plus best practices.
    const opts = { resultTypes: ['violations'] };
    if (only) opts.runOnly = { type: 'rule', values: only };
    const res = await window.axe.run(ctx || document, opts);
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        slide: (() => {
          try {
            const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
            const s = el && el.closest('section.slide[id], .doc-slide[id], section[id]');
            return s ? s.id : '';
          } catch (e) {
            return '';
          }
        })(),
        impact: n.impact,
        html: n.html,
        summary: n.failureSummary,
      })),
    }));
  }, [context || null, rules || null]);
}

const found = []; // {page, state, violation}

function record(pageName, state, violations) {
  for (const v of violations) found.push({ page: pageName, state, v });
}

function reason(rule, summary) {
  const s = String(summary || '');
  const m = /contrast of ([\d.]+) \(foreground color: (#\w+), background color: (#\w+), font size: ([^,]+), font weight: (\w+)\)\. Expected contrast ratio of ([\d.:]+)/.exec(s);
  if (m) return `${m[2]} on ${m[3]} = ${m[1]}:1, needs ${m[6]} (${m[4]}, ${m[5]})`;
  return clip(s.replace(/^Fix (any|all) of the following:\s*/, ''), 160);
}

function clip(s, n) {
  s = String(s).replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

async function main() {
  if (!fs.existsSync(path.join(dist, 'index.html'))) throw new Error(`no index.html under ${dist}`);
  const srv = await serve(dist);
  const browser = await launch();
  const pageProblems = [];
  let runs = 0;
  let pages = 0;
  try {
    // every page of the site; a page with #deck > section.slide is a deck view
    const targets = htmlPages().map((rel) => ({ rel, deck: null }));
    pages = targets.length;
    for (const t of targets) {
      for (const scheme of ['light', 'dark']) {
        const { page, context, problems } = await newPage(browser, srv.base, { colorScheme: scheme });
        await page.goto(srv.base + t.rel, { waitUntil: 'load' });
        await settle(page);
        if (t.deck === null) t.deck = (await page.$$('#deck > section.slide')).length > 0;
        const state = t.deck ? `screen ${scheme}, first slide` : `screen ${scheme}`;
        record(t.rel, state, await runAxe(page));
        runs++;
        if (t.deck && process.env.OUTSIDE_AXE_QUICK !== '1') {
          // one slide at a time, as the deck shows them; in the dark scheme only the colour
          // rules (slides stay light, but page colours could leak into them)
          const ids = await page.$$eval('#deck > section.slide', (ss) => ss.map((s) => s.id));
          for (const id of ids) {
            await page.evaluate((h) => {
              location.hash = h;
            }, '#' + id);
            await page.waitForFunction(
              (h) => {
                const s = document.getElementById(h);
                const scripted = !!document.querySelector('.deck.is-ready'); // deck.js ran
                return s && !s.hidden && (!scripted || s.classList.contains('is-current'));
              },
              id,
              { timeout: 5000 },
            );
            await settle(page);
            record(
              t.rel,
              `screen ${scheme}, slide #${id}`,
              await runAxe(page, { include: [['#' + id]] }, scheme === 'dark' ? COLOUR_RULES : null),
            );
            runs++;
          }
        }
        if (scheme === 'light') {
          await page.emulateMedia({ media: 'print' });
          await settle(page);
          record(t.rel, t.deck ? 'print, all slides' : 'print', await runAxe(page));
          runs++;
        }
        for (const p of problems) pageProblems.push(`${t.rel} [${scheme}]: ${p}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await srv.close();
  }

  // Group by page + rule + node target so a problem seen in several states prints once.
  const groups = new Map();
  for (const { page, state, v } of found) {
    for (const n of v.nodes) {
      const key = `${page}\u0000${v.id}\u0000${n.target}`;
      if (!groups.has(key)) groups.set(key, { page, v, n, states: [] });
      groups.get(key).states.push(state);
    }
  }
  const byRule = new Map();
  for (const g of groups.values()) {
    const k = `${g.v.impact}\u0000${g.v.id}`;
    if (!byRule.has(k)) byRule.set(k, []);
    byRule.get(k).push(g);
  }
  const order = { critical: 0, serious: 1, moderate: 2, minor: 3 };
  const keys = [...byRule.keys()].sort((a, b) => {
    const [ia, ra] = a.split('\u0000');
    const [ib, rb] = b.split('\u0000');
    return (order[ia] ?? 9) - (order[ib] ?? 9) || ra.localeCompare(rb);
  });

  let failing = 0;
  let other = 0;
  for (const k of keys) {
    const list = byRule.get(k);
    const v = list[0].v;
    const fail = FAIL_IMPACTS.has(v.impact);
    if (fail) failing += list.length;
    else other += list.length;
    console.log(`\n${fail ? 'FAIL' : 'note'} [${v.impact}] ${v.id}: ${v.help} (${list.length} node(s))`);
    console.log(`     ${v.helpUrl}`);
    for (const g of list) {
      const st = g.states.length > 3 ? `${g.states.slice(0, 3).join('; ')}; +${g.states.length - 3} more` : g.states.join('; ');
      console.log(`  - ${g.page}  ${g.n.target}   [${st}]`);
      console.log(`      html: ${clip(g.n.html, 200)}`);
      if (g.n.summary) console.log(`      why:  ${clip(g.n.summary, 400)}`);
    }
  }
  const uniqProblems = [...new Set(pageProblems)];
  for (const p of uniqProblems) console.log(`FAIL page: ${p}`);

  // Compact summary: rule -> page -> slides and distinct reasons.
  if (keys.length) console.log('\nsummary by rule and page:');
  for (const k of keys) {
    const list = byRule.get(k);
    const v = list[0].v;
    console.log(`  ${FAIL_IMPACTS.has(v.impact) ? 'FAIL' : 'note'} ${v.id} [${v.impact}]`);
    const perPage = new Map();
    for (const g of list) {
      if (!perPage.has(g.page)) perPage.set(g.page, { n: 0, slides: new Set(), why: new Map(), states: new Set() });
      const e = perPage.get(g.page);
      e.n++;
      if (g.n.slide) e.slides.add('#' + g.n.slide);
      for (const st of g.states) e.states.add(st.replace(/, slide #.*/, ', per slide'));
      const why = reason(v.id, g.n.summary);
      e.why.set(why, (e.why.get(why) || 0) + 1);
    }
    for (const [pg, e] of perPage) {
      console.log(`    ${pg}: ${e.n} node(s)${e.slides.size ? ' in ' + [...e.slides].join(' ') : ''}  [${[...e.states].join('; ')}]`);
      for (const [w, c] of e.why) console.log(`      ${c} x ${w}`);
    }
  }

  console.log(
    `\naxe-core ${AXE_VERSION}: ${runs} runs on ${pages} page(s); ` +
      `${failing} serious/critical node(s), ${other} moderate/minor node(s) (not failing); ` +
      `${uniqProblems.length} page error(s)/outside request(s)`,
  );
  process.exit(failing || uniqProblems.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(2);
});
