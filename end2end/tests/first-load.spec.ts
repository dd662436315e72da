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
  // The loader may still be fetching parts ahead of need: the first load is over when the network is quiet.
  await page.waitForLoadState('networkidle');
  const first = seen.splice(0);
  // The bundle (its JS and wasm), the loader of its lazy parts, and the parts this page's islands need.
  const kinds = new Set(first.map((r) => r.path.split('.').pop()));
  expect([...kinds].sort(), 'the page loads CSS, JS and wasm, and nothing else').toEqual(['css', 'js', 'wasm']);
  for (const main of ['css', 'js', 'wasm']) {
    expect(first.map((r) => r.path), `the bundle's ${main}`).toContainEqual(
      expect.stringMatching(new RegExp(`^/pkg/leptos-passkeys\\.[\\w-]{22}\\.${main}$`)),
    );
  }
  for (const resource of first) {
    expect(resource.encoding, `${resource.path} comes compressed`).toBe('br');
    expect(resource.path, 'named after its content').toMatch(/^\/pkg\/[\w-]+\.[\w-]{22}\.(css|js|wasm)$/);
  }

  await page.goto('/sign-in');
  // The sign-in forms' island brings parts of the bundle that `/` does not use.
  await page.waitForLoadState('networkidle');
  seen.splice(0);
  await page.goto('/');
  await hydrated(page);
  expect(seen.length, 'the repeat visit asks for the same files').toBeGreaterThan(0);
  for (const resource of seen) {
    expect(resource.cached, `${resource.path} comes from the cache`).toBe(true);
  }
});
