/**
 * The demo's partners: when the portal runs with demo data and a partner is not configured, its
 * simulator is started in this process on loopback, so that `npm start` shows the whole journey
 * (national sync, online payment, postal collection and delivery) on one machine. Never outside demo mode;
 * DEMO_PARTNERS=0 turns it off (the e2e suite runs the simulators as their own processes).
 */
import { randomBytes } from "node:crypto";
import { DEMO_POSTAL_PARTNER } from "../../db/demo-data";
import { startIdentitySimulator } from "../simulators/identity-sim";
import { startNationalSimulator } from "../simulators/national-sim";
import { startPaymentSimulator } from "../simulators/payment-sim";
import { startPostalSimulator } from "../simulators/postal-sim";
import type { AppConfig } from "./config.server";
import { describeError, log } from "./log.server";

/** The demo postal worker walks each order one step this often. */
const DEMO_POSTAL_STEP_MS = 20_000;

export async function startDemoPartners(config: AppConfig, env: NodeJS.ProcessEnv = process.env): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  if (!config.seedDemoData || env.DEMO_PARTNERS === "0") return async () => {};
  if (!config.nationalSync) {
    const key = randomBytes(24).toString("base64url");
    const sim = await startNationalSimulator({ key });
    config.nationalSync = { url: sim.url, key };
    stops.push(() => sim.stop());
    log.info({ event: "demo-partner", partner: "national", url: sim.url });
  }
  if (!config.paymentGateway) {
    const key = randomBytes(24).toString("base64url");
    const merchantCode = "000.00.00.H54";
    // The citizen's browser is sent to this page: it listens on loopback, for a demo on this machine.
    const sim = await startPaymentSimulator({ port: 0, secret: key, merchantCode });
    config.paymentGateway = { url: sim.url.endsWith("/") ? sim.url : `${sim.url}/`, key, merchantCode };
    stops.push(() => sim.close());
    log.info({ event: "demo-partner", partner: "payment", url: sim.url });
  }
  if (!config.nationalLogin) {
    // The sign-in page of the local identity provider is opened by the citizen's browser: loopback, for a demo on this machine.
    const clientId = "motcua-demo";
    const clientSecret = randomBytes(24).toString("base64url");
    const sim = await startIdentitySimulator({
      port: 0,
      clientId,
      clientSecret,
      redirectUris: [`${config.baseUrl.replace(/\/+$/, "")}/dang-nhap/dinh-danh/callback`],
    });
    config.nationalLogin = { issuer: sim.issuer, clientId, clientSecret, idNumberClaim: "so_dinh_danh" };
    stops.push(() => sim.close());
    log.info({ event: "demo-partner", partner: "identity", url: sim.issuer });
  }
  // The seeded demo partner's endpoint: its port is the simulator's.
  try {
    const postal = await startPostalSimulator({
      port: Number(new URL(DEMO_POSTAL_PARTNER.endpointUrl).port),
      portalWebhookUrl: `${config.baseUrl.replace(/\/+$/, "")}/api/postal/v1/webhooks/${DEMO_POSTAL_PARTNER.code}`,
      secret: DEMO_POSTAL_PARTNER.secret,
      stepMs: DEMO_POSTAL_STEP_MS,
    });
    stops.push(() => postal.close());
    log.info({ event: "demo-partner", partner: "postal", url: postal.ordersUrl });
  } catch (error) {
    // Another demo, or `npm run postal-sim`, already listens there: it plays the partner instead.
    log.warn({ event: "demo-partner-not-started", partner: "postal", ...describeError(error) });
  }
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
