/**
 * Issue 9's journey: a citizen submits a household-business dossier online, asks the post to collect
 * the paper dossier and to deliver the result, and pays the fee online at submission. The postal
 * simulator (its own process, started by playwright.config.ts) collects the dossier; the desk
 * receives it; the officers process and sign; the simulator delivers the result, which returns the
 * dossier. The citizen's timeline shows every postal status; the administrator sees the dossier's
 * national-portal sync as sent; the mails the citizen received are opened in Chromium.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { act, expectAccessible, fillHouseholdBusinessForm, openFromInbox, signIn, signOnSigningPage, signOut } from "./support";

/** Where playwright.config.ts starts the postal simulator: the seeded demo partner's endpoint. */
const POSTAL_SIM = "http://127.0.0.1:3901";
const screens = path.resolve("e2e/.artifacts/screens");

async function shots(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screens, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

type SimOrder = { orderNumber: string; kind: "pickup" | "delivery"; status: string };
type SimReceived = { order: { orderNumber: string; kind: string; codAmount: number }; duplicates: number };

async function simState(request: APIRequestContext): Promise<{ received: SimReceived[]; orders: SimOrder[] }> {
  return (await request.get(`${POSTAL_SIM}/received`)).json();
}

/** The postal worker's next step on an order, reported to the portal by a signed webhook. */
async function advance(request: APIRequestContext, code: string, kind: "pickup" | "delivery", expectedStatus: string) {
  const response = await request.post(`${POSTAL_SIM}/orders/${encodeURIComponent(code)}/advance`, { data: { kind } });
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.sent.status).toBe(expectedStatus);
  expect(body.portalStatus).toBe(200);
}

async function mailsAbout(code: string): Promise<ParsedMail[]> {
  const dir = path.join(process.env.E2E_DATA_DIR!, "mail");
  const parsed = await Promise.all((await readdir(dir)).filter((f) => f.endsWith(".eml")).map(async (f) => simpleParser(await readFile(path.join(dir, f)))));
  return parsed.filter((m) => m.subject?.includes(code));
}

test("post both ways and online payment: collected, processed, paid, delivered, returned", async ({ page, request }) => {
  test.setTimeout(300_000);
  await signIn(page, "congdan");
  await page.goto("/thu-tuc/1.001612/nop-truc-tuyen");
  await fillHouseholdBusinessForm(page);
  await page.getByLabel("Nộp hồ sơ qua bưu chính", { exact: false }).check();
  await page.locator("#pickupAddress").fill("Số 12, thôn Lạc Thành, xã Đông La");
  await page.locator("#pickupDistrict").selectOption("340");
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  // How the result comes is chosen on the review page.
  await page.getByLabel("Qua dịch vụ bưu chính công ích").check();
  await page.locator("#deliveryAddress").fill("Số 5 phố Lê Lợi, phường Đề Thám");
  await page.locator("#deliveryDistrict").selectOption("336");
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
  const code = (await page.getByTestId("dossier-code").textContent())!.trim();

  // The fee of this fully online procedure is paid at submission, on the platform's page.
  await page.getByRole("status").getByRole("link", { name: "Thanh toán trực tuyến" }).click();
  await page.getByRole("button", { name: "Thanh toán 50.000 đồng" }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/thanh-toan\//);
  await page.getByRole("button", { name: "Thanh toán 50.000 đồng" }).click();
  await expect(page.getByTestId("payment-outcome")).toHaveText("Thanh toán thành công");
  await signOut(page);

  // The pickup order reached the post through the outbox; the postal worker collects and hands over.
  await expect.poll(async () => (await simState(request)).orders.find((o) => o.orderNumber === code && o.kind === "pickup")?.status, { timeout: 60_000 }).toBe("registered");
  await advance(request, code, "pickup", "collecting");
  await advance(request, code, "pickup", "collected");
  await advance(request, code, "pickup", "handedToAgency");

  // The desk receives the paper dossier through the normal reception; the officers process and sign.
  await signIn(page, "motcua.huyen");
  await openFromInbox(page, code);
  await expect(page.getByTestId("timeline")).toContainText("Đã bàn giao hồ sơ cho Bộ phận Một cửa");
  await act(page, "Tiếp nhận hồ sơ", "Được tiếp nhận");
  await act(page, "Chuyển phòng chuyên môn", "Đang xử lý");
  await signOut(page);
  await signIn(page, "chuyenvien.huyen");
  await openFromInbox(page, code);
  await page.getByRole("textbox", { name: "Ý kiến thụ lý" }).fill("Hồ sơ hợp lệ, đề nghị cấp giấy chứng nhận.");
  await act(page, "Hoàn thành thụ lý, trình lãnh đạo", "Đang xử lý");
  await signOut(page);
  await signIn(page, "truongphong.huyen");
  await openFromInbox(page, code);
  await signOnSigningPage(page, "Ký nháy dự thảo kết quả", "Ký nháy và trình lãnh đạo ký", "Đang xử lý");
  await signOut(page);
  await signIn(page, "lanhdao.huyen");
  await openFromInbox(page, code);
  await signOnSigningPage(page, "Phê duyệt và ký số kết quả", "Phê duyệt và ký số kết quả", "Đang xử lý");
  await signOut(page);
  await signIn(page, "vanthu.huyen");
  await openFromInbox(page, code);
  await signOnSigningPage(page, "Đóng dấu số của cơ quan", "Đóng dấu số của cơ quan", "Đã xử lý xong");
  await signOut(page);

  // The result is ready: the delivery order goes to the post, with nothing left to collect on delivery.
  await expect.poll(async () => (await simState(request)).orders.find((o) => o.orderNumber === code && o.kind === "delivery")?.status, { timeout: 60_000 }).toBe("registered");
  const delivery = (await simState(request)).received.find((r) => r.order.orderNumber === code && r.order.kind === "delivery")!;
  expect(delivery.order.codAmount).toBe(0);
  expect(delivery.duplicates).toBe(0);
  await advance(request, code, "delivery", "pickedUp");
  await advance(request, code, "delivery", "inTransit");
  await advance(request, code, "delivery", "delivered");

  // The citizen: returned by the post, every postal status on the timeline.
  await signIn(page, "congdan");
  await page.goto(`/ho-so/${code}`);
  await expect(page.getByTestId("status")).toHaveText("Đã trả kết quả");
  const timeline = page.getByTestId("timeline");
  for (const status of [
    "Đã đăng ký thu gom",
    "Nhân viên bưu chính đang đến thu gom",
    "Đã thu gom hồ sơ",
    "Đã bàn giao hồ sơ cho Bộ phận Một cửa",
    "Bưu chính đã nhận yêu cầu chuyển phát",
    "Bưu chính đã nhận kết quả tại cơ quan",
    "Đang chuyển phát kết quả",
    "Đã phát kết quả thành công",
  ]) {
    await expect(timeline).toContainText(status);
  }
  await expect(timeline.getByText("Xác nhận đã nộp phí, lệ phí").first()).toBeVisible();
  await expectAccessible(page, "dossier returned by post (citizen)");
  await shots(page, "post-01-citizen-timeline");
  await signOut(page);

  // The administrator: the dossier's national-portal updates have all gone out.
  await signIn(page, "quantri");
  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Đồng bộ" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đồng bộ và gửi tin đối tác");
  await page.getByLabel("Mã hồ sơ").fill(code);
  await page.getByRole("button", { name: "Lọc" }).click();
  const row = page.getByRole("row", { name: new RegExp(code.replace(/\./g, "\\.")) });
  await expect(async () => {
    await page.reload();
    await expect(row.getByText("Đã gửi")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await expectAccessible(page, "partner sync page");
  await shots(page, "post-02-sync-state");
  await page.getByLabel("Nơi nhận").selectOption("postal");
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(row.getByText("Đã gửi")).toBeVisible();
  await signOut(page);

  // The mails the citizen received (as .eml files: no SMTP server here), opened as a mail client would.
  const subjectsOf = (mails: ParsedMail[]) => mails.map((m) => m.subject!.replace(/ — .*$/, "").replace("[Một Cửa Thái Bình] ", ""));
  const expected = [
    "Hồ sơ đã được nộp trực tuyến",
    "Đã nộp phí, lệ phí",
    "Đã đăng ký thu gom hồ sơ qua bưu chính",
    "Bưu chính đã nhận hồ sơ",
    "Hồ sơ đã được chuyển đến cơ quan",
    "Hồ sơ đã được tiếp nhận",
    "Hồ sơ đã có kết quả",
    "Kết quả đang được chuyển phát",
    "Đã trả kết quả giải quyết hồ sơ",
  ];
  await expect.poll(async () => subjectsOf(await mailsAbout(code)).sort(), { timeout: 60_000 }).toEqual([...expected].sort());
  const mails = await mailsAbout(code);
  // One mail per event that calls for one: each subject once, each with its own Message-ID.
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
  const ready = mails.find((m) => m.subject!.includes("Hồ sơ đã có kết quả"))!;
  expect(ready.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
  expect(ready.text).toContain(code);
  await page.setContent(ready.html as string);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Hồ sơ đã có kết quả");
  await expectAccessible(page, "result-ready e-mail");
  await shots(page, "post-03-mail-result-ready");
  const paid = mails.find((m) => m.subject!.includes("Đã nộp phí, lệ phí"))!;
  expect(paid.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.pdf$/)]);
});
