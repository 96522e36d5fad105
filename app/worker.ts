/**
 * `npm run worker`: the job workers alone, without the web side — mails, forms, signatures, deadline
 * scans and clean-ups. Run as many as needed beside `npm run serve` with WORKERS=0; pg-boss hands each
 * job to one of them (SKIP LOCKED), so nothing runs twice. Needs DATABASE_URL: the embedded PGlite
 * belongs to a single process.
 */
import { readConfig } from "./services/config.server";
import { createServices } from "./services/context.server";
import { jobHandlers } from "./services/job-handlers.server";
import { createQueues, startWorkers } from "./services/jobs.server";
import { describeError, log } from "./services/log.server";

const config = readConfig();
if (!config.databaseUrl) {
  log.error({ event: "worker-refused", msg: "npm run worker cần DATABASE_URL: cơ sở dữ liệu nhúng (PGlite) chỉ dùng được trong một tiến trình." });
  process.exit(2);
}
const services = await createServices(config);
await createQueues(services.boss);
await startWorkers(services, jobHandlers(services));
log.info({ event: "worker-started", database: "postgresql", demo: config.seedDemoData });

process.on("unhandledRejection", (error) => log.error({ event: "unhandled-rejection", ...describeError(error) }));

async function shutdown() {
  // Graceful: jobs in hand finish (or return to the queue) before the process ends.
  await services.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
