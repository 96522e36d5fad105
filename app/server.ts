/**
 * The portal's process: opens the database (PGlite by default), applies migrations, seeds, starts the
 * job workers and serves the Remix build. `npm start` runs this after `remix build`, in production mode.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { randomUUID } from "node:crypto";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { readConfig } from "./services/config.server";
import { createServices } from "./services/context.server";
import { createQueues, startWorkers } from "./services/jobs.server";
import { jobHandlers } from "./services/job-handlers.server";
import { crossOriginGuard, errorHandler, newCspNonce, noStoreForSignedIn, refuseMalformedUrl, securityHeaders } from "./services/http.server";
import { describeError, log, loggablePath } from "./services/log.server";
import { readiness } from "./services/readiness.server";
import { startDemoPartners } from "./services/demo-partners.server";

const config = readConfig();
// Demo only: simulators stand in for the partners that are not configured (DEMO_PARTNERS=0: none).
const stopDemoPartners = await startDemoPartners(config);
// The payment form (ho-so.$code.thanh-toan) redirects the citizen to the payment platform's page.
const formTargets = config.paymentGateway ? [new URL(config.paymentGateway.url).origin] : [];
const services = await createServices(config);
services.onClose(stopDemoPartners);
await createQueues(services.boss);
// `npm start` runs the jobs here too; a deployment with WORKERS=0 leaves them to `npm run worker`.
if (config.workersInWebProcess) await startWorkers(services, jobHandlers(services));

const buildPath = path.resolve("build/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", config.trustProxy);
app.use(compression());
app.use((req, res, next) => {
  // Only our own ids: a client-chosen one could forge or flood log correlation.
  const requestId = randomUUID();
  res.locals.requestId = requestId;
  res.locals.cspNonce = newCspNonce();
  res.setHeader("X-Request-Id", requestId);
  for (const [name, value] of Object.entries(securityHeaders({ https: config.https, nonce: res.locals.cspNonce, formTargets }))) res.setHeader(name, value);
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log.info({ requestId, method: req.method, url: loggablePath(req.originalUrl), status: res.statusCode, ms: Math.round(ms) });
  });
  next();
});
app.use(refuseMalformedUrl);
app.use(noStoreForSignedIn);
app.use(crossOriginGuard([config.baseUrl]));
// fallthrough: false: a missing asset is a plain 404, not a page render.
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y", fallthrough: false }));
app.use(express.static("public", { maxAge: "1h" }));
// Browsers ask for /favicon.ico whatever the page links to.
app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
app.get("/healthz", (_req, res) => void res.type("text/plain").send("ok"));
app.get("/readyz", async (_req, res) => {
  const state = await readiness(services);
  res.status(state.status === "ready" ? 200 : 503).json(state);
});
app.all(
  "*",
  createRequestHandler({
    build,
    mode: config.production ? "production" : "development",
    getLoadContext: (req, res) => ({ services, cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? "unknown" }),
  }),
);
app.use(errorHandler);

const server = app.listen(config.port, () => {
  log.info({ event: "started", baseUrl: config.baseUrl, database: services.database.embedded ? "pglite" : "postgresql", demo: config.seedDemoData, production: config.production, workers: config.workersInWebProcess });
});

process.on("unhandledRejection", (error) => log.error({ event: "unhandled-rejection", ...describeError(error) }));

async function shutdown() {
  server.close();
  await services.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
