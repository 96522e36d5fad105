/**
 * The administrator's periodic-report page through its route: recipients added (with Vietnamese
 * errors that keep what was typed), refused twice, deactivated, each change in the audit log; a
 * period's report made and sent by the button, refused for a period not over; the PDF downloaded.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../../db/demo-data";
import { adminAuditLog, periodicReports, reportRecipients } from "../../../db/schema";
import * as page from "../../routes/quan-tri.bao-cao-dinh-ky";
import * as download from "../../routes/quan-tri.bao-cao-dinh-ky.tai-ve.$id";
import { pdfsigReport, pdfText } from "../../test-support/pdf";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { login } from "../auth.server";

let services: TestServices;
let cookie: string;

beforeAll(async () => {
  services = await startTestServices();
  const result = await login(services.database.db, services.rateLimits, { username: "quantri", password: DEMO_PASSWORD, clientIp: "192.0.2.81", secure: false });
  if (!result.ok) throw new Error("cannot sign in quantri");
  cookie = result.setCookie.split(";")[0];
}, 60_000);
afterAll(async () => services?.dispose());

const post = async (fields: Record<string, string>) => {
  const request = new Request("http://localhost:3000/quan-tri/bao-cao-dinh-ky", {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
  });
  const response = await page.action({ request, params: {}, context: { services } } as never);
  return { status: response.status, body: (await response.json()) as { done: string | null; errors: Record<string, string>; values: Record<string, string> | null } };
};

const audits = (entity: string) => services.database.db.select().from(adminAuditLog).where(eq(adminAuditLog.entity, entity));

describe(`periodic reports administration (${databaseKind})`, () => {
  it("refuses a bad address in Vietnamese and gives back what was typed; nothing is written", async () => {
    const typed = { intent: "add", name: "Văn phòng UBND tỉnh", email: "vanphong.thaibinh.gov.vn", frequency: "quarterly", agencyId: "" };
    const { status, body } = await post(typed);
    expect(status).toBe(400);
    expect(body.errors.email).toBe("Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: vanphong@thaibinh.gov.vn.");
    expect(body.values).toMatchObject({ name: "Văn phòng UBND tỉnh", email: "vanphong.thaibinh.gov.vn", frequency: "quarterly", agencyId: "" });
    expect(await services.database.db.select().from(reportRecipients)).toHaveLength(0);
    expect(await audits("reportRecipient")).toHaveLength(0);
    const empty = await post({ intent: "add", name: "", email: "", frequency: "monthly", agencyId: "" });
    expect(empty.status).toBe(400);
    expect(empty.body.errors).toMatchObject({ email: "Nhập địa chỉ thư điện tử của người nhận.", name: "Nhập tên người nhận hoặc tên cơ quan nhận." });
  });

  it("adds a recipient, refuses the same one twice, deactivates her, and audits each change", async () => {
    const added = await post({ intent: "add", name: "Văn phòng UBND tỉnh", email: "vanphong@thaibinh.gov.vn", frequency: "monthly", agencyId: "" });
    expect(added).toMatchObject({ status: 200, body: { done: "Đã thêm người nhận vanphong@thaibinh.gov.vn." } });
    const again = await post({ intent: "add", name: "Văn phòng", email: "VanPhong@thaibinh.gov.vn", frequency: "monthly", agencyId: "" });
    expect(again.status).toBe(400);
    expect(again.body.errors.email).toBe("Địa chỉ này đã nhận báo cáo cùng kỳ và cùng phạm vi.");
    const [row] = await services.database.db.select().from(reportRecipients);
    expect(row).toMatchObject({ email: "vanphong@thaibinh.gov.vn", agencyId: null, frequency: "monthly", active: true });
    const off = await post({ intent: "deactivate", id: String(row.id) });
    expect(off.status).toBe(200);
    expect((await services.database.db.select().from(reportRecipients).where(eq(reportRecipients.id, row.id)))[0].active).toBe(false);
    expect((await post({ intent: "deactivate", id: String(row.id) })).status).toBe(404);
    expect((await audits("reportRecipient")).map((a) => a.action).sort()).toEqual(["create", "deactivate"]);
  });

  it("refuses a period that is not over or not a period, in Vietnamese", async () => {
    const future = await post({ intent: "generate", frequency: "monthly", month: "2099-01", quarter: "", agencyId: "" });
    expect(future.status).toBe(400);
    expect(future.body.errors.period).toBe("Kỳ tháng 01/2099 chưa kết thúc: chỉ lập báo cáo cho kỳ đã qua.");
    expect(future.body.values).toMatchObject({ month: "2099-01" });
    const wrong = await post({ intent: "generate", frequency: "quarterly", month: "", quarter: "2026-Q5", agencyId: "" });
    expect(wrong.body.errors.period).toBe("Quý báo cáo không hợp lệ: nhập theo dạng năm-Q số quý, ví dụ 2026-Q4.");
    expect(await services.database.db.select().from(periodicReports)).toHaveLength(0);
  });

  it("makes a past quarter's report by the button, once, and serves it sealed to the administrator", async () => {
    const made = await post({ intent: "generate", frequency: "quarterly", month: "", quarter: "2026-Q3", agencyId: "" });
    expect(made.status).toBe(200);
    expect(made.body.done).toMatch(/^Đã lập Báo cáo số \d+\/BC-UBND quý III năm 2026; không có người nhận đang hoạt động cho kỳ và phạm vi này\.$/);
    const [made1] = await services.database.db.select().from(periodicReports);
    expect(made1.mailedAt).toBeNull();
    // A recipient added afterwards gets the report made before her by pressing again; no second report.
    expect((await post({ intent: "add", name: "Phòng Kiểm soát TTHC", email: "kiemsoat@thaibinh.gov.vn", frequency: "quarterly", agencyId: "" })).status).toBe(200);
    const again = await post({ intent: "generate", frequency: "quarterly", month: "", quarter: "2026-Q3", agencyId: "" });
    expect(again.body.done).toMatch(/^Báo cáo quý III năm 2026 đã có \(số \d+\/BC-UBND\); đã chuyển 1 thư vào hàng đợi gửi\.$/);
    const third = await post({ intent: "generate", frequency: "quarterly", month: "", quarter: "2026-Q3", agencyId: "" });
    expect(third.body.done).toMatch(/báo cáo đã được gửi trước đây, không gửi lại\.$/);
    const rows = await services.database.db.select().from(periodicReports).where(and(eq(periodicReports.frequency, "quarterly"), eq(periodicReports.periodStart, "2026-07-01")));
    expect(rows).toHaveLength(1);
    expect((await audits("periodicReport")).map((a) => a.action)).toEqual(["generate", "send", "send"]);
    expect(rows[0].mailedAt).not.toBeNull();

    const request = new Request(`http://localhost:3000/quan-tri/bao-cao-dinh-ky/tai-ve/${rows[0].id}`, { headers: { Cookie: cookie } });
    const response = await download.loader({ request, params: { id: String(rows[0].id) }, context: { services } } as never);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toContain("BaoCao-TTHC-2026-Q3.pdf");
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(await pdfsigReport(pdf)).toMatch(/Signature is Valid/);
    expect(await pdfText(pdf)).toContain("Tình hình, kết quả giải quyết thủ tục hành chính quý III năm 2026");

    const loaded = await page.loader({ request: new Request("http://localhost:3000/quan-tri/bao-cao-dinh-ky", { headers: { Cookie: cookie } }), params: {}, context: { services } } as never);
    const data = (await loaded.json()) as { reports: Array<{ title: string }>; recipients: unknown[] };
    expect(data.reports.map((r) => r.title)).toEqual(["quý III năm 2026"]);
    expect(data.recipients).toHaveLength(2);
  }, 60_000);
});
