'use strict';
// `kumo-deck serve` in headless Chromium (issue 5): live reload keeps the slide, a CSS-only
// change swaps the stylesheet without a reload, a build error shows an overlay whose message
// is text (never HTML) and clears on the next good build, the document view keeps its scroll
// position, Ctrl+C stops the server, and an open page reloads by itself from a restarted one.
//
//   node serve.js KUMO_DECK PROJECT
//
// KUMO_DECK: the binary; PROJECT: a scratch copy of tests/fixtures/serve-basic (edited here).
// Prints PASS/FAIL per check and a last line "N passed, M failed"; exits 1 if anything failed.

const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const { chromium } = require('playwright-core');

const BIN = path.resolve(process.argv[2] || '');
const PROJECT = path.resolve(process.argv[3] || '');
const TIMEOUT = 20000;

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
function edit(rel, from, to) {
  const p = path.join(PROJECT, rel);
  const text = fs.readFileSync(p, 'utf8');
  assert(text.includes(from), `${rel} lacks ${JSON.stringify(from)}`);
  fs.writeFileSync(p, text.split(from).join(to));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Poll fn in the page until it returns true; survives the page reloading under us.
async function until(page, fn, arg, what) {
  const end = Date.now() + TIMEOUT;
  for (;;) {
    try {
      if (await page.evaluate(fn, arg)) return;
    } catch (e) {
      /* the page is reloading */
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// Start the server on a free port; resolves with {child, base} once it prints its URL.
function startServer(port = 0) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['--root', PROJECT, 'serve', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL from serve:\n${out}`)), 60000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1], log: () => out });
      }
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${out}`)));
  });
}

async function launch() {
  const args = ['--disable-gpu', '--disable-background-networking', '--no-first-run'];
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', headless: true, args });
}

const checks = [
  {
    name: 'an edit reloads the deck on the same slide with the new text',
    async fn(page, base) {
      await page.goto(`${base}en/#third`);
      await until(page, () => document.getElementById('third').classList.contains('is-current'), null, 'slide 3');
      await page.evaluate(() => (window.__marker = 1));
      edit('content/en/02-b.md', 'GAMMA-EN', 'GAMMA-LIVE');
      await until(page, () => !window.__marker && document.getElementById('third').textContent.includes('GAMMA-LIVE'), null, 'the reload');
      assert((await page.evaluate(() => location.hash)) === '#third', 'lost the slide');
      assert(await page.evaluate(() => document.getElementById('third').classList.contains('is-current')), 'slide 3 not shown');
    },
  },
  {
    name: 'a CSS-only change swaps the stylesheet without a reload',
    async fn(page, base) {
      await page.goto(`${base}en/#second`);
      await until(page, () => !!document.getElementById('kumo-live'), null, 'the page');
      await page.evaluate(() => (window.__marker = 2));
      edit('themes/default/deck.css', '#222', '#123456');
      await until(page, () => getComputedStyle(document.body).color === 'rgb(18, 52, 86)', null, 'the new colour');
      assert((await page.evaluate(() => window.__marker)) === 2, 'the page reloaded');
      assert((await page.evaluate(() => location.hash)) === '#second', 'lost the slide');
    },
  },
  {
    name: 'a build error shows an overlay with the message as text, cleared by the fix',
    async fn(page, base) {
      await page.goto(`${base}en/`);
      await until(page, () => !!document.getElementById('kumo-live'), null, 'the page');
      const key = '"<img src=x onerror=window.__pwned=1>" = 1';
      edit('content/en/01-a.md', 'section = "Intro"', `section = "Intro"\n${key}`);
      await until(page, () => !!document.getElementById('kumo-error-overlay'), null, 'the overlay');
      const text = await page.evaluate(() => {
        const host = document.getElementById('kumo-error-overlay');
        return (host.shadowRoot || host).textContent;
      });
      assert(text.includes('content/en/01-a.md:'), `no location in: ${text}`);
      assert(text.includes('<img src=x onerror=window.__pwned=1>'), `message not shown as text: ${text}`);
      await sleep(300);
      const injected = await page.evaluate(() => {
        const host = document.getElementById('kumo-error-overlay');
        return !!window.__pwned || !!(host.shadowRoot || host).querySelector('img');
      });
      assert(!injected, 'the message was parsed as HTML');
      assert((await page.textContent('body')).includes('ALPHA-EN'), 'the last good page is gone');
      edit('content/en/01-a.md', `\n${key}`, '');
      await until(page, () => !document.getElementById('kumo-error-overlay') && !!document.getElementById('kumo-live'), null, 'the overlay to clear');
    },
  },
  {
    name: 'the document view keeps its scroll position across a reload',
    async fn(page, base) {
      await page.setViewportSize({ width: 1000, height: 600 });
      await page.goto(`${base}en/doc.html`);
      await until(page, () => document.documentElement.scrollHeight > 2000, null, 'a long page');
      await page.evaluate(() => window.scrollTo(0, 1200));
      await until(page, () => Math.abs(window.scrollY - 1200) < 2, null, 'the scroll');
      await page.evaluate(() => (window.__marker = 4));
      edit('content/en/03-long.md', 'LONG-EN', 'LONG-EDITED');
      await until(page, () => !window.__marker && document.body.textContent.includes('LONG-EDITED'), null, 'the reload');
      await until(page, () => Math.abs(window.scrollY - 1200) < 2, null, 'the restored scroll position');
    },
  },
];

(async () => {
  let passed = 0;
  let failed = 0;
  let server;
  let browser;
  try {
    server = await startServer();
    browser = await launch();
  } catch (e) {
    console.log(`FAIL  start: ${e.message}`);
    if (server) server.child.kill('SIGKILL');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const context = await browser.newContext();
  for (const c of checks) {
    const page = await context.newPage();
    const t0 = Date.now();
    try {
      await c.fn(page, server.base);
      passed++;
      console.log(`PASS  ${c.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${c.name}: ${String(e.message || e)}\n${server.log()}`);
    }
    await page.close();
  }
  // Ctrl+C with a page open: the server stops by itself, with status 0.
  const page = await context.newPage();
  await page.goto(`${server.base}en/#second`);
  await until(page, () => !!document.getElementById('kumo-live'), null, 'the page');
  await page.evaluate(() => (window.__marker = 5));
  const code = await stop(server);
  if (code === 0) {
    passed++;
    console.log('PASS  Ctrl+C stops the server cleanly');
  } else {
    failed++;
    console.log(`FAIL  Ctrl+C stops the server cleanly: ${code}`);
  }
  // A new server on the same port: the open page finds it and reloads by itself.
  const t0 = Date.now();
  try {
    await sleep(1500);
    server = await startServer(new URL(server.base).port);
    await until(page, () => !window.__marker && !!document.getElementById('kumo-live'), null, 'the page to reload from the new server');
    assert((await page.evaluate(() => location.hash)) === '#second', 'lost the slide');
    passed++;
    console.log(`PASS  a page reconnects to a restarted server and reloads (${Date.now() - t0} ms)`);
    await stop(server);
  } catch (e) {
    failed++;
    console.log(`FAIL  a page reconnects to a restarted server and reloads: ${e.message}`);
    if (server) server.child.kill('SIGKILL');
  }
  await browser.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();

// SIGINT, then the exit status (or why there is none).
function stop(server) {
  server.child.removeAllListeners('exit');
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      server.child.kill('SIGKILL');
      resolve('still running after 10 s');
    }, 10000);
    server.child.on('exit', (c, sig) => {
      clearTimeout(t);
      resolve(c === null ? sig : c);
    });
    server.child.kill('SIGINT');
  });
}
