/**
 * Issue #8: a citizen downloads the result only once it is released to her; each official form
 * is issued once per triggering event, not once per display name and minute.
 */
import { asc, eq } from "drizzle-orm";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { attachments, dossierEvents } from "../../../db/schema";
import { loader as fileLoader } from "../../routes/ho-so.$code.tep.$id";
import { loader as previewLoader } from "../../routes/ho-so.$code.ban-trinh-ky";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { signAs } from "../../test-support/signing";
import { login } from "../auth.server";
import { performDossierAction } from "../dossier-actions.server";
import { jobHandlers } from "../job-handlers.server";
import type { IssueDocumentJob } from "../jobs.server";
import { QUEUES } from "../jobs.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, unitHead: DemoActor, leader: DemoActor, clerk: DemoActor;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, unitHead, leader, clerk] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "vanthu.huyen"].map((u) => actorOf(services, u)),
  );
});
afterAll(async () => services?.dispose());

const act = (dossierId: string, actor: DemoActor, event: Parameters<typeof performDossierAction>[1]["event"], extra: { note?: string; now?: Date } = {}) =>
  performDossierAction(services, { dossierId, actor, event, ...extra });
const filesOf = (id: string) => services.database.db.select().from(attachments).where(eq(attachments.dossierId, id));

async function cookieOf(username: string): Promise<string> {
  const result = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.60", secure: false });
  if (!result.ok) throw new Error(`cannot sign in ${username}`);
  return result.setCookie.split(";")[0];
}

async function get(loader: (args: LoaderFunctionArgs) => Promise<Response>, url: string, cookie: string, params: Record<string, string>): Promise<number> {
  try {
    const response = await loader({ request: new Request(`http://localhost${url}`, { headers: { Cookie: cookie } }), params, context: { services } });
    return response.status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe(`release of the result to the citizen (${databaseKind})`, () => {
  it("answers 404 to the citizen until the result is returned to her; officers open it once it is sealed", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await act(dossierId, desk, { type: "RECEIVE" });
    await act(dossierId, desk, { type: "TRANSFER" });
    await act(dossierId, specialist, { type: "COMPLETE_STEP" });
    await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
    const [citizenCookie, deskCookie, leaderCookie] = await Promise.all([cookieOf("congdan"), cookieOf("motcua.huyen"), cookieOf("lanhdao.huyen")]);

    // The document waiting for the leader: hers to see, nobody else's.
    expect(await get(previewLoader, `/ho-so/${code}/ban-trinh-ky`, leaderCookie, { code })).toBe(200);
    expect(await get(previewLoader, `/ho-so/${code}/ban-trinh-ky?trang=1`, leaderCookie, { code })).toBe(200);
    expect(await get(previewLoader, `/ho-so/${code}/ban-trinh-ky`, citizenCookie, { code })).toBe(404);
    expect(await get(previewLoader, `/ho-so/${code}/ban-trinh-ky`, deskCookie, { code })).toBe(404);
    expect(await get(previewLoader, `/ho-so/${code}/ban-trinh-ky?ma=${"0".repeat(64)}`, leaderCookie, { code })).toBe(409);

    await signAs(services, leader, dossierId, "APPROVE");
    await signAs(services, clerk, dossierId, "SEAL");
    const files = await filesOf(dossierId);
    const result = files.find((f) => f.kind === "result")!;
    const copies = files.filter((f) => f.kind === "signingCopy");
    expect(copies).toHaveLength(2);
    const open = (cookie: string, id: string) => get(fileLoader, `/ho-so/${code}/tep/${id}`, cookie, { code, id });

    expect(await open(citizenCookie, result.id)).toBe(404); // status 9: ready at the desk, not yet released
    expect(await open(deskCookie, result.id)).toBe(200);
    for (const copy of copies) expect(await open(citizenCookie, copy.id)).toBe(404);

    // A draft of the result (tờ trình, dự thảo) opens only with its permission: not for the clerk who seals.
    const [draft] = await services.database.db
      .insert(attachments)
      .values({ dossierId, kind: "draftResult", documentName: "Dự thảo", fileName: "du-thao.pdf", mediaType: "application/pdf", size: result.size, sha256: result.sha256 })
      .returning();
    const clerkCookie = await cookieOf("vanthu.huyen");
    expect(await open(deskCookie, draft.id)).toBe(200);
    expect(await open(clerkCookie, draft.id)).toBe(404);
    expect(await open(citizenCookie, draft.id)).toBe(404);

    await act(dossierId, desk, { type: "RETURN_RESULT" });
    expect(await open(citizenCookie, result.id)).toBe(200);
    for (const copy of copies) expect(await open(citizenCookie, copy.id)).toBe(404);
  });
});

describe(`official forms, once per triggering event (${databaseKind})`, () => {
  it("two supplement rounds in the same minute get two Mẫu 02; a retried job adds none", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const at = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const rounds = [new Date(at.getTime() + 1000), new Date(at.getTime() + 2000)];
    for (const [i, now] of rounds.entries()) {
      await act(dossierId, desk, { type: "REQUEST_SUPPLEMENT", note: `Thiếu giấy tờ ${i + 1}` }, { note: `Thiếu giấy tờ ${i + 1}`, now });
      await act(dossierId, citizen, { type: "SUPPLEMENT_PROVIDED" }, { now: new Date(now.getTime() + 300) });
    }
    const { rows } = await services.database.pool.query(`select data from pgboss.job where name = $1 and data->>'dossierId' = $2`, [QUEUES.issueDocument, dossierId]);
    const jobs = (rows as Array<{ data: IssueDocumentJob }>).map((r) => r.data).filter((j) => j.form === "supplementRequest");
    const requests = await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossierId)).orderBy(asc(dossierEvents.seq));
    expect(jobs.map((j) => j.eventId).sort()).toEqual(requests.filter((e) => e.action === "REQUEST_SUPPLEMENT").map((e) => e.id).sort());
    for (const job of [...jobs, ...jobs]) await jobHandlers(services).issueDocument(job);
    const forms = (await filesOf(dossierId)).filter((f) => f.kind === "supplementRequest");
    expect(forms).toHaveLength(2);
    expect(new Set(forms.map((f) => f.eventId))).toEqual(new Set(jobs.map((j) => j.eventId)));
  });

  it("the database refuses a second copy of a form for the same event", async () => {
    const { dossierId } = await submitHouseholdBusiness(services, citizen);
    const [submit] = await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossierId));
    const row = { dossierId, kind: "receipt" as const, fileName: "a.pdf", mediaType: "application/pdf", size: 1, sha256: "0".repeat(64), eventId: submit.id };
    await services.database.db.insert(attachments).values({ ...row, documentName: "Giấy tiếp nhận hồ sơ trực tuyến" });
    await expect(services.database.db.insert(attachments).values({ ...row, documentName: "Tên khác" })).rejects.toThrow();
  });
});
