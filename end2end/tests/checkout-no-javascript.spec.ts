import { test, expect } from './fixtures/test';
import { uniqueUsername } from './fixtures/authenticator';
import { CheckoutPage, Shop } from './fixtures/shop';

test.use({ javaScriptEnabled: false });

test('without JavaScript, a guest adds to cart, checks out and gets an order confirmation', async ({ page }) => {
  const shop = new Shop(page);
  const checkout = new CheckoutPage(page);
  await page.goto('/');

  await page.getByRole('listitem', { name: 'Phishing net' }).getByRole('button', { name: 'Add to cart' }).click();
  await expect(page, 'the form post comes back to the product').toHaveURL(/\/\?added=phishing-net#product-phishing-net$/);
  await expect(page.getByRole('listitem', { name: 'Phishing net' }).getByRole('status')).toHaveText('Added to your cart.');
  expect(await shop.cartCount()).toBe(1);
  await shop.cartLink().click();
  await expect(page.getByText('$22.00').first()).toBeVisible();
  await shop.checkoutButton().click();
  await expect(page).toHaveURL(/\/checkout/);

  await checkout.asGuest(`${uniqueUsername('nojs')}@example.com`, 'No Script', '3 Plain Form Road');
  await checkout.placeOrder().click();

  await expect(checkout.confirmed()).toBeVisible();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f]{32}$/);
  expect(await shop.cartCount()).toBe(0);
});
