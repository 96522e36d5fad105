/**
 * The demo's partners: when the portal runs with demo data and a partner is not configured, its
 * simulator is started in this process on a free loopback port, so that `npm start` shows the whole
 * journey (national sync) on one machine. Never outside demo mode; DEMO_PARTNERS=0 turns it off.
 */
import { randomBytes } from "node:crypto";
import { startNationalSimulator } from "../simulators/national-sim";
import type { AppConfig } from "./config.server";
import { log } from "./log.server";

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
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
