/**
 * Issue 8, the upload probes: each request that was accepted before now fails in the intended way.
 * They go through the routes' real actions and loaders with real Requests, on PGlite or PostgreSQL,
 * with a real clamd on loopback.
 */
import { createHmac } from "node:crypto";
import { utimes } from "node:fs/promises";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { hashPassword } from "../../db/passwords";
import { attachments, dossiers, pendingUploads, procedures, submissionDrafts, userRoles, users } from "../../db/schema";
import * as reviewRoute from "../routes/ho-so-nhap.$draftId.xem-lai";
import * as submitRoute from "../routes/thu-tuc.$code.nop-truc-tuyen";
import * as dossierRoute from "../routes/ho-so.$code._index";
import * as fileRoute from "../routes/ho-so.$code.tep.$id";
import * as verifyRoute from "../routes/tra-cuu.xac-thuc";
import { EICAR, startClamd, type RunningClamd } from "../test-support/clamd";
import { actorOf, HOUSEHOLD_BUSINESS, samplePdf, submitHouseholdBusiness } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { login } from "./auth.server";
import { performDossierAction } from "./dossier-actions.server";
import { cleanupOrphanUploads, clamavScanner } from "./uploads.server";

let services: TestServices;
let clamd: RunningClamd;
let citizenCookie: string;
let otherCitizenCookie: string;
let pdf: Uint8Array;
/** The district the demo's household businesses apply to (the catalog has every district receive it). */
let householdAgencyId: number;

const ORIGIN = "http://localhost:3000";
const SUBMIT_URL = `${ORIGIN}/thu-tuc/${HOUSEHOLD_BUSINESS}/nop-truc-tuyen`;
const MB = 1024 * 1024;
/** The messages of a dossier-page reply (conform's SubmissionResult), whichever field they are on. */
const messagesOf = (answer: { result: { error?: Record<string, string[] | null> } }) => Object.values(answer.result.error ?? {}).flat();

beforeAll(async () => {
  clamd = await startClamd();
  services = await startTestServices({ clamavUrl: clamd.url });
  const cookieOf = async (username: string) => {
    const session = await login(services.database.db, services.rateLimits, { username, password: DEMO_PASSWORD, clientIp: "192.0.2.50", secure: false });
    if (!session.ok) throw new Error(`cannot sign in ${username}`);
    return session.setCookie.split(";")[0];
  };
  const [other] = await services.database.db
    .insert(users)
    .values({ username: "congdan.khac", passwordHash: await hashPassword(DEMO_PASSWORD), fullName: "Trần Thị Khác" })
    .returning({ id: users.id });
  await services.database.db.insert(userRoles).values({ userId: other.id, role: "citizen" });
  citizenCookie = await cookieOf("congdan");
  otherCitizenCookie = await cookieOf("congdan.khac");
  pdf = await samplePdf();
  [{ householdAgencyId }] = await services.database.db
    .select({ householdAgencyId: procedures.agencyId })
    .from(procedures)
    .where(eq(procedures.code, HOUSEHOLD_BUSINESS));
});

afterAll(async () => {
  await services?.dispose();
  await clamd?.stop();
});

type Handler = (args: ActionFunctionArgs & LoaderFunctionArgs) => Promise<Response>;

/** Runs a route's action or loader as Remix does; a thrown Response is the answer, anything else a 500. */
async function call(handler: unknown, request: Request, params: Record<string, string>, context = { services }): Promise<Response> {
  try {
    return await (handler as Handler)({ request, params, context } as never);
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

const submit = (request: Request, context = { services }) => call(submitRoute.action, request, { code: HOUSEHOLD_BUSINESS }, context);

function applicantFields(form: FormData) {
  const fields: Record<string, string> = {
    applicantName: "Nguyễn Văn An",
    applicantIdNumber: "034090001234",
    applicantPhone: "0912345678",
    applicantEmail: "",
    applicantAddress: "Thôn Lạc Thành, xã Đông La",
    agencyId: String(householdAgencyId),
    resultDelivery: "2",
    idempotencyKey: crypto.randomUUID(),
    f_businessName: "Hộ kinh doanh An Bình",
    f_businessAddress: "Thôn Lạc Thành, xã Đông La",
    f_businessLines: "Bán lẻ tạp hoá",
    f_capital: "100000000",
  };
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

const pdfFile = (name: string, bytes: Uint8Array = pdf) => new File([new Uint8Array(bytes)], name, { type: "application/pdf" });

function postForm(url: string, form: FormData, cookie?: string) {
  return new Request(url, { method: "POST", body: form, headers: cookie ? { Cookie: cookie } : {} });
}

/** A body made on demand, counting what the server actually pulled from it. */
function countingBody(parts: Array<{ head: string; size: number }>, boundary: string) {
  const state = { pulled: 0, total: 0 };
  const chunk = new Uint8Array(256 * 1024).fill(0x41);
  const pieces: Array<Uint8Array | number> = [];
  for (const part of parts) {
    pieces.push(new TextEncoder().encode(`--${boundary}\r\n${part.head}\r\n\r\n`), part.size, new TextEncoder().encode("\r\n"));
  }
  pieces.push(new TextEncoder().encode(`--${boundary}--\r\n`));
  for (const p of pieces) state.total += typeof p === "number" ? p : p.byteLength;
  let index = 0;
  let left = -1;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      for (;;) {
        if (index >= pieces.length) return controller.close();
        const piece = pieces[index];
        if (typeof piece !== "number") {
          index += 1;
          state.pulled += piece.byteLength;
          return controller.enqueue(piece);
        }
        if (left < 0) left = piece;
        if (left === 0) {
          left = -1;
          index += 1;
          continue;
        }
        const n = Math.min(left, chunk.byteLength);
        left -= n;
        state.pulled += n;
        return controller.enqueue(chunk.subarray(0, n));
      }
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

function streamedRequest(url: string, body: ReadableStream<Uint8Array>, boundary: string, cookie?: string, contentLength?: number) {
  return new Request(url, {
    method: "POST",
    body,
    duplex: "half",
    headers: {
      "Content-Type": `multipart/form-data; boundary=${boundary}`,
      ...(cookie ? { Cookie: cookie } : {}),
      ...(contentLength ? { "Content-Length": String(contentLength) } : {}),
    },
  } as RequestInit);
}

async function pendingCount() {
  return (await services.database.db.select().from(pendingUploads)).length;
}

describe(`upload probes (${databaseKind})`, () => {
  it("an anonymous POST with ten 9.9 MB parts is answered before its body is read", async () => {
    const boundary = "----motcua-probe";
    const parts = Array.from({ length: 10 }, (_, i) => ({
      head: `Content-Disposition: form-data; name="doc-${i}"; filename="p${i}.pdf"\r\nContent-Type: application/pdf`,
      size: Math.floor(9.9 * MB),
    }));
    // The online form needs a signed-in citizen: the answer is the sign-in page, not a byte read.
    const anonymous = countingBody(parts, boundary);
    const response = await submit(streamedRequest(SUBMIT_URL, anonymous.stream, boundary));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/dang-nhap\?redirectTo=/);
    expect(anonymous.state.pulled).toBe(0);

    // The public verification page takes one file: ten are stopped, long before all are read.
    const verification = countingBody(
      parts.map((p, i) => ({ ...p, head: p.head.replace(`name="doc-${i}"`, 'name="document"') })),
      boundary,
    );
    const refused = await call(verifyRoute.action, streamedRequest(`${ORIGIN}/tra-cuu/xac-thuc`, verification.stream, boundary), {});
    expect(refused.status).toBe(413);
    expect(verification.state.pulled).toBeLessThan(verification.state.total / 3);
  });

  it("a signed-in citizen's request with more files than the form has is refused with 413", async () => {
    const form = applicantFields(new FormData());
    for (const i of [0, 1, 2, 0, 1]) form.append(`doc-${i}`, pdfFile(`tep-${i}.pdf`));
    const response = await submit(postForm(SUBMIT_URL, form, citizenCookie));
    expect(response.status).toBe(413);
    expect((await response.json()).formError).toBe("Mỗi lần gửi được đính kèm tối đa 3 tệp.");
    expect(await pendingCount()).toBe(0);
  });

  it("a body larger than the form allows is refused with 413 by its Content-Length, and by counting when it has none", async () => {
    const boundary = "----motcua-big";
    const parts = [{ head: `Content-Disposition: form-data; name="doc-0"; filename="lon.pdf"\r\nContent-Type: application/pdf`, size: 200 * MB }];
    const declared = countingBody(parts, boundary);
    const byLength = await submit(streamedRequest(SUBMIT_URL, declared.stream, boundary, citizenCookie, declared.state.total));
    expect(byLength.status).toBe(413);
    expect(declared.state.pulled).toBe(0);

    const chunked = countingBody(parts, boundary);
    const byCount = await submit(streamedRequest(SUBMIT_URL, chunked.stream, boundary, citizenCookie));
    expect(byCount.status).toBe(413);
    expect((await byCount.json()).formError).toMatch(/^Dữ liệu gửi lên quá lớn/);
    // Stopped at the form's limit (three files of 10 MB and the fields), not after 200 MB.
    expect(chunked.state.pulled).toBeLessThan(40 * MB);
  });

  it("one file over 10 MB gets a 413 naming it, and everything typed comes back", async () => {
    const form = applicantFields(new FormData());
    form.append("doc-0", pdfFile("qua-lon.pdf", new Uint8Array(10 * MB + 1)));
    form.append("doc-1", pdfFile("cccd.pdf"));
    const response = await submit(postForm(SUBMIT_URL, form, citizenCookie));
    expect(response.status).toBe(413);
    const body = await response.json();
    expect(body.errors["doc-0"]).toBe('Tệp "qua-lon.pdf" vượt quá dung lượng cho phép 10 MB.');
    expect(body.values.f_businessName).toBe("Hộ kinh doanh An Bình");
    // The accepted file is kept in the draft the POST saved (the wizard's drafts replaced pending uploads here).
    expect(body.files).toEqual([expect.objectContaining({ index: 1, fileName: "cccd.pdf" })]);
  });

  it("fields and files the form does not have are refused", async () => {
    const extraField = applicantFields(new FormData());
    extraField.append("doc-0", pdfFile("a.pdf"));
    extraField.append("doc-1", pdfFile("b.pdf"));
    extraField.append("applicantUserId", "1");
    const first = await submit(postForm(SUBMIT_URL, extraField, citizenCookie));
    expect(first.status).toBe(400);
    expect((await first.json()).formError).toBe("Biểu mẫu gửi lên có trường không hợp lệ. Vui lòng tải lại trang và thử lại.");

    const extraFile = applicantFields(new FormData());
    extraFile.append("doc-0", pdfFile("a.pdf"));
    extraFile.append("doc-1", pdfFile("b.pdf"));
    extraFile.append("avatar", pdfFile("c.pdf"));
    expect((await submit(postForm(SUBMIT_URL, extraFile, citizenCookie))).status).toBe(400);
    expect(await services.database.db.select().from(dossiers)).toHaveLength(0);
  });

  it("a quote and CRLF in a file name, or a broken body, get a 400 in Vietnamese, never a 500", async () => {
    const boundary = "----motcua-name";
    const raw = (disposition: string) =>
      new Request(SUBMIT_URL, {
        method: "POST",
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: citizenCookie },
        body: Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="applicantName"\r\n\r\nAn\r\n`),
          Buffer.from(`--${boundary}\r\n${disposition}\r\nContent-Type: application/pdf\r\n\r\n`),
          Buffer.from(pdf),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]),
      });
    for (const disposition of [
      'Content-Disposition: form-data; name="doc-0"; filename="a"b\r\n.pdf"',
      'Content-Disposition: form-data; name="doc-0"; filename="a\\"b\r\nX-Evil: 1.pdf"',
    ]) {
      const response = await submit(raw(disposition));
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    const truncated = await submit(
      new Request(SUBMIT_URL, {
        method: "POST",
        headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: citizenCookie },
        body: `--${boundary}\r\nContent-Disposition: form-data; name="doc-0"; filename="a.pdf"\r\n\r\n%PDF-1.4 cut here`,
      }),
    );
    expect(truncated.status).toBe(400);
    expect((await truncated.json()).formError).toBe("Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và thử lại.");
    const noBoundary = await submit(new Request(SUBMIT_URL, { method: "POST", headers: { "Content-Type": "multipart/form-data", Cookie: citizenCookie }, body: "x" }));
    expect(noBoundary.status).toBe(400);
  });

  it("odd names a browser can send are stored sanitised; a control character in a header is a 400", async () => {
    const form = applicantFields(new FormData());
    form.append("doc-0", pdfFile(`../Tờ "khai"\r\n<b>${"x".repeat(500)}.pdf`));
    const response = await submit(postForm(SUBMIT_URL, form, citizenCookie));
    expect(response.status).toBe(400); // doc-1 is still missing
    const body = await response.json();
    expect(body.errors["doc-0"]).toBeUndefined();
    const [kept] = body.files;
    expect(kept.fileName).toMatch(/^[\p{L}\p{N}._\- ]+$/u);
    expect(kept.fileName.length).toBeLessThanOrEqual(120);

    const bell = applicantFields(new FormData());
    bell.append("doc-0", pdfFile("a\u0007b.pdf"));
    const refused = await submit(postForm(SUBMIT_URL, bell, citizenCookie));
    expect(refused.status).toBe(400);
    expect((await refused.json()).formError).toBe("Biểu mẫu gửi lên không đọc được. Vui lòng tải lại trang và thử lại.");
  });

  it("a kept upload is taken back only by its owner; a token forged with the old public secret is not a file", async () => {
    // Citizen A's first try misses a document: the server keeps her file in her draft and hands back the draft's id.
    const first = applicantFields(new FormData());
    first.append("doc-0", pdfFile("giay-de-nghi.pdf"));
    const firstBody = await (await submit(postForm(SUBMIT_URL, first, citizenCookie))).json();
    const draftId: string = firstBody.draft.id;
    expect(draftId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(firstBody.files).toEqual([expect.objectContaining({ index: 0, fileName: "giay-de-nghi.pdf" })]);

    // Citizen B posts to A's draft: it is nothing to him, and A's draft is untouched.
    const stolen = applicantFields(new FormData());
    stolen.append("draftVersion", "1");
    stolen.append("doc-1", pdfFile("cccd.pdf"));
    const refused = await submit(postForm(`${SUBMIT_URL}?nhap=${draftId}`, stolen, otherCitizenCookie));
    expect(refused.status).toBe(404);
    expect(JSON.stringify(await refused.json())).not.toContain("giay-de-nghi.pdf");
    const [untouched] = await services.database.db.select().from(submissionDrafts).where(eq(submissionDrafts.id, draftId));
    expect(untouched.version).toBe(1);
    expect(untouched.files.map((f) => f.fileName)).toEqual(["giay-de-nghi.pdf"]);

    // The probe: an HTML page in storage, and a token signed with the public default secret saying it is a document.
    const html = new TextEncoder().encode("<html><script>alert(document.cookie)</script></html>");
    const { sha256, size } = await services.storage.put(html);
    const congdan = await actorOf(services, "congdan");
    const payload = Buffer.from(
      JSON.stringify([congdan.userId, { documentName: "Giấy đề nghị đăng ký hộ kinh doanh", fileName: "x.html", mediaType: "text/html", size, sha256 }]),
    ).toString("base64url");
    const forged = `${payload}.${createHmac("sha256", "mot-cua-dev-secret-khong-dung-that").update(payload).digest("base64url")}`;
    const withForged = applicantFields(new FormData());
    withForged.append("pending-0", forged);
    withForged.append("doc-1", pdfFile("cccd.pdf"));
    const answer = await submit(postForm(SUBMIT_URL, withForged, citizenCookie));
    expect(answer.status).toBe(400);
    expect((await answer.json()).errors["doc-0"]).toBe('Vui lòng đính kèm "Giấy đề nghị đăng ký hộ kinh doanh".');

    // A's own draft works: the review step, then her dossier is created with the file she uploaded the first time.
    const mine = applicantFields(new FormData());
    mine.append("draftVersion", "1");
    mine.append("doc-1", pdfFile("cccd.pdf"));
    const reviewed = await submit(postForm(`${SUBMIT_URL}?nhap=${draftId}`, mine, citizenCookie));
    expect(reviewed.status).toBe(302);
    expect(reviewed.headers.get("Location")).toBe(`/ho-so-nhap/${draftId}/xem-lai`);
    const [saved] = await services.database.db.select().from(submissionDrafts).where(eq(submissionDrafts.id, draftId));
    const confirm = new URLSearchParams({ resultDelivery: "2", draftVersion: String(saved.version), idempotencyKey: saved.idempotencyKey });
    const done = await call(
      reviewRoute.action,
      new Request(`${ORIGIN}/ho-so-nhap/${draftId}/xem-lai`, { method: "POST", body: confirm, headers: { Cookie: citizenCookie, "Content-Type": "application/x-www-form-urlencoded" } }),
      { draftId },
      { services },
    );
    expect(done.status).toBe(302);
    const code = done.headers.get("Location")!.match(/^\/ho-so\/([^?]+)/)![1];
    const [dossier] = await services.database.db.select().from(dossiers).where(eq(dossiers.code, code));
    const files = await services.database.db.select().from(attachments).where(eq(attachments.dossierId, dossier.id));
    expect(files.map((f) => [f.fileName, f.mediaType]).sort()).toEqual([
      ["cccd.pdf", "application/pdf"],
      ["giay-de-nghi.pdf", "application/pdf"],
    ]);
  });

  it("a file whose row says text/html is served as an opaque attachment, never as a page", async () => {
    const citizen = await actorOf(services, "congdan");
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const { sha256, size } = await services.storage.put(new TextEncoder().encode("<html><script>alert(1)</script></html>"));
    const [row] = await services.database.db
      .insert(attachments)
      .values({ dossierId, kind: "submission", documentName: "Cũ", fileName: "trang.html", mediaType: "text/html", size, sha256, uploadedBy: citizen.userId })
      .returning({ id: attachments.id });
    const response = await call(fileRoute.loader, new Request(`${ORIGIN}/ho-so/${code}/tep/${row.id}`, { headers: { Cookie: citizenCookie } }), { code, id: row.id });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("clamd catches EICAR inside an uploaded PDF, and with clamd down nothing is accepted unscanned", async () => {
    const infected = new TextEncoder().encode(`%PDF-1.4\n1 0 obj<<>>endobj\n% ${EICAR}\ntrailer<<>>\n%%EOF\n`);
    const form = applicantFields(new FormData());
    form.append("doc-0", pdfFile("nhiem.pdf", infected));
    const response = await submit(postForm(SUBMIT_URL, form, citizenCookie));
    expect(response.status).toBe(400);
    expect((await response.json()).errors["doc-0"]).toMatch(/^Tệp "nhiem.pdf" \(Giấy đề nghị đăng ký hộ kinh doanh\) bị phát hiện mã độc \(MotCua\.Test\.Eicar/);

    const before = await pendingCount();
    const down = { services: { ...services, scanner: clamavScanner("tcp://127.0.0.1:1") } };
    const clean = applicantFields(new FormData());
    clean.append("doc-0", pdfFile("sach.pdf"));
    const unscanned = await submit(postForm(SUBMIT_URL, clean, citizenCookie), down);
    expect(unscanned.status).toBe(503);
    expect((await unscanned.json()).errors["doc-0"]).toMatch(/Hệ thống kiểm tra virus đang tạm ngừng/);
    expect(await pendingCount()).toBe(before);
  });

  it("a PDF that runs JavaScript when opened is refused with a clear message", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.catalog.set(PDFName.of("OpenAction"), doc.context.obj({ S: "JavaScript", JS: PDFString.of("app.alert(1)") }));
    const form = applicantFields(new FormData());
    form.append("doc-0", pdfFile("hanh-dong.pdf", await doc.save()));
    const response = await submit(postForm(SUBMIT_URL, form, citizenCookie));
    expect(response.status).toBe(400);
    expect((await response.json()).errors["doc-0"]).toMatch(/chứa mã JavaScript, hành động tự chạy khi mở tệp nên không được nhận/);
  });

  it("the supplement upload on the dossier page is scanned and checked the same way", async () => {
    const citizen = await actorOf(services, "congdan");
    const desk = await actorOf(services, "motcua.huyen");
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    await performDossierAction(services, { dossierId, actor: desk, event: { type: "REQUEST_SUPPLEMENT", note: "Bản CCCD bị mờ" }, note: "Bản CCCD bị mờ" });
    const supplement = async (bytes: Uint8Array) => {
      const [row] = await services.database.db.select({ version: dossiers.version }).from(dossiers).where(eq(dossiers.id, dossierId));
      const form = new FormData();
      form.append("version", String(row.version));
      form.append("intent", "SUPPLEMENT_PROVIDED");
      form.append("transactionId", crypto.randomUUID());
      form.append("note", "Gửi lại bản rõ");
      form.append("supplementFile", pdfFile("bo-sung.pdf", bytes));
      return call(dossierRoute.action, postForm(`${ORIGIN}/ho-so/${code}`, form, citizenCookie), { code });
    };
    const infected = await supplement(new TextEncoder().encode(`%PDF-1.4\n${EICAR}\n%%EOF\n`));
    expect(infected.status).toBe(400);
    const answer = await infected.json();
    // The dossier page answers with conform's reply: messages by field, and what was typed.
    expect(messagesOf(answer)).toEqual([expect.stringMatching(/bị phát hiện mã độc \(MotCua\.Test\.Eicar/)]);
    expect(answer.result.initialValue.note).toBe("Gửi lại bản rõ");
    const large = await supplement(new Uint8Array(10 * MB + 1));
    expect(large.status).toBe(413);
    const accepted = await supplement(pdf);
    expect(accepted.status).toBe(200);
    const files = await services.database.db.select().from(attachments).where(eq(attachments.dossierId, dossierId));
    expect(files.filter((f) => f.kind === "supplement").map((f) => f.fileName)).toEqual(["bo-sung.pdf"]);
  });

  it("the dossier page reads no body for a stranger and refuses fields its forms do not have", async () => {
    const citizen = await actorOf(services, "congdan");
    const { code } = await submitHouseholdBusiness(services, citizen);
    const boundary = "----motcua-dossier";
    const stranger = countingBody([{ head: `Content-Disposition: form-data; name="supplementFile"; filename="a.pdf"`, size: 5 * MB }], boundary);
    const anonymous = await call(dossierRoute.action, streamedRequest(`${ORIGIN}/ho-so/${code}`, stranger.stream, boundary), { code });
    expect(anonymous.status).toBe(302);
    expect(stranger.state.pulled).toBe(0);
    const form = new FormData();
    form.append("intent", "WITHDRAW");
    form.append("confirm", "yes");
    form.append("role", "leader");
    const refused = await call(dossierRoute.action, postForm(`${ORIGIN}/ho-so/${code}`, form, citizenCookie), { code });
    expect(refused.status).toBe(400);
    expect(messagesOf(await refused.json())).toEqual(["Biểu mẫu gửi lên có trường không hợp lệ. Vui lòng tải lại trang và thử lại."]);
  });

  it("the clean-up removes day-old pending uploads and unreferenced files, and keeps referenced ones", async () => {
    const { db } = services.database;
    // The test owns its clock: "now" is a day and an hour after the files below were written.
    const now = new Date(Date.now() + 25 * 3600_000);
    const store = async (text: string) => (await services.storage.put(new TextEncoder().encode(`%PDF-1.4\n${text}\n%%EOF\n`))).sha256;
    const citizen = await actorOf(services, "congdan");
    const base = { ownerUserId: citizen.userId, documentName: "Tờ khai", fileName: "a.pdf", mediaType: "application/pdf", size: 1 };
    const oldPending = await store("pending, old");
    const freshPending = await store("pending, fresh");
    const orphan = await store("nobody's");
    const young = await store("just written");
    await db.insert(pendingUploads).values([
      { ...base, id: "o".repeat(43), sha256: oldPending },
      { ...base, id: "f".repeat(43), sha256: freshPending, createdAt: new Date(now.getTime() - 3600_000) },
    ]);
    const youngPath = path.join(services.config.dataDir, "files", young.slice(0, 2), young);
    await utimes(youngPath, now, new Date(now.getTime() - 3600_000));
    const attached = (await db.select().from(attachments))[0].sha256;

    const result = await cleanupOrphanUploads(services, now);
    expect(result.pendingRemoved).toBeGreaterThanOrEqual(1);
    const ids = (await db.select({ id: pendingUploads.id }).from(pendingUploads)).map((r) => r.id);
    expect(ids).toContain("f".repeat(43));
    expect(ids).not.toContain("o".repeat(43));
    await expect(services.storage.get(oldPending)).rejects.toThrow();
    await expect(services.storage.get(orphan)).rejects.toThrow();
    expect((await services.storage.get(freshPending)).byteLength).toBeGreaterThan(0);
    expect((await services.storage.get(young)).byteLength).toBeGreaterThan(0);
    expect((await services.storage.get(attached)).byteLength).toBeGreaterThan(0);
  });
});
