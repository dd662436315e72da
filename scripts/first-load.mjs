// First load as a phone on a slow network sees it: bytes over the wire per resource (with its content encoding)
// and the time from navigation start until one click on "Sign in" can use WebAuthn immediate mode
// (`data-immediate="ready"` on the button), in Debian's Chromium with a fresh profile and CDP network and CPU
// throttling. Then a repeat visit in the same profile: what still comes over the network.
//
//   node scripts/first-load.mjs [--runs 5] [--path /sign-in] [--url http://127.0.0.1:3000/]
//
// Without --url it starts the release server itself (target/release/server, after
// `cargo leptos build --release --precompress --split`) on a free port with a fresh database, and stops it at the end.
// Prints one table per setting: median of the runs, and the bytes of the first run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

const require = createRequire(new URL('../end2end/package.json', import.meta.url));
const { chromium } = require('@playwright/test');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const runs = Number(option('runs', '5'));
// The page to load, on the server the script starts (default `/`).
const path = option('path', '/');

// Chrome DevTools' presets (front_end/core/sdk/NetworkManager.ts).
const NETWORKS = {
  none: null,
  'Fast 4G': { latency: 60 * 2.75, downloadThroughput: (9 * 1000 * 1000) / 8 * 0.9, uploadThroughput: (1.5 * 1000 * 1000) / 8 * 0.9 },
  'Slow 4G': { latency: 150 * 3.75, downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9, uploadThroughput: (750 * 1000) / 8 * 0.9 },
};
const SETTINGS = [
  ['none', 1],
  ['Fast 4G', 4],
  ['Slow 4G', 4],
];

async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startServer() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'first-load-'));
  const origin = `http://localhost:${port}`;
  const child = spawn('target/release/server', [], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      LISTEN_ADDR: `127.0.0.1:${port}`,
      RP_ID: 'localhost',
      RP_ORIGIN: origin,
      DATABASE_PATH: join(dir, 'db.sqlite'),
      LEPTOS_OUTPUT_NAME: 'leptos-passkeys',
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_ENV: 'PROD',
      LEPTOS_HASH_FILES: 'true',
      RUST_LOG: 'warn',
    },
  });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: new URL(path, origin).href, stop: () => { child.kill(); rmSync(dir, { recursive: true, force: true }); } };
}

/** One visit: the resources that came over the network and when the button was ready. */
async function visit(page, cdp, url) {
  const resources = new Map();
  // Memory-cache hits are reported by this event only.
  const fromCache = new Set();
  const onServedFromCache = (event) => fromCache.add(event.requestId);
  const onResponse = (event) => {
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    resources.set(event.requestId, {
      url: event.response.url,
      encoding: headers['content-encoding'] ?? 'none',
      cached: event.response.fromDiskCache || fromCache.has(event.requestId) || event.response.status === 304,
      bytes: 0,
    });
  };
  const onFinished = (event) => {
    const resource = resources.get(event.requestId);
    if (resource) resource.bytes = event.encodedDataLength;
  };
  cdp.on('Network.requestServedFromCache', onServedFromCache);
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.loadingFinished', onFinished);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('[data-immediate="ready"]', { timeout: 120_000 });
  const readyAt = await page.evaluate(() => window.__readyAt ?? performance.now());
  // Whatever was still in flight when the button became ready is part of the first load too.
  await page.waitForLoadState('networkidle');
  cdp.off('Network.requestServedFromCache', onServedFromCache);
  cdp.off('Network.responseReceived', onResponse);
  cdp.off('Network.loadingFinished', onFinished);
  return { readyAt, resources: [...resources.values()] };
}

async function measure(browser, url, network, cpu) {
  const context = await browser.newContext();
  // Notes the moment the button says it is ready (an init script runs before the page's own, CSP or not).
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('[data-immediate="ready"]')) {
        window.__readyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-immediate'] });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  if (NETWORKS[network]) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...NETWORKS[network] });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  const first = await visit(page, cdp, url);
  const repeat = await visit(page, cdp, url);
  await context.close();
  return { first, repeat };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const wire = (resources) => resources.filter((r) => !r.cached).reduce((sum, r) => sum + r.bytes, 0);

const server = option('url', null) ? { url: option('url'), stop() {} } : await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
});
try {
  console.log(`first load of ${server.url}, ${runs} runs per setting, Chromium ${browser.version()}, ${new Date().toISOString()}`);
  for (const [network, cpu] of SETTINGS) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await measure(browser, server.url, network, cpu));
    const { first, repeat } = results[0];
    console.log(`\n## network ${network}, CPU ${cpu}x`);
    for (const r of first.resources) {
      const path = new URL(r.url).pathname;
      console.log(`  ${String(r.bytes).padStart(9)} B  ${r.encoding.padEnd(5)} ${path}`);
    }
    console.log(`  first load over the wire: ${wire(first.resources)} B (median ${median(results.map((r) => wire(r.first.resources)))} B)`);
    console.log(`  repeat visit over the wire: ${wire(repeat.resources)} B, from network: ${repeat.resources.filter((r) => !r.cached).map((r) => new URL(r.url).pathname).join(', ')}`);
    const ready = results.map((r) => r.first.readyAt);
    console.log(`  navigation start to data-immediate="ready": median ${(median(ready) / 1000).toFixed(2)} s (runs: ${ready.map((t) => (t / 1000).toFixed(2)).join(', ')})`);
  }
} finally {
  await browser.close();
  server.stop();
}
