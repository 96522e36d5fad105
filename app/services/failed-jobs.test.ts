import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { listFailedJobs, retryFailedJob } from "./failed-jobs.server";
import { QUEUES } from "./jobs.server";

let services: TestServices;
beforeAll(async () => {
  services = await startTestServices({ demo: false });
});
afterAll(async () => services?.dispose());

describe(`failed jobs (${databaseKind})`, () => {
  it("lists a job that failed for good, with its error, and can run it again", async () => {
    const dossierId = "00000000-0000-4000-8000-000000000000";
    const id = await services.boss.send(QUEUES.issueDocument, { dossierId, form: "receipt", occasion: "submission", note: null }, { retryLimit: 0 });
    const [job] = await services.boss.fetch(QUEUES.issueDocument);
    expect(job.id).toBe(id);
    await services.boss.fail(QUEUES.issueDocument, job.id, { message: `Không tìm thấy hồ sơ ${dossierId}` });

    const failed = await listFailedJobs(services);
    expect(failed).toEqual([
      expect.objectContaining({ id, queue: QUEUES.issueDocument, dossierId, error: `Không tìm thấy hồ sơ ${dossierId}` }),
    ]);
    await retryFailedJob(services, QUEUES.issueDocument, id!);
    expect(await listFailedJobs(services)).toEqual([]);
  });
});
