import { test, expect } from './fixtures/test';
import { hydrated } from './fixtures/pages';

test('the page hydrates: wasm loads, takes over the server-rendered HTML and enables passkey buttons', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });

  const response = await page.goto('/sign-in');
  const html = await response!.text();
  expect(html, 'the server renders the button disabled until hydration').toMatch(/<button[^>]*disabled[^>]*>Sign in with a passkey/);

  await hydrated(page);
  await expect(page.getByRole('button', { name: 'Sign in with a passkey' })).toBeEnabled();
  expect(errors).toEqual([]);
});
