/**
 * The portal's process: opens the database (PGlite by default), applies migrations, seeds, starts the
 * job workers and serves the Remix build. `npm start` runs this after `remix build`.
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
import { securityHeaders } from "./services/http.server";
import { readiness } from "./services/readiness.server";

const config = readConfig();
const services = await createServices(config);
await createQueues(services.boss);
await startWorkers(services, jobHandlers(services));

const buildPath = path.resolve("build/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use((req, res, next) => {
  const requestId = (req.headers["x-request-id"] as string | undefined) ?? randomUUID();
  res.setHeader("X-Request-Id", requestId);
  for (const [name, value] of Object.entries(securityHeaders(config.production))) res.setHeader(name, value);
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(JSON.stringify({ level: "info", requestId, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms) }));
  });
  next();
});
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
app.all("*", createRequestHandler({ build, getLoadContext: () => ({ services }) }));

const server = app.listen(config.port, () => {
  console.log(`Một Cửa đang chạy tại ${config.baseUrl} (${services.database.embedded ? "PGlite nhúng, dữ liệu trong " + config.dataDir : "PostgreSQL"})`);
});

async function shutdown() {
  server.close();
  await services.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
