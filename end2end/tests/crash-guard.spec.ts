import { test, expect } from './fixtures/test';
import { hydrated } from './fixtures/pages';

// The guard in fixtures/test.ts must see what a real crash looks like, on every page a spec opens.

test('an uncaught error on the page is recorded as a crash', async ({ page, crashes }) => {
  await page.goto('/');
  await hydrated(page);

  await page.evaluate(() => setTimeout(() => Promise.reject(new Error('unhandled on purpose'))));

  await expect.poll(() => crashes).toEqual([expect.stringContaining('unhandled on purpose')]);
  crashes.length = 0; // seen; let this spec pass
});

test('a wasm panic on a page of another context is recorded as a crash', async ({ browser, crashes }) => {
  const other = await browser.newPage();
  await other.goto('/');
  await hydrated(other);

  await other.evaluate(() => console.error('panicked at app/src/lib.rs:1:1:\nTried to access a disposed value'));

  await expect.poll(() => crashes).toEqual([expect.stringMatching(/^wasm panic on .*panicked at app\/src\/lib\.rs/)]);
  crashes.length = 0;
  await other.close();
});

test("a script injected into a page is blocked by its Content-Security-Policy, and that is recorded", async ({
  page,
  crashes,
}) => {
  // As if some text had slipped into the server-rendered HTML unescaped: an inline script without the nonce.
  await page.route('/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('</body>', '<script>window.__injected = true;</script></body>');
    await route.fulfill({ response, body: html });
  });

  await page.goto('/');
  await hydrated(page);

  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => crashes).toEqual([expect.stringMatching(/^CSP violation on /)]);
  crashes.length = 0;
});

test('a spec whose page crashed fails even when its own steps pass (shown as an expected failure)', async ({ page }) => {
  test.fail(true, 'the crash guard must fail this spec');
  await page.goto('/');
  await hydrated(page);
  await page.evaluate(() => setTimeout(() => {
    throw new Error('thrown on purpose');
  }));
  await page.waitForTimeout(200);
});
