import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures/authenticator';
import { hydrated } from './fixtures/pages';
import { expectLanguage, text } from './fixtures/language';

// The README's screenshots (docs/screenshots/<page>-<language>.png), taken by the suite on every run so that they
// show the site as it is: the shop, the sign-in page, the checkout, and the account page after sign-up with the
// ceremony inspector open, in English and in Hebrew.

const folder = path.resolve(__dirname, '../../docs/screenshots');

async function shoot(page: Page, name: string, language: 'en' | 'he') {
  await hydrated(page);
  await expectLanguage(page, language);
  // No caret or hover state in the picture.
  await page.mouse.move(0, 0);
  await page.screenshot({ path: path.join(folder, `${name}-${language}.png`), animations: 'disabled', caret: 'hide' });
}

for (const language of ['en', 'he'] as const) {
  test.describe(`in ${language === 'he' ? 'Hebrew' : 'English'}`, () => {
    test.use({ locale: language === 'he' ? 'he-IL' : 'en-US', viewport: { width: 1024, height: 768 } });

    test(`the screenshots of the main pages are current (${language})`, async ({ page, authenticator: _device }) => {
      await page.goto('/');
      await shoot(page, 'home', language);

      await page.goto('/sign-in');
      await shoot(page, 'sign-in', language);

      expect((await page.request.post('/api/add_to_cart', { form: { product_id: 'security-key' } })).ok()).toBe(true);
      await page.goto('/checkout');
      await shoot(page, 'checkout', language);

      await page.goto('/sign-up');
      await hydrated(page);
      await page.getByRole('textbox', { name: text(language, 'common.sign_up.username') }).fill(
        language === 'he' ? `dana${Date.now() % 100000}` : `ada${Date.now() % 100000}`,
      );
      await page
        .getByRole('textbox', { name: text(language, 'common.sign_up.display_name').trim() })
        .fill(language === 'he' ? 'דנה לוי' : 'Ada Lovelace');
      await page.getByRole('button', { name: text(language, 'common.sign_up.create_passkey') }).click();
      await expect(page).toHaveURL(/\/account$/);
      await page.getByRole('button', { name: text(language, 'inspector.toggle') }).click();
      const inspector = page.getByRole('region', { name: text(language, 'inspector.title') });
      await expect(inspector).toBeVisible();
      await inspector.scrollIntoViewIfNeeded();
      await shoot(page, 'inspector', language);
    });
  });
}
