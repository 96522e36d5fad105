import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { dereference, validate } from "@readme/openapi-parser";
import { dossierEvents, dossiers, postalOrders, postalPartners } from "../../../db/schema";
import { startPostalSimulator, type PostalSimulator } from "../../simulators/postal-sim";
import { actorOf, queuedApplicantMails, submitHouseholdBusiness, type DemoActor } from "../../test-support/fixtures";
import { startPortalApi } from "../../test-support/postal-portal";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { signAs } from "../../test-support/signing";
import { performDossierAction } from "../dossier-actions.server";
import type { PostalAddress } from "../dossier-submission.server";
import { outstandingFees } from "../fees.server";
import { dispatchOutboxOnce } from "../outbox.server";
import { outboxSenders } from "../outbox-senders.server";
import { handleGetOrder, handleListOrders, handlePostEvent, handleWebhook } from "./api.server";
import { postalOpenApi } from "./openapi";
import { createPartner, issueApiKey, issueWebhookSecret, revokeApiKey, rotateApiKey, type PostalPartner } from "./partners.server";
import { signWebhook } from "./signatures.server";
import { loader as openApiLoader } from "../../routes/api.postal.v1.openapi[.]json";

let services: TestServices;
let citizen: DemoActor, desk: DemoActor, specialist: DemoActor, unitHead: DemoActor, leader: DemoActor, clerk: DemoActor;
let partner: PostalPartner;
let secret: string;
let sim: PostalSimulator;
let portal: Awaited<ReturnType<typeof startPortalApi>>;

const PICKUP: PostalAddress = { address: "Số 12, thôn Lạc Thành, xã Đông La", districtCode: "340" };
const DELIVERY: PostalAddress = { address: "Số 5 phố Lê Lợi, phường Đề Thám", districtCode: "336" };

beforeAll(async () => {
  services = await startTestServices();
  [citizen, desk, specialist, unitHead, leader, clerk] = await Promise.all(
    ["congdan", "motcua.huyen", "chuyenvien.huyen", "truongphong.huyen", "lanhdao.huyen", "vanthu.huyen"].map((u) => actorOf(services, u)),
  );
  const { db } = services.database;
  // The demo partner points at the demo simulator's port; these tests run their own.
  await db.update(postalPartners).set({ active: false });
  portal = await startPortalApi(services);
  const created = await createPartner(db, { name: "Bưu điện thử nghiệm", code: "test-post", endpointUrl: "http://127.0.0.1:9/orders" });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  partner = created.value;
  secret = (await issueWebhookSecret(db, partner.id)).secret;
  sim = await startPostalSimulator({ portalWebhookUrl: `${portal.url}/api/postal/v1/webhooks/test-post`, secret });
  await db.update(postalPartners).set({ endpointUrl: sim.ordersUrl }).where(eq(postalPartners.id, partner.id));
});
afterAll(async () => {
  await sim?.close();
  await portal?.close();
  await services?.dispose();
});

const submit = (post: { pickup?: PostalAddress; delivery?: PostalAddress }) => submitHouseholdBusiness(services, citizen, undefined, post);

const events = (dossierId: string) =>
  services.database.db.select().from(dossierEvents).where(eq(dossierEvents.dossierId, dossierId)).orderBy(asc(dossierEvents.seq));
const dossierRow = async (id: string) => (await services.database.db.select().from(dossiers).where(eq(dossiers.id, id)))[0];
const orderOf = async (dossierId: string, kind: "pickup" | "delivery") =>
  (await services.database.db.select().from(postalOrders).where(eq(postalOrders.dossierId, dossierId))).find((o) => o.kind === kind);
const dispatch = () => dispatchOutboxOnce(services, outboxSenders());

async function toResultReady(dossierId: string) {
  const act = (actor: DemoActor, event: Parameters<typeof performDossierAction>[1]["event"]) => performDossierAction(services, { dossierId, actor, event });
  await act(desk, { type: "RECEIVE" });
  await act(desk, { type: "TRANSFER" });
  await act(specialist, { type: "COMPLETE_STEP", draftResult: { title: "Giấy chứng nhận đăng ký hộ kinh doanh", fields: [{ label: "Tên", value: "An Bình" }] } });
  await signAs(services, unitHead, dossierId, "REVIEW_SIGNED");
  await signAs(services, leader, dossierId, "APPROVE");
  await signAs(services, clerk, dossierId, "SEAL");
  expect((await dossierRow(dossierId)).status).toBe(9);
}

// --- the OpenAPI document and response checks -------------------------------------------------
let responseSchemas: Map<string, (body: unknown) => boolean> | null = null;
async function schemaFor(path: string, method: "get" | "post", status: number) {
  if (!responseSchemas) {
    responseSchemas = new Map();
    const doc = (await dereference(structuredClone(postalOpenApi) as never)) as unknown as typeof postalOpenApi & { paths: Record<string, Record<string, { responses: Record<string, { content: { "application/json": { schema: object } } }> }>> };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, operation] of Object.entries(item)) {
        for (const [code, response] of Object.entries(operation.responses)) {
          const validateBody = ajv.compile(response.content["application/json"].schema);
          responseSchemas.set(`${m} ${p} ${code}`, (body) => {
            const ok = validateBody(body);
            if (!ok) console.error(p, code, JSON.stringify(validateBody.errors), JSON.stringify(body));
            return ok;
          });
        }
      }
    }
  }
  const check = responseSchemas.get(`${method} ${path} ${status}`);
  if (!check) throw new Error(`the document has no ${status} response for ${method.toUpperCase()} ${path}`);
  return check;
}

/** A handler's answer, checked against the document: a status it lists and a body its schema accepts. */
async function conforming(response: Response, path: string, method: "get" | "post") {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as Record<string, unknown>;
  const check = await schemaFor(path, method, response.status);
  expect(check(body)).toBe(true);
  return { status: response.status, body };
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document, served as JSON", async () => {
    const result = await validate(structuredClone(postalOpenApi) as never);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(result.specification).toBe("OpenAPI");
    const served = await openApiLoader();
    expect(served.status).toBe(200);
    expect(((await served.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });
});

describe(`postal pickup and delivery against the postal simulator (${databaseKind})`, () => {
  it("a pickup order is pushed at submission, walked to handedToAgency, and the desk receives", async () => {
    const { dossierId, code } = await submit({ pickup: PICKUP });
    expect((await dossierRow(dossierId)).channel).toBe(3);
    const before = sim.received.length;
    await dispatch();
    expect(sim.received.length).toBe(before + 1);
    const taken = sim.received.at(-1)!;
    expect(taken.order).toMatchObject({ orderNumber: code, kind: "pickup", codAmount: 0 });
    expect(taken.order.sender).toMatchObject({ name: "Nguyễn Văn An", address: PICKUP.address, districtCode: "340", provinceCode: "34", phone: "0912345678" });
    expect(taken.order.receiver).toMatchObject({ districtCode: "340" });
    let order = await orderOf(dossierId, "pickup");
    expect(order).toMatchObject({ status: "registered", waybill: taken.waybill });

    for (const status of ["collecting", "collected", "handedToAgency"]) {
      const result = await sim.advance(code, "pickup");
      expect(result?.portalStatus, JSON.stringify(result?.portalBody)).toBe(200);
      expect(result?.sent.status).toBe(status);
    }
    order = await orderOf(dossierId, "pickup");
    expect(order?.status).toBe("handedToAgency");
    // A status the walk has passed is refused, in the API's error shape.
    const late = await sim.report(code, "pickup", "collecting");
    expect(late.portalStatus).toBe(409);
    expect(late.portalBody).toMatchObject({ error: { code: "conflict" } });

    await performDossierAction(services, { dossierId, actor: desk, event: { type: "RECEIVE" } });
    const history = await events(dossierId);
    expect(history.map((e) => `${e.action}:${e.actorRole}`)).toEqual([
      "SUBMIT:citizen",
      "POSTAL_STATUS:postal",
      "POSTAL_STATUS:postal",
      "POSTAL_STATUS:postal",
      "POSTAL_STATUS:postal",
      "RECEIVE:desk",
    ]);
    expect(history.slice(1, 5).map((e) => e.note?.split(" (")[0])).toEqual([
      "Thu gom hồ sơ: Đã đăng ký thu gom",
      "Thu gom hồ sơ: Nhân viên bưu chính đang đến thu gom",
      "Thu gom hồ sơ: Đã thu gom hồ sơ",
      "Thu gom hồ sơ: Đã bàn giao hồ sơ cho Bộ phận Một cửa",
    ]);
    expect(history[1].note).toContain(taken.waybill);
    expect(history.slice(1, 5).every((e) => e.toStatus === 1 && e.fromStatus === 1)).toBe(true);
    expect((await dossierRow(dossierId)).status).toBe(2);
    expect(await queuedApplicantMails(services, dossierId)).toEqual(["submitted", "postalPickupRegistered", "postalPickupCollected", "postalPickupHandedOver", "received"]);
  });

  it("a delivery order with cash on delivery is pushed at status 9 and delivered: status 10 by the postal actor", async () => {
    const { dossierId, code } = await submit({ delivery: DELIVERY });
    await dispatch();
    expect(await orderOf(dossierId, "delivery")).toBeUndefined();
    await toResultReady(dossierId);
    const owed = await outstandingFees(services.database.db, dossierId);
    expect(owed).toBeGreaterThan(0);
    await dispatch();
    const taken = sim.received.at(-1)!;
    expect(taken.order).toMatchObject({ orderNumber: code, kind: "delivery", codAmount: owed });
    expect(taken.order.receiver).toMatchObject({ address: DELIVERY.address, districtCode: "336" });
    expect((await orderOf(dossierId, "delivery"))?.status).toBe("registered");

    // A retry of the same message (the partner's answer lost) carries the same webhook-id: taken once.
    const { rows } = await services.database.pool.query<{ message_id: string }>(`select message_id from outbox_messages where message_key like 'postal:%' and dossier_id = $1`, [dossierId]);
    expect(taken.webhookId).toBe(rows[0].message_id);

    for (const status of ["pickedUp", "inTransit"]) expect((await sim.advance(code, "delivery"))?.sent.status).toBe(status);
    const delivered = await sim.advance(code, "delivery", { recipientName: "Nguyễn Thị Bình" });
    expect(delivered?.portalStatus, JSON.stringify(delivered?.portalBody)).toBe(200);
    const row = await dossierRow(dossierId);
    expect(row).toMatchObject({ status: 10, statePath: "returned" });
    const history = await events(dossierId);
    const last = history.at(-1)!;
    expect(last).toMatchObject({ action: "RETURN_RESULT", actorRole: "postal", actorUserId: null, toStatus: 10 });
    expect(last.note).toContain("Nguyễn Thị Bình");
    expect(last.note).toContain("Đã phát kết quả thành công");
    const postal = history.filter((e) => e.actorRole === "postal").map((e) => e.note?.split(" (")[0]);
    expect(postal).toEqual([
      "Chuyển phát kết quả: Bưu chính đã nhận yêu cầu chuyển phát",
      "Chuyển phát kết quả: Bưu chính đã nhận kết quả tại cơ quan",
      "Chuyển phát kết quả: Đang chuyển phát kết quả",
      "Chuyển phát kết quả: Đã phát kết quả thành công",
    ]);
    expect((await orderOf(dossierId, "delivery"))).toMatchObject({ status: "delivered", recipientName: "Nguyễn Thị Bình" });
    const mails = await queuedApplicantMails(services, dossierId);
    expect(mails).toContain("postalDeliveryInTransit");
    // The delivery is the return: one mail for it, the machine's "returned", not a second one.
    expect(mails).toContain("returned");
    expect(mails).not.toContain("postalDelivered");
  });

  it("a partner refused by the receiver: the outbox keeps the order and sends it again", async () => {
    const { dossierId } = await submit({ pickup: PICKUP });
    sim.setFailure(503);
    await dispatch();
    const { rows } = await services.database.pool.query<{ state: string; attempts: number; last_error: string }>(
      `select state, attempts, last_error from outbox_messages where channel = 'postal' and dossier_id = $1`,
      [dossierId],
    );
    expect(rows[0]).toMatchObject({ state: "pending", attempts: 1 });
    expect(rows[0].last_error).toContain("503");
    sim.setFailure(null);
    await services.database.pool.query(`update outbox_messages set next_attempt_at = now() - interval '1 second' where dossier_id = $1`, [dossierId]);
    await dispatch();
    expect((await orderOf(dossierId, "pickup"))?.status).toBe("registered");
  });
});

// --- webhooks at the handler, with a clock the test owns ----------------------------------------
describe(`status webhooks (${databaseKind})`, () => {
  const PATH = "/webhooks/{partnerCode}";
  let code: string;
  let dossierId: string;
  const T = new Date(Math.floor(Date.now() / 1000) * 1000);
  const body = (status: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ type: "order.status", data: { orderNumber: code, kind: "pickup", status, occurredAt: T.toISOString(), statusCode: "100", message: "ok", ...extra } });
  const post = (text: string, headers: Record<string, string>, now = T) =>
    handleWebhook(
      services,
      new Request("http://localhost/api/postal/v1/webhooks/test-post", { method: "POST", headers: { "content-type": "application/json", ...headers }, body: text }),
      "test-post",
      now,
    );
  const signed = (text: string, options: { secret?: string; id?: string; at?: Date } = {}) => {
    const h = signWebhook(options.secret ?? secret, options.id ?? `msg_${crypto.randomUUID()}`, options.at ?? T, text);
    return { "webhook-id": h.id, "webhook-timestamp": h.timestamp, "webhook-signature": h.signature };
  };
  const postalEvents = async () => (await events(dossierId)).filter((e) => e.action === "POSTAL_STATUS").length;

  beforeAll(async () => {
    ({ code, dossierId } = await submit({ pickup: PICKUP }));
    await dispatch();
  });

  it("a valid webhook is applied; its replay answers 200 and changes nothing", async () => {
    const text = body("collecting");
    const headers = signed(text);
    const first = await conforming(await post(text, headers), PATH, "post");
    expect(first).toMatchObject({ status: 200, body: { received: true, duplicate: false, changed: true, order: { status: "collecting" } } });
    const count = await postalEvents();
    const again = await conforming(await post(text, headers), PATH, "post");
    expect(again).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
    expect(await postalEvents()).toBe(count);
    // The same id with another (validly signed) body is still the message already taken.
    const other = body("collected");
    const replayed = await conforming(await post(other, signed(other, { id: headers["webhook-id"] })), PATH, "post");
    expect(replayed.body).toMatchObject({ duplicate: true });
    expect((await orderOf(dossierId, "pickup"))?.status).toBe("collecting");
  });

  it("refuses a tampered body, a wrong secret, a stale or future timestamp, and missing headers", async () => {
    const count = await postalEvents();
    const text = body("collected");
    const tampered = await conforming(await post(text.replace("collected", "cancelled"), signed(text)), PATH, "post");
    expect(tampered).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    const wrong = await conforming(await post(text, signed(text, { secret: `whsec_${Buffer.alloc(32, 7).toString("base64")}` })), PATH, "post");
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    const stale = await conforming(await post(text, signed(text, { at: new Date(T.getTime() - 301_000) })), PATH, "post");
    expect(stale).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    expect(stale.body.error).toMatchObject({ message: expect.stringContaining("5 phút") });
    // Inside the window either way is accepted as far as time goes (here: refused only as a duplicate-free no-op check).
    const future = await conforming(await post(text, signed(text, { at: new Date(T.getTime() + 301_000) })), PATH, "post");
    expect(future).toMatchObject({ status: 401 });
    const headers = signed(text);
    for (const missing of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      const partial = Object.fromEntries(Object.entries(headers).filter(([k]) => k !== missing));
      expect(await conforming(await post(text, partial), PATH, "post")).toMatchObject({ status: 400, body: { error: { code: "invalid_request" } } });
    }
    expect(await postalEvents()).toBe(count);
    const notJson = await conforming(await post("{", signed("{")), PATH, "post");
    expect(notJson.status).toBe(400);
    const badStatus = body("teleported");
    expect((await conforming(await post(badStatus, signed(badStatus)), PATH, "post")).status).toBe(400);
    const unknown = body("collected", { orderNumber: "000.00.15.H54-000000-9999" });
    expect((await conforming(await post(unknown, signed(unknown)), PATH, "post")).status).toBe(404);
  });

  it("a rotated secret: old and new both accepted during the overlap, the old one refused after", async () => {
    const old = secret;
    const rotated = await issueWebhookSecret(services.database.db, partner.id, { overlapHours: 1, now: T });
    const fresh = rotated.secret;
    const withOld = body("collected");
    expect((await conforming(await post(withOld, signed(withOld, { secret: old })), PATH, "post")).body).toMatchObject({ changed: true });
    const withNew = body("collected");
    // Same status again with the new secret: accepted, nothing to change.
    expect((await conforming(await post(withNew, signed(withNew, { secret: fresh })), PATH, "post")).body).toMatchObject({ duplicate: false, changed: false });
    const later = new Date(T.getTime() + 2 * 3_600_000);
    const afterOverlap = body("handedToAgency", { occurredAt: later.toISOString() });
    const refused = await conforming(await post(afterOverlap, signed(afterOverlap, { secret: old, at: later }), later), PATH, "post");
    expect(refused).toMatchObject({ status: 401, body: { error: { code: "invalid_signature" } } });
    const accepted = await conforming(await post(afterOverlap, signed(afterOverlap, { secret: fresh, at: later }), later), PATH, "post");
    expect(accepted).toMatchObject({ status: 200, body: { changed: true, order: { status: "handedToAgency" } } });
    // The simulator signs with the new secret from now on.
    secret = fresh;
    sim.setSecret(fresh);
  });
});

describe(`the API-key endpoints (${databaseKind})`, () => {
  const T = new Date(Math.floor(Date.now() / 1000) * 1000);
  const get = (path: string, key: string | null, now = T) =>
    (path === "/orders" ? handleListOrders : (s: typeof services, r: Request, n: Date) => handleGetOrder(s, r, path.split("/")[2], n))(
      services,
      new Request(`http://localhost/api/postal/v1${path}${path === "/orders" ? "?status=open" : ""}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
      now,
    );
  const report = (orderNumber: string, key: string, payload: unknown, now = T) =>
    handlePostEvent(
      services,
      new Request(`http://localhost/api/postal/v1/orders/${orderNumber}/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: typeof payload === "string" ? payload : JSON.stringify(payload),
      }),
      orderNumber,
      now,
    );

  it("lists open orders and reads one; refuses a missing, unknown, revoked or rotated-out key and a missing scope", async () => {
    const { db } = services.database;
    const { code, dossierId } = await submit({ pickup: PICKUP });
    await dispatch();
    const { key } = await issueApiKey(db, partner.id, ["orders:read", "orders:write"], T);
    const listed = await conforming(await get("/orders", key), "/orders", "get");
    expect(listed.status).toBe(200);
    expect((listed.body.orders as Array<{ orderNumber: string }>).map((o) => o.orderNumber)).toContain(code);
    const one = await conforming(await get(`/orders/${code}`, key), "/orders/{orderNumber}", "get");
    expect(one.body).toMatchObject({ orderNumber: code, orders: [{ kind: "pickup", status: "registered" }] });
    expect((await conforming(await get(`/orders/000.00.15.H54-000000-0000`, key), "/orders/{orderNumber}", "get")).status).toBe(404);

    // Reporting by key: a valid move, then one the order cannot make.
    const at = T.toISOString();
    const moved = await conforming(await report(code, key, { kind: "pickup", status: "collecting", occurredAt: at }), "/orders/{orderNumber}/events", "post");
    expect(moved).toMatchObject({ status: 201, body: { changed: true, order: { status: "collecting" } } });
    const jump = await conforming(await report(code, key, { kind: "pickup", status: "handedToAgency", occurredAt: at }), "/orders/{orderNumber}/events", "post");
    expect(jump).toMatchObject({ status: 409, body: { error: { code: "conflict" } } });
    expect(String((jump.body.error as { message: string }).message)).toContain("Không thể chuyển đơn");
    for (const bad of ["{", { kind: "pickup" }, { kind: "boat", status: "collected", occurredAt: at }, { kind: "pickup", status: "collected", occurredAt: "hôm qua" }]) {
      expect((await conforming(await report(code, key, bad), "/orders/{orderNumber}/events", "post")).status).toBe(400);
    }
    expect((await orderOf(dossierId, "pickup"))?.status).toBe("collecting");

    expect(await conforming(await get("/orders", null), "/orders", "get")).toMatchObject({ status: 401, body: { error: { code: "unauthorized" } } });
    expect((await conforming(await get("/orders", `${key.slice(0, -4)}AAAA`), "/orders", "get")).status).toBe(401);

    const readOnly = await issueApiKey(db, partner.id, ["orders:read"], T);
    expect((await conforming(await report(code, readOnly.key, { kind: "pickup", status: "collected", occurredAt: at }), "/orders/{orderNumber}/events", "post")).status).toBe(403);

    const rotated = await rotateApiKey(db, partner.id, readOnly.record.id, 1, T);
    expect((await get("/orders", readOnly.key, new Date(T.getTime() + 30 * 60_000))).status).toBe(200);
    expect((await get("/orders", rotated.key, new Date(T.getTime() + 30 * 60_000))).status).toBe(200);
    const afterOverlap = new Date(T.getTime() + 61 * 60_000);
    expect((await conforming(await get("/orders", readOnly.key, afterOverlap), "/orders", "get")).status).toBe(401);
    expect((await get("/orders", rotated.key, afterOverlap)).status).toBe(200);

    expect(await revokeApiKey(db, partner.id, rotated.record.id, T)).toBe(true);
    const revoked = await conforming(await get("/orders", rotated.key), "/orders", "get");
    expect(revoked).toMatchObject({ status: 401, body: { error: { message: "Khoá API đã bị thu hồi hoặc đã hết hạn." } } });
  });
});
