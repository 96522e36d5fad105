/**
 * Online fee payment (issue 9, point 3): a citizen submits a fully online dossier, pays its fee
 * on the payment platform's sandbox page (app/simulators/payment-sim.ts, started beside the portal
 * by playwright.config.ts), comes back to the result page and downloads the signed e-receipt.
 * A status-6 fee is then paid from the dossier page after the citizen first cancels once.
 */
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, fillHouseholdBusinessForm, samplePdf, signIn, signOut } from "./support";

const run = promisify(execFile);
const artifacts = path.resolve("e2e/.artifacts");
const screens = path.join(artifacts, "screens");

async function shots(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screens, `${name}-${width}.png`), fullPage: true });
  }
}

async function submitHouseholdBusiness(page: Page): Promise<string> {
  await page.goto("/thu-tuc/1.001612/nop-truc-tuyen");
  await fillHouseholdBusinessForm(page);
  // The wizard: the form, then the review page.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
  return (await page.getByTestId("dossier-code").textContent())!.trim();
}

test.describe.configure({ mode: "serial" });

test("fee paid at submission: portal payment page → the platform's page → result page → signed e-receipt", async ({ page }) => {
  await mkdir(screens, { recursive: true });
  await signIn(page, "congdan");
  const code = await submitHouseholdBusiness(page);
  await expect(page.getByTestId("fee-amount")).toHaveText("50.000 đồng");

  // The confirmation leads to the payment.
  await page.getByRole("status").getByRole("link", { name: "Thanh toán trực tuyến" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thanh toán trực tuyến phí, lệ phí");
  await expect(page.getByTestId("amount")).toHaveText("50.000 đồng");
  await expectAccessible(page, "portal payment page");
  await shots(page, "pay-01-portal");

  await page.getByRole("button", { name: "Thanh toán 50.000 đồng" }).click();
  // The sandbox of the national payment platform, on its own origin.
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/thanh-toan\//);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Thanh toán phí, lệ phí hồ sơ");
  await expect(page.getByText(code)).toBeVisible();
  await expectAccessible(page, "payment platform page");
  await shots(page, "pay-02-gateway");
  await page.getByRole("button", { name: "Thanh toán 50.000 đồng" }).click();

  await expect(page).toHaveURL(new RegExp(`/ho-so/${code.replace(/\./g, "\\.")}/thanh-toan/ket-qua\\?`));
  await expect(page.getByTestId("payment-outcome")).toHaveText("Thanh toán thành công");
  await expectAccessible(page, "payment result page");
  await shots(page, "pay-03-result");

  const download = page.waitForEvent("download");
  await page.getByTestId("fee-receipt").click();
  const receiptFile = path.join(artifacts, `bien-lai-${code}.pdf`);
  await (await download).saveAs(receiptFile);
  const pdfsig = (await run("pdfsig", [receiptFile])).stdout;
  expect(pdfsig.match(/Signature is Valid/g)).toHaveLength(1);
  const text = (await run("pdftotext", [receiptFile, "-"])).stdout;
  expect(text).toContain("BIÊN LAI THU PHÍ, LỆ PHÍ");
  expect(text).toContain("50.000 đồng");
  await run("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", receiptFile, path.join(screens, "pay-04-receipt")]);

  // The dossier page: the fee is recorded in the timeline, the receipt is in the files, nothing more is owed.
  await page.getByRole("link", { name: "Về trang hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Mới đăng ký");
  await expect(page.getByText("Biên lai thu phí, lệ phí (biên lai điện tử)").first()).toBeVisible();
  await expect(page.getByTestId("pay-online")).toHaveCount(0);
  await expect(page.getByText("Xác nhận đã nộp phí, lệ phí").first()).toBeVisible();
  await expectAccessible(page, "dossier page after payment");
  await signOut(page);
});

test("the callback route answers a forged result with a 4xx JSON and a GET with 405", async ({ request }) => {
  const forged = await request.post("/api/thanh-toan/thong-bao", {
    data: { maDoiTac: "000.00.00.H54", maDonHang: "0".repeat(32), maHoSo: "x", soTien: 1, ketQua: "00", maThamChieu: "", maGiaoDich: "GD1", thoiGianThanhToan: "20260101000000", checksum: "0".repeat(64) },
  });
  expect(forged.status()).toBe(401);
  expect(await forged.json()).toMatchObject({ maLoi: "01" });
  expect((await request.get("/api/thanh-toan/thong-bao")).status()).toBe(405);
});

test("a status-6 fee from the dossier page: cancelled once (without JavaScript), then paid, and the step ends", async ({ page, browser, baseURL }) => {
  await signIn(page, "congdan");
  await page.goto("/thu-tuc/3.000333/nop-truc-tuyen");
  await page.getByLabel("Loại phiếu yêu cầu (số 1 hoặc số 2)").fill("Phiếu số 1");
  await page.getByLabel("Ngày, tháng, năm sinh").fill("1990-05-12");
  await page.getByLabel("Nơi sinh").fill("Thái Bình");
  await page.getByLabel("Mục đích sử dụng phiếu").fill("Bổ sung hồ sơ xin việc");
  await page.getByLabel("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp").setInputFiles(samplePdf("to-khai.pdf"));
  await page.getByLabel("Bản chụp thẻ căn cước / CCCD / hộ chiếu").setInputFiles(samplePdf("cccd.pdf"));
  // The wizard: the form, then the review page.
  await page.getByRole("button", { name: "Tiếp tục" }).click();
  await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
  await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
  const code = (await page.getByTestId("dossier-code").textContent())!.trim();
  // This procedure collects its fee in a payment step, not at submission.
  await expect(page.getByTestId("pay-online")).toHaveCount(0);
  await signOut(page);

  await signIn(page, "motcua.so");
  await page.goto(`/ho-so/${code}`);
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Được tiếp nhận");
  await page.getByRole("button", { name: "Chuyển phòng chuyên môn" }).click();
  await expect(page.getByTestId("status")).toHaveText("Yêu cầu thực hiện nghĩa vụ tài chính");
  await signOut(page);

  // Without JavaScript: the dossier page, the portal's form, the platform's page and the result page are plain HTML.
  const noJs = await browser.newContext({ baseURL, javaScriptEnabled: false, locale: "vi-VN", timezoneId: "Asia/Ho_Chi_Minh" });
  const plain = await noJs.newPage();
  await signIn(plain, "congdan");
  await plain.goto(`/ho-so/${code}`);
  await expect(plain.getByTestId("fee-amount")).toHaveText("200.000 đồng");
  await plain.getByTestId("pay-online").click();
  await plain.getByRole("button", { name: "Thanh toán 200.000 đồng" }).click();
  await plain.getByRole("button", { name: "Hủy giao dịch" }).click();
  await expect(plain.getByTestId("payment-outcome")).toHaveText("Giao dịch đã bị hủy");
  const cancelledUrl = plain.url();
  await noJs.close();

  // axe needs JavaScript: the same pages again in the ordinary browser.
  await signIn(page, "congdan");
  await page.goto(cancelledUrl);
  await expect(page.getByTestId("payment-outcome")).toHaveText("Giao dịch đã bị hủy");
  await expectAccessible(page, "payment cancelled");
  await shots(page, "pay-05-cancelled");
  await page.goto(`/ho-so/${code}`);
  await expectAccessible(page, "dossier page with a fee due");
  await page.goto(`/ho-so/${code}/thanh-toan`);
  await expect(page.getByText("Đã hủy")).toBeVisible();
  await page.goto(`/ho-so/${code}`);
  await page.getByTestId("pay-online").click();
  await page.getByRole("button", { name: "Thanh toán 200.000 đồng" }).click();
  await page.getByRole("button", { name: "Thanh toán 200.000 đồng" }).click();
  await expect(page.getByTestId("payment-outcome")).toHaveText("Thanh toán thành công");
  await page.getByRole("link", { name: "Về trang hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Đang xử lý");
  await signOut(page);
});
