import { test, expect } from './fixtures/test';
import { Header, hydrated } from './fixtures/pages';
import { serverFunctionCalls } from './fixtures/instrument';

test('"Sign in" is ready for immediate mode as soon as the app hydrates, with no request for a challenge', async ({
  page,
}) => {
  const prepares = serverFunctionCalls(page, 'prepare_sign_in');

  await page.goto('/');

  await new Header(page).immediateReady();
  expect(prepares, 'the challenge came with the page').toHaveLength(0);
});

test('the app arrives compressed, and a repeat visit takes its JS, wasm and CSS from the cache', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const seen: { path: string; encoding: string; cached: boolean }[] = [];
  // Memory-cache hits are reported by this event only (their response says nothing of a cache).
  const fromCache = new Set<string>();
  cdp.on('Network.requestServedFromCache', (event) => fromCache.add(event.requestId));
  cdp.on('Network.responseReceived', (event) => {
    const path = new URL(event.response.url).pathname;
    if (!path.startsWith('/pkg/')) return;
    const headers = Object.fromEntries(
      Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
    );
    seen.push({
      path,
      encoding: headers['content-encoding'] ?? 'none',
      cached: Boolean(event.response.fromDiskCache) || fromCache.has(event.requestId),
    });
  });

  await page.goto('/');
  await hydrated(page);
  const first = seen.splice(0);
  expect(first.map((r) => r.path.split('.').pop()).sort(), 'the page loads its CSS, JS and wasm').toEqual([
    'css',
    'js',
    'wasm',
  ]);
  for (const resource of first) {
    expect(resource.encoding, `${resource.path} comes compressed`).toBe('br');
    expect(resource.path, 'named after its content').toMatch(/^\/pkg\/leptos-passkeys\.[\w-]{22}\.(css|js|wasm)$/);
  }

  await page.goto('/cart');
  await page.goto('/');
  await hydrated(page);
  expect(seen.length, 'the repeat visit asks for the same files').toBeGreaterThan(0);
  for (const resource of seen) {
    expect(resource.cached, `${resource.path} comes from the cache`).toBe(true);
  }
});
