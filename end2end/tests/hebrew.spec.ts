import { test, expect, uniqueUsername } from './fixtures/authenticator';
import { createPasswordAccount, hydrated } from './fixtures/pages';
import { expectLanguage, he, latinWords } from './fixtures/language';

// The site in Hebrew: chosen from Accept-Language or by the header's switch (kept in a cookie), right to left,
// with every visible word translated; and the main journeys, driven through the Hebrew names.

test.describe('a browser that prefers Hebrew', () => {
  test.use({ locale: 'he-IL' });

  test('gets every page in Hebrew, laid out right to left', async ({ page }) => {
    await page.goto('/');
    await hydrated(page);
    await expectLanguage(page, 'he');
    const banner = page.getByRole('banner');
    const brand = banner.getByRole('link', { name: 'leptos-passkeys' });
    const signIn = banner.getByRole('link', { name: he('common.nav.sign_in'), exact: true });
    await expect(signIn).toBeVisible();
    // Mirrored: the brand starts the header on the right, the account links end it on the left.
    const [brandBox, signInBox] = [await brand.boundingBox(), await signIn.boundingBox()];
    expect(brandBox!.x, 'the brand is to the right of "Sign in"').toBeGreaterThan(signInBox!.x);

    for (const path of ['/', '/sign-in', '/sign-up', '/cart', '/checkout', '/no-such-page']) {
      await page.goto(path);
      await hydrated(page);
      await expectLanguage(page, 'he');
      expect(await latinWords(page), `${path}: no English left on the page`).toEqual([]);
    }
  });

  test('shows the account pages in Hebrew, without a word of English', async ({ page }) => {
    const username = uniqueUsername('hebrew');
    await createPasswordAccount(page.request, username, 'correct horse battery staple');
    await page.goto('/account');
    await hydrated(page);
    await expectLanguage(page, 'he');
    expect(await latinWords(page, [username]), 'no English left on the account page').toEqual([]);
  });

  test('signs up with a passkey that carries the display name as typed, then signs in with one click', async ({
    page,
    authenticator,
  }) => {
    const username = uniqueUsername('dana');
    const displayName = 'דנה לוי';
    await page.goto('/sign-up');
    await hydrated(page);
    await page.getByRole('textbox', { name: he('common.sign_up.username') }).fill(username);
    await page.getByRole('textbox', { name: he('common.sign_up.display_name').trim() }).fill(displayName);
    await page.getByRole('button', { name: he('common.sign_up.create_passkey') }).click();

    await expect(page).toHaveURL(/\/account$/);
    const banner = page.getByRole('banner');
    await expect(banner.getByText(username, { exact: true })).toBeVisible();
    const [passkey] = await authenticator.credentials();
    expect(passkey.userName, 'the passkey dialog named the account by its username').toBe(username);
    expect(passkey.userDisplayName, 'and by the display name, letter for letter').toBe(displayName);

    await banner.getByRole('button', { name: he('common.nav.sign_out') }).click();
    const signIn = banner.getByRole('link', { name: he('common.nav.sign_in'), exact: true });
    await expect(signIn).toHaveAttribute('data-immediate', 'ready');
    await signIn.click();

    await expect(banner.getByText(username, { exact: true })).toBeVisible();
    await expectLanguage(page, 'he');
  });
});

test.describe('a Hebrew-speaking customer', () => {
  test.use({ locale: 'he-IL' });

  test('checks out as a guest, saves a passkey, and next time Checkout signs them in with the address filled in', async ({
    page,
    authenticator,
  }) => {
    const email = `${uniqueUsername('noa')}@example.com`;
    const [fullName, address] = ['נועה כהן', 'רחוב הרצל 1\nתל אביב'];
    const banner = page.getByRole('banner');
    const cartLink = banner.getByRole('link', { name: new RegExp(`^${he('common.nav.cart')}`) });
    const buy = async (product: string) => {
      await page.goto('/');
      await hydrated(page);
      const before = (await cartLink.textContent()) ?? '';
      await page
        .getByRole('listitem', { name: he(`shop.products.${product}.name`) })
        .getByRole('button', { name: he('shop.home.add_to_cart') })
        .click();
      await expect(cartLink).not.toHaveText(before);
      await cartLink.click();
      await expect(page).toHaveURL(/\/cart$/);
      await hydrated(page);
      // Signed out: wait until a click on Checkout will try immediate mode.
      await expect(banner.getByRole('link', { name: he('common.nav.sign_in'), exact: true })).toHaveAttribute(
        'data-immediate',
        'ready',
      );
    };

    await buy('passkey_mug');
    await page.getByRole('button', { name: he('shop.checkout.button') }).click();
    await expect(page).toHaveURL(/\/checkout$/);
    await page.getByRole('textbox', { name: he('shop.checkout.email') }).fill(email);
    await page.getByRole('button', { name: he('shop.checkout.continue_as_guest') }).click();
    await page.getByRole('textbox', { name: he('shop.checkout.full_name') }).fill(fullName);
    await page.getByRole('textbox', { name: he('shop.checkout.address') }).fill(address);
    await page.getByRole('button', { name: he('shop.checkout.place_order') }).click();

    await expect(page.getByRole('heading', { name: he('shop.order.confirmed') })).toBeVisible();
    await expect(page.getByRole('main')).toContainText(`תודה, ${fullName}.`);
    await page.getByRole('button', { name: he('shop.order.offer_button') }).click();
    await expect(banner.getByText(email, { exact: true })).toBeVisible();
    expect(await authenticator.credentials()).toHaveLength(1);
    await banner.getByRole('button', { name: he('common.nav.sign_out') }).click();
    await expect(banner.getByRole('link', { name: he('common.nav.sign_in'), exact: true })).toHaveAttribute(
      'data-immediate',
      'ready',
    );

    await buy('sticker_pack');
    await page.getByRole('button', { name: he('shop.checkout.button') }).click();

    await expect(page).toHaveURL(/\/checkout$/);
    await expect(banner.getByText(email, { exact: true })).toBeVisible();
    await expect(page.getByRole('textbox', { name: he('shop.checkout.full_name') })).toHaveValue(fullName);
    await expect(page.getByRole('textbox', { name: he('shop.checkout.address') })).toHaveValue(address);
    await page.getByRole('button', { name: he('shop.checkout.place_order') }).click();
    await expect(page.getByRole('heading', { name: he('shop.order.confirmed') })).toBeVisible();
    await expectLanguage(page, 'he');
  });
});

test.describe('the language switch', () => {
  test.use({ locale: 'en-US' });

  test('loads the page again in Hebrew, and keeps the choice for later visits', async ({ page, context }) => {
    await page.goto('/sign-in?next=%2Fcart');
    await hydrated(page);
    await expectLanguage(page, 'en');
    await expect(page.getByRole('heading', { name: 'Sign in', level: 1 })).toBeVisible();

    await page.getByRole('button', { name: 'עברית' }).click();

    await expectLanguage(page, 'he');
    await expect(page, 'the same page, its query kept').toHaveURL(/\/sign-in\?next=%2Fcart$/);
    await expect(page.getByRole('heading', { name: he('common.sign_in.title'), level: 1 })).toBeVisible();
    await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('lang', 'en');

    // Kept: a reload, and another tab, come in Hebrew although the browser asks for English.
    await page.reload();
    await expectLanguage(page, 'he');
    const other = await context.newPage();
    await other.goto('/');
    await expectLanguage(other, 'he');

    await page.getByRole('button', { name: 'English' }).click();
    await expectLanguage(page, 'en');
    await page.reload();
    await expectLanguage(page, 'en');
  });

  test('works without JavaScript: the page comes back in the other language', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
    const page = await context.newPage();
    await page.goto('/sign-up');
    await expectLanguage(page, 'en');

    await page.getByRole('button', { name: 'עברית' }).click();

    await expect(page, 'back where it was').toHaveURL(/\/sign-up$/);
    await expectLanguage(page, 'he');
    await expect(page.getByRole('heading', { name: he('common.sign_up.title'), level: 1 })).toBeVisible();
    await context.close();
  });

  test('refuses a language the site does not have, and changes nothing', async ({ page }) => {
    await page.goto('/');
    const refused = await page.request.post('/api/set_language', { form: { language: 'fr' } });
    expect(refused.status()).toBe(400);
    await page.reload();
    await expectLanguage(page, 'en');
  });
});
