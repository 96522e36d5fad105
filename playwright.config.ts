import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// The payment platform's sandbox (app/simulators/payment-sim.ts) beside the portal, on its own port.
const paymentSimPort = Number(process.env.E2E_PAYMENT_SIM_PORT ?? port + 700);
const paymentGatewayKey = "e2e-sandbox-shared-secret-not-for-production";
// The national portal's and the postal service's simulators, each its own process too. The postal
// one listens where the seeded demo partner sends its orders, and is walked by the specs themselves.
const nationalSimPort = Number(process.env.E2E_NATIONAL_SIM_PORT ?? port + 701);
const nationalSyncKey = "e2e-national-sync-key-not-for-production";
// The national identity provider's stand-in (app/simulators/identity-sim.ts), for sign-in by OpenID Connect.
const identitySimPort = Number(process.env.E2E_IDENTITY_SIM_PORT ?? port + 702);
const oidcClient = { id: "motcua-e2e", secret: "e2e-oidc-client-secret-not-for-production" };
const E2E_SIMULATORS = {
  national: `http://127.0.0.1:${nationalSimPort}`,
  postal: "http://127.0.0.1:3901",
} as const;
// A fresh data folder per run: the journey starts from the demo data, and a rerun never sees old dossiers.
const dataDir = process.env.E2E_DATA_DIR ?? `e2e/.artifacts/data-${Date.now()}`;
// Specs read the server's dev PKI from here (its root goes into pdfsig's trust store).
process.env.E2E_DATA_DIR = dataDir;

export default defineConfig({
  testDir: "e2e",
  timeout: 180_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  outputDir: "e2e/.artifacts/results",
  use: {
    baseURL: `http://localhost:${port}`,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"],
    },
  },
  webServer: [
    {
      command: "npx tsx app/simulators/national-sim.ts",
      url: `${E2E_SIMULATORS.national}/received`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { NATIONAL_SIM_PORT: String(nationalSimPort), NATIONAL_SIM_KEY: nationalSyncKey },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx app/simulators/postal-sim.ts",
      url: `${E2E_SIMULATORS.postal}/received`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { PORTAL_URL: `http://localhost:${port}`, POSTAL_SIM_STEP_SECONDS: "0" },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx app/simulators/identity-sim.ts",
      url: `http://127.0.0.1:${identitySimPort}/healthz`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { IDENTITY_SIM_PORT: String(identitySimPort), OIDC_CLIENT_ID: oidcClient.id, OIDC_CLIENT_SECRET: oidcClient.secret, PORTAL_URL: `http://localhost:${port}` },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx app/simulators/payment-sim.ts",
      url: `http://127.0.0.1:${paymentSimPort}/healthz`,
      timeout: 60_000,
      reuseExistingServer: false,
      env: { PAYMENT_SIM_PORT: String(paymentSimPort), PAYMENT_GATEWAY_KEY: paymentGatewayKey, PAYMENT_MERCHANT_CODE: "000.00.00.H54" },
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "npx tsx app/server.ts",
      url: `http://localhost:${port}/readyz`,
      timeout: 180_000,
      reuseExistingServer: false,
      // Production mode, as deployed; the demo accounts are asked for explicitly (also on PostgreSQL).
      env: {
        NODE_ENV: "production",
        DEMO_DATA: "1",
        PORT: String(port),
        DATA_DIR: dataDir,
        BASE_URL: `http://localhost:${port}`,
        JOB_POLLING_SECONDS: "0.5",
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
        // Which province is seeded (thai-binh by default; hung-yen: today's two levels).
        SEED_PROFILE: process.env.SEED_PROFILE ?? "",
        PAYMENT_GATEWAY_URL: `http://127.0.0.1:${paymentSimPort}/`,
        PAYMENT_GATEWAY_KEY: paymentGatewayKey,
        PAYMENT_MERCHANT_CODE: "000.00.00.H54",
        NATIONAL_SYNC_URL: `${E2E_SIMULATORS.national}/`,
        NATIONAL_SYNC_KEY: nationalSyncKey,
        OIDC_ISSUER: `http://127.0.0.1:${identitySimPort}`,
        OIDC_CLIENT_ID: oidcClient.id,
        OIDC_CLIENT_SECRET: oidcClient.secret,
        // The simulators above play the partners; none is started inside the portal.
        DEMO_PARTNERS: "0",
      },
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
