/**
 * Two officers act on one dossier at the same moment (issue 10, point 6). One wins: exactly one event
 * is appended and the version moves once; the other gets 409 with a clear Vietnamese message, sees
 * the dossier as it is now, and keeps what she typed. Runs on PGlite and on PostgreSQL
 * (TEST_DATABASE_URL), where the two transactions really overlap and the row lock decides.
 */
import { eq } from "drizzle-orm";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { dossierEvents, dossiers } from "../../db/schema";
import { StaleNotice } from "../components/dossier/assignment-panel";
import { action as dossierPageAction, loader as dossierPageLoader } from "../routes/ho-so.$code._index";
import { actorOf, submitHouseholdBusiness, type DemoActor } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { login } from "./auth.server";
import { DossierActionError, performDossierAction, STALE_DOSSIER_MESSAGE } from "./dossier-actions.server";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, specialist2: DemoActor;

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, specialist2] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "chuyenvien2.huyen"].map((u) => actorOf(services, u)),
  );
});
afterAll(async () => services?.dispose());

/** A dossier at the specialists' step, nobody assigned: both may act on it. */
async function atExamination() {
  const submitted = await submitHouseholdBusiness(services, citizen);
  await performDossierAction(services, { dossierId: submitted.dossierId, actor: desk, event: { type: "RECEIVE" } });
  await performDossierAction(services, { dossierId: submitted.dossierId, actor: desk, event: { type: "TRANSFER" } });
  const [row] = await services.database.db.select().from(dossiers).where(eq(dossiers.id, submitted.dossierId));
  return { ...submitted, version: row.version };
}

const eventsOf = async (dossierId: string) =>
  (await services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossierId))).map((e) => e.action);
const versionOf = async (dossierId: string) => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, dossierId)))[0].version;

describe(`two officers act on one dossier at the same moment (${databaseKind})`, () => {
  it("through performDossierAction: one event, one version step, the other gets 409 with the message", async () => {
    for (let round = 0; round < 3; round++) {
      const { dossierId, version } = await atExamination();
      const before = await eventsOf(dossierId);
      const outcomes = await Promise.allSettled([
        performDossierAction(services, { dossierId, actor: specialist, event: { type: "COMPLETE_STEP" }, expectedVersion: version, transactionId: crypto.randomUUID() }),
        performDossierAction(services, {
          dossierId,
          actor: specialist2,
          event: { type: "REQUEST_SUPPLEMENT", note: "Thiếu bản sao CCCD" },
          note: "Thiếu bản sao CCCD",
          expectedVersion: version,
          transactionId: crypto.randomUUID(),
        }),
      ]);
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(DossierActionError);
      expect(lost[0].reason).toMatchObject({ status: 409, message: STALE_DOSSIER_MESSAGE });
      const after = await eventsOf(dossierId);
      expect(after).toHaveLength(before.length + 1);
      expect(await versionOf(dossierId)).toBe(version + 1);
    }
  });

  it("through the page's action: the loser's 409 carries what she typed, and the page then shows the dossier as it is", async () => {
    const { dossierId, code, version } = await atExamination();
    const cookies = await Promise.all(["chuyenvien.huyen", "chuyenvien2.huyen"].map(sessionCookie));
    const note = "Đề nghị bổ sung bản sao CCCD của chủ hộ, có chứng thực";
    const [first, second] = await Promise.all([
      postAction(code, cookies[0], { intent: "COMPLETE_STEP", version: String(version), transactionId: crypto.randomUUID(), note: "Hồ sơ đủ điều kiện" }),
      postAction(code, cookies[1], { intent: "REQUEST_SUPPLEMENT", version: String(version), transactionId: crypto.randomUUID(), note, deadline: "2099-12-31" }),
    ]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    const loserCookie = first.status === 409 ? cookies[0] : cookies[1];
    expect(loser.body).toMatchObject({ stale: true, result: { status: "error", error: { "": [STALE_DOSSIER_MESSAGE] } } });
    const typed = (loser.body.result as { initialValue: Record<string, string> }).initialValue;
    expect(typed.note).toBe(loser === second ? note : "Hồ sơ đủ điều kiện");
    expect(await versionOf(dossierId)).toBe(version + 1);

    // The page the loser gets next (Remix runs the loader after the action): the current state.
    const page = (await (
      await dossierPageLoader({ request: new Request(`http://localhost:3000/ho-so/${code}`, { headers: { Cookie: loserCookie } }), params: { code }, context: { services } } as never)
    ).json()) as { dossier: { statusName: string; version: number; stepName: string | null }; actions: Array<{ type: string }> };
    expect(page.dossier.version).toBe(version + 1);
    const winnerState = loser === second ? "Lãnh đạo phòng xem xét" : null;
    if (winnerState) expect(page.dossier.stepName).toBe(winnerState);
    else expect(page.dossier.statusName).toBe("Yêu cầu bổ sung");

    // And the notice repeats her words when that action is no longer hers to take.
    const html = renderToStaticMarkup(
      createElement(StaleNotice, {
        reply: loser.body as never,
        statusName: page.dossier.statusName,
        stepName: page.dossier.stepName,
        formStillOffered: page.actions.some((a) => a.type === (loser.body as { intent: string }).intent),
      }),
    );
    expect(html).toContain("Hồ sơ vừa được người khác cập nhật");
    expect(html).toContain(page.dossier.statusName);
    expect(html).toContain(typed.note);
  });
});

async function sessionCookie(username: string): Promise<string> {
  const result = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.80", secure: false });
  if (!result.ok) throw new Error(`cannot sign in ${username}`);
  return result.setCookie.split(";")[0];
}

async function postAction(code: string, cookie: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const request = new Request(`http://localhost:3000/ho-so/${code}`, { method: "POST", body: form, headers: { Cookie: cookie } });
  const response = await dossierPageAction({ request, params: { code }, context: { services } } as never);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
