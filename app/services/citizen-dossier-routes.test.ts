/**
 * The rating, feedback and "my dossiers" routes with real sessions (issue 11): who may post what,
 * what a refused form answers (status, message in the page's language, what was typed kept).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { dossiers } from "../../db/schema";
import { action as rateAction, loader as rateLoader } from "../routes/ho-so.$code.danh-gia";
import { action as feedbackAction } from "../routes/ho-so.$code.phan-anh";
import { loader as myDossiersLoader } from "../routes/ho-so-cua-toi";
import { actorOf, submitHouseholdBusiness } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { login } from "./auth.server";

let services: TestServices;
beforeAll(async () => {
  services = await startTestServices();
});
afterAll(async () => services?.dispose());

async function sessionCookie(username: string): Promise<string> {
  const result = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.72", secure: false });
  if (!result.ok) throw new Error(`cannot sign in ${username}`);
  return result.setCookie.split(";")[0];
}

type Handler = (args: never) => Promise<Response>;
async function call(handler: Handler, url: string, code: string, cookie: string, fields?: Record<string, string>) {
  const init: RequestInit = { headers: { Cookie: cookie } };
  if (fields) {
    init.method = "POST";
    init.body = new URLSearchParams(fields);
    init.headers = { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" };
  }
  try {
    const response = await handler({ request: new Request(`http://localhost:3000${url}`, init), params: { code }, context: { services } } as never);
    const location = response.headers.get("Location");
    return { status: response.status, location, body: location ? null : ((await response.json()) as { errors?: Record<string, string[]>; values?: Record<string, string> }) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("Location"), body: null };
    throw thrown;
  }
}

describe(`citizen dossier routes (${databaseKind})`, () => {
  it("rating: only the owner of a returned dossier; a bad form keeps the comment and answers in English when asked", async () => {
    const { dossierId, code } = await submitHouseholdBusiness(services, await actorOf(services, "congdan"));
    const owner = await sessionCookie("congdan");
    const desk = await sessionCookie("motcua.huyen");
    const other = await sessionCookie("motcua.xa");
    const path = `/ho-so/${code}/danh-gia`;
    expect((await call(rateLoader as Handler, path, code, owner)).status).toBe(409);
    await services.database.db.update(dossiers).set({ status: 10, returnedAt: new Date() }).where(eq(dossiers.id, dossierId));
    expect((await call(rateLoader as Handler, path, code, owner)).status).toBe(200);
    expect((await call(rateLoader as Handler, path, code, desk)).status).toBe(403);
    expect((await call(rateLoader as Handler, path, code, other)).status).toBe(404);
    expect((await call(rateAction as Handler, path, code, desk, { score: "5" })).status).toBe(403);

    const bad = await call(rateAction as Handler, path, code, owner, { comment: "Tốt" });
    expect(bad).toMatchObject({ status: 400, body: { errors: { score: ["Vui lòng chọn mức độ hài lòng."] }, values: { comment: "Tốt" } } });
    const english = await call(rateAction as Handler, path, code, `${owner}; motcua_lang=en`, { score: "9" });
    expect(english).toMatchObject({ status: 400, body: { errors: { score: ["Choose how satisfied you are."] } } });

    const done = await call(rateAction as Handler, path, code, owner, { score: "4", "criteria.time": "5", comment: "Tốt" });
    expect(done).toMatchObject({ status: 302, location: `/ho-so/${code}?da-danh-gia=1` });
    expect((await call(rateAction as Handler, path, code, owner, { score: "1" })).status).toBe(409);
    // Rated: the form is not offered again.
    expect(await call(rateLoader as Handler, path, code, owner)).toMatchObject({ status: 302, location: `/ho-so/${code}` });
  });

  it("feedback: another citizen's dossier is not found; another agency cannot answer; the receiving desk can", async () => {
    const { code } = await submitHouseholdBusiness(services, await actorOf(services, "congdan"));
    const owner = await sessionCookie("congdan");
    const path = `/ho-so/${code}/phan-anh`;
    const empty = await call(feedbackAction as Handler, path, code, owner, { subject: "Hỏi tiến độ", content: " " });
    expect(empty).toMatchObject({ status: 400, body: { values: { subject: "Hỏi tiến độ" }, errors: { content: [expect.stringContaining("nội dung")] } } });
    expect(await call(feedbackAction as Handler, path, code, owner, { subject: "Hỏi tiến độ", content: "Bao giờ có kết quả?" })).toMatchObject({ status: 302 });
    const [{ id }] = (await services.database.pool.query<{ id: number }>("select f.id from dossier_feedback f join dossiers d on d.id = f.dossier_id where d.code = $1", [code])).rows;

    const otherAgency = await call(feedbackAction as Handler, path, code, await sessionCookie("motcua.xa"), { intent: "answer", feedbackId: String(id), answer: "Không" });
    expect(otherAgency.status).toBe(404);
    const specialistElsewhere = await call(feedbackAction as Handler, path, code, await sessionCookie("chuyenvien.so"), { intent: "answer", feedbackId: String(id), answer: "Không" });
    expect(specialistElsewhere.status).toBe(404);
    const citizenAnswers = await call(feedbackAction as Handler, path, code, owner, { intent: "answer", feedbackId: String(id), answer: "Tự trả lời" });
    expect(citizenAnswers.status).toBe(403);
    const answered = await call(feedbackAction as Handler, path, code, await sessionCookie("motcua.huyen"), { intent: "answer", feedbackId: String(id), answer: "Dự kiến thứ Sáu." });
    expect(answered).toMatchObject({ status: 302, location: `/ho-so/${code}?da-tra-loi=1#feedback-title` });
  });

  it("my dossiers: only her own, filtered and paginated from the address", async () => {
    const citizen = await actorOf(services, "congdan");
    const { code } = await submitHouseholdBusiness(services, citizen);
    const owner = await sessionCookie("congdan");
    const list = async (query: string) => (await (await (myDossiersLoader as Handler)({ request: new Request(`http://localhost:3000/ho-so-cua-toi${query}`, { headers: { Cookie: owner } }), params: {}, context: { services } } as never)).json()) as {
      rows: Array<{ code: string; needsAction: boolean }>;
      total: number;
      pages: number;
    };
    expect((await list(`?ma=${code.toLowerCase()}`)).rows.map((r) => r.code)).toEqual([code]);
    expect((await list(`?nhom=dang-xu-ly&ma=${code}`)).total).toBe(1);
    expect((await list(`?nhom=can-bo-sung&ma=${code}`)).total).toBe(0);
    // Unreadable filters are dropped, not errors.
    const lenient = await list("?nhom=khong-co&tu-ngay=hom-qua&trang=-3&thu-tuc=%00");
    expect(lenient.total).toBeGreaterThan(0);
    expect(lenient.rows.length).toBeLessThanOrEqual(10);
    // Nobody else's dossier is listed: the desk officer has no "own" list at all.
    const desk = await sessionCookie("motcua.huyen");
    await expect((myDossiersLoader as Handler)({ request: new Request("http://localhost:3000/ho-so-cua-toi", { headers: { Cookie: desk } }), params: {}, context: { services } } as never)).rejects.toMatchObject({ status: 403 });
  });
});
