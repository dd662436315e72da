import { defineConfig, devices } from '@playwright/test';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

// The suite runs against the release build (`cargo leptos build --release`), served on its own port with a
// fresh database, so it never touches the data of a developer's `scripts/run.sh`.
const port = Number(process.env.E2E_PORT ?? 3100);
const origin = `http://localhost:${port}`;
const root = path.resolve(__dirname, '..');
// Every worker loads this file again: they find the databases where the first load made them (hostile-answers.spec.ts
// reads them).
process.env.E2E_DATABASES ??= fs.mkdtempSync(path.join(os.tmpdir(), 'leptos-passkeys-e2e-'));
const databases = process.env.E2E_DATABASES;
const database = path.join(databases, 'e2e.sqlite');
/** The server whose proofs of the owner go stale in 2 s (see `webServer`; account-security.spec.ts). */
const shortProofPort = port + 4;
const shortProofDatabase = path.join(databases, 'short-proof.sqlite');
// The hosted demo's shape (scripts/proxy-topology.sh): nginx with TLS in front of two instances on PostgreSQL.
const proxyOrigin = 'https://passkeys.localhost:8443';
const proxyHome = path.join(root, 'target/e2e-proxy/home');
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: origin,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /proxy\//,
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          // Debian's Chromium: Playwright's own browser download is not available here.
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: chromiumArgs,
        },
      },
    },
    {
      // Through the TLS proxy: no certificate-error flag; Chromium trusts the test CA from the NSS database in the
      // HOME it is given, as a browser trusts a real site's certificate.
      name: 'behind-proxy',
      testMatch: /proxy\/.*\.spec\.ts/,
      use: {
        ...devices['Desktop Chrome'],
        baseURL: proxyOrigin,
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [...chromiumArgs, '--host-resolver-rules=MAP passkeys.localhost 127.0.0.1'],
          env: { ...process.env, HOME: proxyHome },
        },
      },
    },
  ],
  webServer: [
    appServer(port, database),
    // The same build with proofs of the owner that go stale after 2 s instead of 5 min, for the account page's
    // "Confirm it's you" specs (account-security.spec.ts), which would otherwise wait five minutes.
    appServer(shortProofPort, shortProofDatabase, { REAUTH_SECONDS: '2' }),
    {
      command: 'bash scripts/proxy-topology.sh',
      cwd: root,
      url: 'https://127.0.0.1:8443/readyz',
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 90_000,
      stdout: 'ignore',
      stderr: 'pipe',
      // SIGTERM to the script's process group: the instances finish their requests, the script drops its database.
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
});

/** The release build on `serverPort` with a fresh SQLite database, as the specs need it. */
function appServer(serverPort: number, databasePath: string, extraEnv: Record<string, string> = {}) {
  return {
    command: path.join(root, 'target/release/server'),
    cwd: root,
    // Node may resolve "localhost" to ::1 first; the server listens on 127.0.0.1.
    url: `http://127.0.0.1:${serverPort}/`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      LISTEN_ADDR: `127.0.0.1:${serverPort}`,
      RP_ID: 'localhost',
      RP_ORIGIN: `http://localhost:${serverPort}`,
      DATABASE_PATH: databasePath,
      LEPTOS_OUTPUT_NAME: 'leptos-passkeys',
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_ENV: 'PROD',
      // Release builds name the JS, wasm and CSS after their content; target/release/hash.txt says how.
      LEPTOS_HASH_FILES: 'true',
      RUST_LOG: 'warn',
      // The suite signs in, signs up and fills carts from one address far more often than a person would.
      PASSWORD_ATTEMPTS_PER_MINUTE: '1000',
      PASSWORD_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '1000',
      STARTS_PER_MINUTE: '10000',
      // metrics.spec.ts reads /metrics with it.
      METRICS_TOKEN: 'e2e-metrics-token',
      ...extraEnv,
    },
  };
}
