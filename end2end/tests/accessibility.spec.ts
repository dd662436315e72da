import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { AccountPage, SignInPage, SignUpPage, createPasswordAccount, hydrated } from './fixtures/pages';

// axe-core (npm @axe-core/playwright) finds no violation on any page: signed out and signed in, with the wasm
// bundle running and without it (the page the server rendered, its scripts taken out and its <noscript> shown), in
// English and in Hebrew (right to left), and in the account page's dialog and the passkey offer.

/** Every WCAG rule axe checks, on the page as it is now. */
async function expectNoViolations(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}, at ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`,
  );
  expect(found, `${what}: axe violations`).toEqual([]);
}

async function visit(page: Page, path: string, withJavaScript: boolean) {
  await page.goto(path);
  if (withJavaScript) await hydrated(page);
}

const password = 'correct horse battery staple';

/**
 * Makes every page load as a browser without JavaScript shows it: the HTML the server sent, its scripts taken out
 * and its `<noscript>` content shown (axe itself still runs, injected by Playwright).
 */
async function serveWithoutScripts(page: Page) {
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    const html = (await response.text())
      .replace(/<script\b[\s\S]*?<\/script>/g, '')
      .replace(/<link rel="modulepreload"[^>]*>/g, '')
      .replace(/<\/?noscript>/g, '');
    await route.fulfill({ response, body: html });
  });
}

for (const [locale, withJavaScript] of [
  ['en-US', true],
  ['en-US', false],
  ['he-IL', true],
  ['he-IL', false],
] as const) {
  const how = `${withJavaScript ? 'with JavaScript' : 'without JavaScript'}, in ${locale === 'he-IL' ? 'Hebrew' : 'English'}`;

  test.describe(how, () => {
    test.use({ locale });
    test.beforeEach(async ({ page }) => {
      if (!withJavaScript) await serveWithoutScripts(page);
    });

    test(`every page a visitor can open has no accessibility violations, ${how}`, async ({ page }) => {
      for (const path of ['/', '/sign-in', '/sign-up', '/cart', '/checkout', '/how-it-works', '/no-such-page']) {
        await visit(page, path, withJavaScript);
        await expectNoViolations(page, `${path}, signed out, ${how}`);
      }
    });

    test(`every page a signed-in customer can open has no accessibility violations, ${how}`, async ({ page }) => {
      const username = uniqueUsername('a11y');
      const request = page.request; // the page's own cookies: what it does, the page sees
      await createPasswordAccount(request, username, password);
      expect((await request.post('/api/add_to_cart', { form: { product_id: 'sticker-pack' } })).ok()).toBe(true);
      const { order_key } = await (await request.post('/api/checkout')).json();
      const details = { email: `${username}@example.com`, full_name: 'Ada Lovelace', address: '1 Analytical Way' };
      expect((await request.post('/api/place_order', { form: { order_key, ...details } })).ok()).toBe(true);
      expect((await request.post('/api/add_to_cart', { form: { product_id: 'passkey-mug' } })).ok()).toBe(true);

      for (const path of ['/', '/account', '/cart', '/checkout']) {
        await visit(page, path, withJavaScript);
        await expectNoViolations(page, `${path}, signed in, ${how}`);
      }
      await visit(page, '/account', withJavaScript);
      const order = await page.locator('main a[href^="/orders/"]').first().getAttribute('href');
      await visit(page, order!, withJavaScript);
      await expectNoViolations(page, `the order page, ${how}`);
    });
  });
}

test('the passkey offer and the account page have no accessibility violations', async ({ page, authenticator: _device }) => {
  const username = uniqueUsername('a11yoffer');
  await createPasswordAccount(page.request, username, password);
  expect((await page.request.post('/api/sign_out', { form: {} })).ok()).toBe(true);
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signInWithPasswordForm(username, password);
  await expect(page).toHaveURL(/\/account$/);
  await hydrated(page);
  await expect(page.getByRole('complementary', { name: 'Sign in faster next time' })).toBeVisible();
  await expectNoViolations(page, 'the passkey offer');

  const account = new AccountPage(page);
  await account.button('Set a password').or(account.button('Change password')).click();
  await expectNoViolations(page, 'the password form');
});

test('the open ceremony inspector has no accessibility violations', async ({ page, authenticator: _device }) => {
  await new SignUpPage(page).signUp(uniqueUsername('a11yinspect'));
  await expect(page).toHaveURL(/\/account$/);
  await page.getByRole('button', { name: 'How this works' }).click();
  await expect(page.getByRole('region', { name: 'The last passkey ceremony in this tab' })).toContainText(
    'every check passed',
  );
  await expectNoViolations(page, 'the open inspector after sign-up');
});

test.describe("the 'Confirm it's you' dialog", () => {
  // The server whose proofs go stale after 2 s (playwright.config.ts).
  test.use({ baseURL: `http://localhost:${Number(process.env.E2E_PORT ?? 3100) + 4}` });

  test('has no accessibility violations and holds the focus', async ({ page, authenticator: _device }) => {
    const username = uniqueUsername('a11ydialog');
    await createPasswordAccount(page.request, username, password);
    await page.goto('/account');
    await hydrated(page);
    await page.waitForTimeout(2_500);
    const account = new AccountPage(page);

    await account.button('Sign out everywhere else').click();

    const dialog = account.confirmDialog();
    await expect(dialog).toBeVisible();
    await expectNoViolations(page, 'the open dialog');
    await expect(dialog.getByLabel('Current password'), 'the focus is in the dialog').toBeFocused();
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(account.status()).toHaveText('You were signed in nowhere else.');
  });
});
