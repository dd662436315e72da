import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { AccountPage, Header, hydrated } from './fixtures/pages';
import { CheckoutPage, Shop, customerWithPassword } from './fixtures/shop';
import { instrumentCredentials, readLog, requestsBetween, stubImmediate, stubSavedPassword } from './fixtures/instrument';

test('a guest checks out, saves a passkey, and next time Checkout signs them in with their address filled in', async ({
  page,
  authenticator,
}) => {
  await instrumentCredentials(page);
  const email = `${uniqueUsername('ada')}@example.com`;
  const shop = new Shop(page);
  const header = new Header(page);
  const checkout = new CheckoutPage(page);

  // A first visit: nothing on this device.
  await shop.openCartWith('Passkey mug');
  await shop.checkoutButton().click();

  await expect(page, 'no credential: checkout as a guest, nothing popped up').toHaveURL(/\/checkout$/);
  await checkout.asGuest(email, 'Ada Lovelace', "12 St James's Square\nLondon");
  await checkout.placeOrder().click();
  await expect(checkout.confirmed()).toBeVisible();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f]{32}$/);
  expect(await shop.cartCount(), 'the cart is empty after the order').toBe(0);

  await page.getByRole('button', { name: 'Create a passkey for next time' }).click();
  await expect(header.user(email)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create a passkey for next time' })).toHaveCount(0);
  expect(await authenticator.credentials()).toHaveLength(1);

  await header.signOutButton().click();
  await expect(header.signInLink()).toBeVisible();

  // The return: one click on Checkout signs in by immediate mode and the address is already there.
  await shop.openCartWith('Sticker pack');
  await shop.checkoutButton().click();

  await expect(page).toHaveURL(/\/checkout$/);
  await expect(header.user(email)).toBeVisible();
  await expect(checkout.fullName()).toHaveValue('Ada Lovelace');
  await expect(checkout.address()).toHaveValue("12 St James's Square\nLondon");
  await expect(checkout.email()).toHaveValue(email);
  const log = await readLog(page);
  const click = log.findLast((e) => e.what === 'click' && log.some((g) => g.uiMode === 'immediate' && g.t >= e.t))!;
  const get = log.find((e) => e.uiMode === 'immediate' && e.t >= click.t)!;
  expect(get).toMatchObject({ password: true, allowCredentials: 0 });
  expect(await requestsBetween(page, click.t, get.t), 'no request between the click and get()').toEqual([]);

  await checkout.placeOrder().click();
  await expect(checkout.confirmed()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create a passkey for next time' })).toHaveCount(0);

  await page.goto('/account');
  await expect(new AccountPage(page).heading()).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your orders' }).getByRole('listitem')).toHaveCount(2);
});

test('Checkout with a password saved in the browser signs the customer in and fills in their details', async ({
  page,
  request,
}) => {
  const username = uniqueUsername('pwshop');
  const password = 'long enough password';
  const details = { email: `${username}@example.com`, full_name: 'Grace Hopper', address: '1 Navy Way' };
  await customerWithPassword(request, username, password, details);
  await stubSavedPassword(page, username, password);
  const shop = new Shop(page);
  const header = new Header(page);
  const checkout = new CheckoutPage(page);

  await shop.openCartWith('The WebAuthn book');
  await shop.checkoutButton().click();

  await expect(page).toHaveURL(/\/checkout$/);
  await expect(header.user(username)).toBeVisible();
  await expect(checkout.fullName()).toHaveValue('Grace Hopper');
  await expect(checkout.address()).toHaveValue('1 Navy Way');
  await checkout.placeOrder().click();
  await expect(checkout.confirmed()).toBeVisible();
});

test('a double click on "Place order" places one order', async ({ page }) => {
  const username = uniqueUsername('double');
  await page.goto('/sign-up');
  await hydrated(page);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByLabel('Password').fill('long enough password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/account$/);
  const shop = new Shop(page);
  const checkout = new CheckoutPage(page);
  await page.goto('/');
  await hydrated(page);
  await shop.addToCart('Hardware security key');
  await page.goto('/checkout');
  await hydrated(page);
  await checkout.email().fill(`${username}@example.com`);
  await checkout.fullName().fill('Double Clicker');
  await checkout.address().fill('2 Click Street');

  await checkout.placeOrder().dblclick();

  await expect(checkout.confirmed()).toBeVisible();
  await page.goto('/account');
  await expect(page.getByRole('list', { name: 'Your orders' }).getByRole('listitem')).toHaveCount(1);
});

test('a returning customer who opens the checkout directly is signed in by passkey autofill on the email field', async ({
  page,
  authenticator,
}) => {
  const username = uniqueUsername('autofill');
  const shop = new Shop(page);
  const header = new Header(page);
  const checkout = new CheckoutPage(page);
  await instrumentCredentials(page);
  await page.goto('/sign-up');
  await hydrated(page);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.goto('/');
  await hydrated(page);
  await shop.addToCart('Passkey mug');
  await page.goto('/checkout');
  await checkout.email().fill(`${username}@example.com`);
  await checkout.fullName().fill('Returning Customer');
  await checkout.address().fill('4 Autofill Lane');
  await checkout.placeOrder().click();
  await expect(checkout.confirmed()).toBeVisible();
  await header.signOutButton().click();
  await expect(header.signInLink()).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(1);

  await page.goto('/');
  await hydrated(page);
  await shop.addToCart('Sticker pack');
  await page.goto('/checkout');

  await expect(header.user(username)).toBeVisible();
  await expect(checkout.fullName()).toHaveValue('Returning Customer');
  await expect(checkout.address()).toHaveValue('4 Autofill Lane');
  const conditional = (await readLog(page)).filter((e) => e.mediation === 'conditional');
  expect(conditional.length, 'the email field offered the passkey by autofill').toBeGreaterThan(0);
  await expect(page.getByText('1 × Sticker pack')).toBeVisible();
});

test('an answer to Checkout that comes after the customer left the cart does not pull them to the checkout', async ({
  page,
}) => {
  // A slow passkey manager that, in the end, has nothing for this site.
  await stubImmediate(page, { delayMs: 1_500 });
  const shop = new Shop(page);
  await shop.openCartWith('Passkey mug');

  await shop.checkoutButton().click();
  await page.getByRole('link', { name: 'leptos-passkeys' }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.waitForTimeout(2_500);
  await expect(page, 'still where the customer went').toHaveURL(/\/$/);
  await shop.addToCart('Sticker pack'); // and the page still answers
});
