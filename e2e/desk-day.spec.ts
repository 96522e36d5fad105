/**
 * The desk's day (issue 10): motcua.huyen takes a walk-in dossier with the checklist and a scanned
 * PDF and prints the receipt; receives an online dossier after ticking the checklist; refuses one
 * listing the missing documents; requests a supplement; then, once the officers have processed and
 * signed, returns results of each kind: at the desk with the recipient recorded and the paper copy
 * printed, by post (the simulator delivers), and online (the e-result published). The register is
 * filtered and downloaded. Screenshots at 375 and 1280 px; axe on every page.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { act, expectAccessible, openFromInbox, samplePdf, signIn, signOnSigningPage, signOut, submitHouseholdBusinessOnline } from "./support";

const POSTAL_SIM = "http://127.0.0.1:3901";
const screens = path.resolve("e2e/.artifacts/screenshots");

async function shots(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screens, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function expectImagesLoaded(page: Page) {
  const first = page.locator(".print-pages img").first();
  await expect(first).toBeVisible();
  await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(300);
}

/** The household-business e-form of the walk-in page (the desk types what the paper form says). */
async function fillEForm(page: Page, name: string) {
  await page.getByLabel("Tên hộ kinh doanh").fill(name);
  await page.getByLabel("Địa chỉ trụ sở hộ kinh doanh").fill("Thôn Lạc Thành, xã Đông La, huyện Đông Hưng");
  await page.getByLabel("Ngành, nghề kinh doanh").fill("Bán lẻ hàng tạp hoá");
  await page.getByLabel("Vốn kinh doanh (đồng)").fill("80000000");
}

async function advance(request: APIRequestContext, code: string, kind: "pickup" | "delivery", expectedStatus: string) {
  const response = await request.post(`${POSTAL_SIM}/orders/${encodeURIComponent(code)}/advance`, { data: { kind } });
  expect(response.status()).toBe(200);
  expect((await response.json()).sent.status).toBe(expectedStatus);
}

test("the desk's day: walk-in intake, reception decisions, returns of each kind, the register", async ({ page, request }) => {
  test.setTimeout(480_000);

  // Three online dossiers from the citizen: one to receive, one to refuse, one to complete.
  await signIn(page, "congdan");
  const online = await submitHouseholdBusinessOnline(page);
  const toRefuse = await submitHouseholdBusinessOnline(page);
  const toSupplement = await submitHouseholdBusinessOnline(page);
  await signOut(page);

  await signIn(page, "motcua.huyen");
  // The procedure page offers the desk its own entry, not the citizen's online form.
  await page.goto("/thu-tuc/1.001612");
  await expect(page.getByRole("link", { name: "Nộp hồ sơ trực tuyến" })).toHaveCount(0);
  await page.getByRole("link", { name: "Tiếp nhận hồ sơ trực tiếp" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Tiếp nhận hồ sơ trực tiếp");

  // 1. Walk-in: find the citizen's account, check the paper, scan it.
  await page.getByLabel("Số CCCD, số điện thoại hoặc họ tên").fill("034090001234");
  await page.getByRole("button", { name: "Tìm công dân" }).click();
  await page.getByRole("link", { name: "Chọn Nguyễn Văn An" }).click();
  await expect(page.getByTestId("chosen-citizen")).toContainText("Nguyễn Văn An");
  await expect(page.getByLabel("Họ và tên", { exact: true })).toHaveValue("Nguyễn Văn An");
  await fillEForm(page, "Hộ kinh doanh Tạp hoá Bình An");
  await page.locator("#checklist-1-form").selectOption("certifiedCopy");
  await page.locator("#checklist-2-note").fill("Hộ gia đình không có thành viên khác");
  await page.locator("#doc-0").setInputFiles(samplePdf("giay-de-nghi-quet.pdf"));
  // The ID card's scan is forgotten: the form comes back with everything typed and the first scan kept.
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ và in Giấy tiếp nhận" }).click();
  await expect(page.getByRole("alert")).toContainText("Hồ sơ chưa được tiếp nhận");
  await expect(page.getByText('Vui lòng đính kèm "Bản sao thẻ căn cước của chủ hộ kinh doanh"')).toBeVisible();
  await expect(page.getByText('Đã nhận bản quét "giay-de-nghi-quet.pdf"')).toBeVisible();
  await expect(page.getByLabel("Tên hộ kinh doanh")).toHaveValue("Hộ kinh doanh Tạp hoá Bình An");
  await expect(page.locator("#checklist-1-form")).toHaveValue("certifiedCopy");
  await expectAccessible(page, "walk-in intake with an error");
  await page.locator("#doc-1").setInputFiles(samplePdf("cccd-quet.pdf"));
  await shots(page, "desk-01-intake");
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ và in Giấy tiếp nhận" }).click();
  // The receipt (Mẫu 01) to print on the spot.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)");
  const walkIn = (await page.getByTestId("received-code").textContent())!.trim();
  await expectImagesLoaded(page);
  await expectAccessible(page, "receipt print view");
  await shots(page, "desk-02-receipt-print");
  const receiptPdf = await page.request.get(`/ho-so/${encodeURIComponent(walkIn)}/tep-in?giay=bien-nhan&pdf=1`);
  expect(receiptPdf.headers()["content-type"]).toBe("application/pdf");
  await page.getByRole("link", { name: `← Hồ sơ ${walkIn}` }).click();
  await expect(page.getByTestId("status")).toHaveText("Được tiếp nhận");
  await expect(page.getByTestId("checklist-found")).toContainText("Bản sao chứng thực × 1");
  await act(page, "Chuyển phòng chuyên môn", "Đang xử lý");

  // A second walk-in, for an applicant without an account, with the result by post.
  await page.goto("/can-bo/tiep-nhan?thu-tuc=1.001612");
  await page.getByLabel("Họ và tên", { exact: true }).fill("Phạm Thị Hoa");
  await page.getByLabel("Số định danh cá nhân (CCCD)").fill("034185009999");
  await page.getByLabel("Số điện thoại", { exact: true }).fill("0987654321");
  await page.getByLabel("Địa chỉ liên hệ").fill("Thôn Nguyên Xá, xã Đông La, huyện Đông Hưng");
  await fillEForm(page, "Hộ kinh doanh Hoa Mai");
  await page.locator("#doc-0").setInputFiles(samplePdf("de-nghi.pdf"));
  await page.locator("#doc-1").setInputFiles(samplePdf("cccd.pdf"));
  await page.getByLabel("Qua dịch vụ bưu chính công ích").check();
  await page.locator("#deliveryAddress").fill("Số 5 phố Lê Lợi, phường Đề Thám");
  await page.locator("#deliveryDistrict").selectOption("336");
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ và in Giấy tiếp nhận" }).click();
  const byPost = (await page.getByTestId("received-code").textContent())!.trim();
  await page.getByRole("link", { name: `← Hồ sơ ${byPost}` }).click();
  await act(page, "Chuyển phòng chuyên môn", "Đang xử lý");

  // 2. The online dossier: the checklist first; a missing required document blocks the reception.
  await openFromInbox(page, online);
  const reception = page.getByTestId("reception-panel");
  await expect(reception).toBeVisible();
  await page.locator("#reception-1-present").uncheck();
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Chưa thể tiếp nhận: còn thiếu Bản sao thẻ căn cước");
  await page.locator("#reception-1-present").check();
  await page.locator("#reception-1-form").selectOption("copy");
  await expectAccessible(page, "reception panel");
  await shots(page, "desk-03-reception");
  await page.getByRole("button", { name: "Tiếp nhận hồ sơ", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Đã thực hiện");
  await expect(page.getByTestId("status")).toHaveText("Được tiếp nhận");
  await act(page, "Chuyển phòng chuyên môn", "Đang xử lý");

  // 3. A refusal that lists what is missing, with the reason.
  await openFromInbox(page, toRefuse);
  await page.locator("#reception-0-present").uncheck();
  await page.locator("#reception-0-note").fill("Giấy đề nghị không có chữ ký của chủ hộ");
  await page.getByLabel("Ý kiến của cán bộ tiếp nhận", { exact: false }).fill("Ngành nghề đăng ký thuộc danh mục cấm kinh doanh.");
  await page.getByRole("button", { name: "Từ chối tiếp nhận" }).click();
  await expect(page.getByTestId("status")).toHaveText("Không được tiếp nhận");
  await expect(page.getByTestId("timeline")).toContainText("Ngành nghề đăng ký thuộc danh mục cấm kinh doanh.");
  await expect(page.getByTestId("checklist-found")).toContainText("Giấy đề nghị không có chữ ký của chủ hộ");

  // 4. A supplement request for a blurred ID card.
  await openFromInbox(page, toSupplement);
  await page.locator("#reception-1-present").uncheck();
  await page.locator("#reception-1-note").fill("Bản chụp mờ, không đọc được số định danh");
  await page.getByRole("button", { name: "Yêu cầu bổ sung hồ sơ" }).click();
  await expect(page.getByTestId("status")).toHaveText("Yêu cầu bổ sung");
  await expect(page.getByTestId("timeline")).toContainText("Bản chụp mờ, không đọc được số định danh");
  await signOut(page);

  // The back office processes the three received dossiers.
  const processed = [walkIn, byPost, online];
  await signIn(page, "chuyenvien.huyen");
  for (const code of processed) {
    await openFromInbox(page, code);
    await page.getByRole("textbox", { name: "Ý kiến thụ lý" }).fill("Hồ sơ hợp lệ, đề nghị cấp giấy chứng nhận.");
    await act(page, "Hoàn thành thụ lý, trình lãnh đạo", "Đang xử lý");
  }
  await signOut(page);
  for (const [user, link, button, status] of [
    ["truongphong.huyen", "Ký nháy dự thảo kết quả", "Ký nháy và trình lãnh đạo ký", "Đang xử lý"],
    ["lanhdao.huyen", "Phê duyệt và ký số kết quả", "Phê duyệt và ký số kết quả", "Đang xử lý"],
    ["vanthu.huyen", "Đóng dấu số của cơ quan", "Đóng dấu số của cơ quan", "Đã xử lý xong"],
  ] as const) {
    await signIn(page, user);
    for (const code of processed) {
      await openFromInbox(page, code);
      await signOnSigningPage(page, link, button, status);
    }
    await signOut(page);
  }

  // 5. Returns. At the desk: the recipient is someone the applicant authorised.
  await signIn(page, "motcua.huyen");
  await openFromInbox(page, walkIn);
  await expect(page.getByTestId("return-panel")).toBeVisible();
  await page.getByLabel("Quan hệ với người nộp hồ sơ").selectOption("authorised");
  await page.getByLabel("Họ và tên người nhận").fill("Đỗ Thị Lan");
  await page.getByLabel("Số định danh cá nhân (CCCD) của người nhận").fill("12");
  await page.getByRole("button", { name: "Xác nhận trả kết quả tại Bộ phận Một cửa" }).click();
  await expect(page.getByRole("alert")).toContainText("Số định danh/CCCD của người nhận");
  await expect(page.getByLabel("Họ và tên người nhận")).toHaveValue("Đỗ Thị Lan");
  await page.getByLabel("Số định danh cá nhân (CCCD) của người nhận").fill("034190007777");
  await page.getByRole("button", { name: "Xác nhận trả kết quả tại Bộ phận Một cửa" }).click();
  await expect(page.getByTestId("status")).toHaveText("Đã trả kết quả");
  const handover = page.getByTestId("handover");
  await expect(handover).toContainText("Đỗ Thị Lan — CCCD 034190007777");
  await expect(handover).toContainText("Người được ủy quyền");
  const sheet = page.getByTestId("control-sheet");
  await expect(sheet).toContainText("Trần Thị Bình");
  await expect(sheet).toContainText("Người nhận kết quả — Đỗ Thị Lan (Người được ủy quyền)");
  await expectAccessible(page, "dossier page after the return at the desk");
  await shots(page, "desk-04-dossier-returned");
  await handover.getByRole("link", { name: "In bản giấy của kết quả" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bản in kết quả giải quyết");
  await expectImagesLoaded(page);
  await expectAccessible(page, "result print view");
  await shots(page, "desk-05-result-print");

  // Online: the e-result is published to the applicant.
  await openFromInbox(page, online);
  await page.getByRole("button", { name: "Công bố kết quả điện tử" }).click();
  await expect(page.getByTestId("status")).toHaveText("Đã trả kết quả");

  // By post: the delivery order is on the page; the desk cannot return it in the post's place.
  await openFromInbox(page, byPost);
  await expect(page.getByTestId("return-panel")).toContainText("đang được chuyển phát qua bưu chính");
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("postal-orders")).toContainText("Bưu chính đã nhận yêu cầu chuyển phát", { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  await advance(request, byPost, "delivery", "pickedUp");
  await advance(request, byPost, "delivery", "inTransit");
  await advance(request, byPost, "delivery", "delivered");
  await page.reload();
  await expect(page.getByTestId("status")).toHaveText("Đã trả kết quả");
  await expect(page.getByTestId("postal-orders")).toContainText("Đã phát kết quả thành công");
  await expect(page.getByTestId("postal-orders")).toContainText("số vận đơn");

  // The register: this period's walk-in dossiers, as a page, a spreadsheet and CSV.
  await page.goto("/can-bo");
  await page.getByRole("link", { name: /Sổ theo dõi hồ sơ \(Mẫu 07\)/ }).click();
  await page.getByLabel("Kênh nộp").selectOption("1");
  await page.getByRole("button", { name: "Xem" }).click();
  await expect(page.getByTestId("register-total")).toHaveText("2");
  await expect(page.getByRole("link", { name: walkIn })).toBeVisible();
  await expect(page.getByRole("link", { name: online })).toHaveCount(0);
  await expectAccessible(page, "register page");
  await shots(page, "desk-06-register");
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải bảng tính (XLSX)" }).click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile((await xlsx.path())!)) as never);
  const codes: string[] = [];
  workbook.worksheets[0].eachRow((row, n) => {
    if (n > 4) codes.push(String(row.getCell(2).value));
  });
  expect(codes.sort()).toEqual([walkIn, byPost].sort());
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Tải CSV" }).click()]);
  const text = await readFile((await csv.path())!, "utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text).toContain(walkIn);
  await signOut(page);

  // The citizen may now download the published e-result.
  await signIn(page, "congdan");
  await page.goto(`/ho-so/${online}`);
  await expect(page.getByTestId("result-download")).toBeVisible();
  await signOut(page);
});
