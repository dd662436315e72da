import type { Locator, Page } from '@playwright/test';
import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { Header, SignUpPage, hydrated, registerThenSignOut } from './fixtures/pages';
import { CheckoutPage, Shop } from './fixtures/shop';

// The main flows with the keyboard alone: Tab to move, Enter to press, typing to fill. Set-up may use the mouse;
// the flow under test never does.

/** Presses Tab until `target` has the focus (at most `limit` times); fails if it never gets it. */
async function tabTo(page: Page, target: Locator, limit = 40) {
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((element) => element === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target, `reachable with Tab within ${limit} presses`).toBeFocused();
}

test('one-click sign-in works with the keyboard alone', async ({ page, authenticator }) => {
  const username = uniqueUsername('keys');
  await registerThenSignOut(page, username);
  const header = new Header(page);
  await header.immediateReady();
  expect(await authenticator.credentials()).toHaveLength(1);

  await tabTo(page, header.signInLink());
  await page.keyboard.press('Enter');

  await expect(header.user(username)).toBeVisible();
  await expect(page).toHaveURL(/\/$/);
});

test('a guest checks out with the keyboard alone', async ({ page, authenticator: _device }) => {
  const shop = new Shop(page);
  const checkout = new CheckoutPage(page);
  await page.goto('/');
  await hydrated(page);

  await tabTo(page, page.getByRole('listitem', { name: 'Passkey mug' }).getByRole('button', { name: 'Add to cart' }));
  await page.keyboard.press('Enter');
  await expect.poll(() => shop.cartCount()).toBe(1);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Passkey mug' }), 'back at the product that was added').toBeFocused();
  await tabTo(page, shop.cartLink());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/cart$/);
  await tabTo(page, shop.checkoutButton());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/checkout/);
  await expect(page.getByRole('heading', { level: 1 }), 'the focus moved to the new page').toBeFocused();

  await tabTo(page, checkout.email());
  await page.keyboard.type(`${uniqueUsername('keys')}@example.com`);
  await tabTo(page, checkout.continueAsGuest());
  await page.keyboard.press('Enter');
  await expect(checkout.fullName()).toBeVisible();
  await tabTo(page, checkout.fullName());
  await page.keyboard.type('Key Board');
  await tabTo(page, checkout.address());
  await page.keyboard.type('1 Tab Street');
  await tabTo(page, checkout.placeOrder());
  await page.keyboard.press('Enter');

  await expect(checkout.confirmed()).toBeVisible();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f]{32}$/);
  await expect(checkout.confirmed(), 'the focus moved to the new page').toBeFocused();
});


test('sign-up with the keyboard alone leaves the focus on the new account page', async ({ page, authenticator }) => {
  await new SignUpPage(page).goto();

  await tabTo(page, page.getByRole('textbox', { name: 'Username' }));
  await page.keyboard.type(uniqueUsername('keysup'));
  await tabTo(page, page.getByRole('button', { name: 'Create passkey' }));
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeFocused();
  expect(await authenticator.credentials()).toHaveLength(1);
});
