import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { test, expect, uniqueUsername } from '../fixtures/authenticator';
import { AccountPage, Header, SignUpPage, hydrated } from '../fixtures/pages';
import { CheckoutPage, Shop } from '../fixtures/shop';

// The hosted demo's shape (scripts/proxy-topology.sh): nginx terminating TLS for https://passkeys.localhost:8443,
// round robin over two server processes on one PostgreSQL database. The browser trusts the test CA through its
// NSS database; no certificate-error flag is set, so WebAuthn sees a secure context as on the real site.

const origin = 'https://passkeys.localhost:8443';
const ca = fs.readFileSync(path.resolve(__dirname, '../../../target/e2e-proxy/ca.crt'));
const instances = ['http://127.0.0.1:3101', 'http://127.0.0.1:3102'];

/**
 * A password sign-in attempt for an unknown account, sent to `url` from `localAddress` (a loopback address of its
 * own: another client as far as anyone can tell); its status.
 */
function attempt(url: string, localAddress: string, headers: Record<string, string> = {}): Promise<number> {
  const target = new URL('/api/sign_in_with_password', url);
  const body = new URLSearchParams({ username: uniqueUsername('nobody'), password: 'wrong password' }).toString();
  const options: http.RequestOptions = {
    method: 'POST',
    // The proxy's name is resolved by hand, as Chromium's --host-resolver-rules does for the browser.
    host: '127.0.0.1',
    port: target.port,
    path: target.pathname,
    localAddress,
    headers: { host: target.host, 'content-type': 'application/x-www-form-urlencoded', ...headers },
  };
  return new Promise((resolve, reject) => {
    const answered = (response: http.IncomingMessage) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    };
    const request =
      target.protocol === 'https:'
        ? https.request({ ...options, ca, servername: target.hostname }, answered)
        : http.request(options, answered);
    request.on('error', reject);
    request.end(body);
  });
}

test('through the TLS proxy and two instances a customer signs up, signs in with one click, checks out and signs out', async ({
  page,
  context,
  authenticator,
}) => {
  const upstreams = new Set<string>();
  page.on('response', (response) => {
    const upstream = response.headers()['x-upstream'];
    if (upstream) upstreams.add(upstream);
  });
  const username = uniqueUsername('proxied');
  const header = new Header(page);

  await new SignUpPage(page).signUp(username);
  await expect(page).toHaveURL(`${origin}/account`);
  await expect(header.user(username)).toBeVisible();
  expect(await page.evaluate(() => window.isSecureContext), 'https with a trusted certificate').toBe(true);
  const [passkey] = await authenticator.credentials();
  expect(passkey.rpId, 'the passkey is bound to the public name').toBe('passkeys.localhost');
  const session = (await context.cookies(origin)).find((cookie) => cookie.name === '__Host-session');
  expect(session, 'the session cookie carries the __Host- prefix').toBeTruthy();
  expect(session!.secure, 'and is Secure').toBe(true);

  await header.signOutButton().click();
  await expect(header.signInLink()).toBeVisible();
  await header.immediateReady();
  await header.signInLink().click();
  await expect(header.user(username), 'one click signed in by immediate mode').toBeVisible();

  const shop = new Shop(page);
  const checkout = new CheckoutPage(page);
  await page.goto('/');
  await hydrated(page);
  await shop.addToCart('Passkey mug');
  await shop.cartLink().click();
  await expect(page).toHaveURL(`${origin}/cart`);
  await shop.checkoutButton().click();
  await expect(page).toHaveURL(`${origin}/checkout`);
  await checkout.email().fill(`${username}@example.com`);
  await checkout.fullName().fill('Ada Lovelace');
  await checkout.address().fill("12 St James's Square, London");
  await checkout.placeOrder().click();
  await expect(checkout.confirmed()).toBeVisible();
  await page.goto('/account');
  await expect(new AccountPage(page).heading()).toBeVisible();
  await expect(page.getByRole('list', { name: 'Your orders' }).getByRole('listitem')).toHaveCount(1);

  await hydrated(page);
  await header.signOutButton().click();
  await expect(header.signInLink()).toBeVisible();
  // Asked by the page itself, with its cookies (not by opening /sign-in, whose autofill the virtual
  // authenticator would answer at once): nobody is signed in, whichever instance answers.
  const askedAfterSignOut = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/current_user', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: '',
      });
      return { status: response.status, user: await response.json(), upstream: response.headers.get('x-upstream') };
    });
    expect(answer.status).toBe(200);
    expect(answer.user, 'signed out on every instance').toBeNull();
    askedAfterSignOut.add(answer.upstream ?? '');
  }
  expect([...askedAfterSignOut].sort(), 'both instances were asked').toEqual(['127.0.0.1:3101', '127.0.0.1:3102']);

  expect([...upstreams].sort(), 'both instances served the journey').toEqual(['127.0.0.1:3101', '127.0.0.1:3102']);
});

test('behind the proxy each client has its own limits, and a client cannot claim another address', async () => {
  // The instances allow 5 password attempts a minute per client address, each on its own (limits are per
  // process): a client at 127.0.0.3 is refused after at most 2 x 5 attempts through the proxy.
  const statuses: number[] = [];
  while (statuses.length < 12 && !statuses.includes(429)) {
    statuses.push(await attempt(origin, '127.0.0.3'));
  }
  expect(statuses, 'wrong passwords, then refused for that client').toContain(429);
  expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(5);

  // Another client through the same proxy is not: the instances read the client from the proxy's header.
  for (let i = 0; i < 2; i++) {
    expect(await attempt(origin, '127.0.0.4'), 'another client is only told the password is wrong').toBe(401);
  }
  // Nor does a forged header help anyone: the proxy overwrites it, and an instance reached directly ignores it
  // from a peer that is not the trusted proxy, so 127.0.0.5 is not taken for the refused 127.0.0.3.
  expect(await attempt(origin, '127.0.0.5', { 'x-forwarded-for': '127.0.0.3' })).toBe(401);
  for (const instance of instances) {
    expect(await attempt(instance, '127.0.0.5', { 'x-forwarded-for': '127.0.0.3' })).toBe(401);
  }
});
