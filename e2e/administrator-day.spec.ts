/**
 * The administrator's day (issue 10): she lands on the administration home, creates a specialist of
 * UBND huyện Đông Hưng in Phòng Tài chính - Kế hoạch who then signs in, adds a step to the step list
 * of 1.001612, looks at the statechart of the new version, publishes it as version 2, and finds both
 * changes in the audit log. Every admin page is checked with axe and photographed at 375 and 1280 px.
 */
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, samplePdf, signIn, signOut } from "./support";

const SHOTS = path.resolve("e2e/.artifacts/screenshots");

async function shoot(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    // Nothing wider than the phone's screen: wide tables scroll inside their own frame.
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${width} px`).toBeLessThanOrEqual(width);
    await page.screenshot({ path: path.join(SHOTS, `admin-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("administrator: creates a user who signs in, publishes a new step list, and sees both in the audit log", async ({ page }) => {
  const username = `chuyenvien.e2e${Date.now().toString(36)}`;
  const password = "Mat-khau-ban-dau-2026";

  await signIn(page, "quantri");
  await expect(page).toHaveURL(/\/quan-tri$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quản trị hệ thống");
  await expectAccessible(page, "admin home");
  await shoot(page, "home");

  // The agency tree, with the district and its unit.
  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Cơ quan, đơn vị" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cơ quan, đơn vị");
  await expect(page.getByRole("link", { name: "Phòng Tài chính - Kế hoạch huyện Đông Hưng" })).toBeVisible();
  await expectAccessible(page, "agency tree");
  await shoot(page, "agencies");
  await page.getByRole("link", { name: "UBND huyện Đông Hưng", exact: true }).click();
  await expect(page.getByLabel("Thứ Hai")).toHaveValue("07:00-11:30, 13:30-17:00");
  await expectAccessible(page, "agency page");
  await shoot(page, "agency");

  // A new user: a bad password first (kept values, a Vietnamese message), then a good one.
  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Người dùng" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Người dùng");
  await page.getByLabel(/^Tên đăng nhập/).fill(username);
  await page.getByLabel(/^Họ và tên/).fill("Vũ Thị Lan");
  await page.getByLabel("Chức danh", { exact: true }).fill("Chuyên viên Phòng Tài chính - Kế hoạch");
  await page.getByLabel("Thư điện tử", { exact: true }).fill("lan.vt@example.vn");
  await page.getByRole("radio", { name: "Tự nhập" }).check();
  await page.getByLabel(/^Mật khẩu \(ít nhất 12/).fill("ngan");
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("alert")).toHaveText("Mật khẩu phải có ít nhất 12 ký tự.");
  await expect(page.getByLabel(/^Họ và tên/)).toHaveValue("Vũ Thị Lan");
  await expectAccessible(page, "user list with an error");
  await page.getByRole("radio", { name: "Tự nhập" }).check();
  await page.getByLabel(/^Mật khẩu \(ít nhất 12/).fill(password);
  await page.getByRole("button", { name: "Tạo tài khoản" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Tài khoản ${username}`);

  await page.getByLabel("Vai trò", { exact: true }).selectOption({ label: "Chuyên viên thụ lý" });
  await page.getByLabel("Tại cơ quan").selectOption({ label: "UBND huyện Đông Hưng" });
  await page.getByRole("button", { name: "Thêm vai trò" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã thêm vai trò.");
  await page.getByLabel("Phòng, đơn vị công tác").selectOption({ label: "Phòng Tài chính - Kế hoạch huyện Đông Hưng" });
  await page.getByRole("button", { name: "Lưu phòng" }).click();
  await expect(page.getByRole("status")).toHaveText("Đã lưu phòng, đơn vị.");
  await expect(page.getByText("Chuyên viên thụ lý — UBND huyện Đông Hưng")).toBeVisible();
  await expectAccessible(page, "user page");
  await shoot(page, "user");

  // A form posted from another site is refused, whoever's cookie it carries.
  const forged = await page.request.post("/quan-tri/nguoi-dung", {
    headers: { Origin: "https://evil.example" },
    form: { username: "ke.gia.mao", fullName: "Kẻ Giả Mạo", passwordMode: "generate" },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(403);

  // The step list of 1.001612: a field check before the unit head's review.
  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Thủ tục, quy trình" }).click();
  await page.getByRole("link", { name: "Quy trình của thủ tục 1.001612" }).click();
  await expect(page.getByTestId("current-version")).toHaveText("1");
  const spare = page.getByRole("group", { name: "Thêm bước mới" });
  await spare.getByLabel("Mã bước").fill("verification");
  await spare.getByLabel("Tên bước").fill("Kiểm tra thực địa địa điểm kinh doanh");
  await spare.getByLabel("Thời gian", { exact: true }).fill("4");
  await spare.getByLabel("Đơn vị thời gian").selectOption("workingHour");
  await spare.getByLabel("Vị trí").selectOption({ label: "Trước bước “Lãnh đạo phòng xem xét”" });
  await page.getByRole("button", { name: "Xem trước sơ đồ" }).click();
  const diagram = page.getByTestId("diagram");
  await expect(page.getByRole("heading", { name: "Sơ đồ trạng thái của phiên bản 2 (xem trước)" })).toBeVisible();
  await expect(diagram.getByText(/^Kiểm tra thực địa địa điểm kinh doanh · 4/)).toBeVisible();
  await expect(page.getByRole("group", { name: "Bước 2" }).getByLabel("Mã bước")).toHaveValue("verification");
  await expectAccessible(page, "step list preview");
  await shoot(page, "steps-preview");
  await page.getByRole("button", { name: "Xuất bản phiên bản 2" }).click();
  await expect(page.getByRole("status")).toContainText("Đã xuất bản quy trình phiên bản 2");
  await expect(page.getByTestId("current-version")).toHaveText("2");

  // Mail templates: the built-in wording, a preview.
  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Mẫu thư điện tử" }).click();
  await expect(page.getByLabel("Tiêu đề")).toHaveValue("Hồ sơ đã được nộp trực tuyến");
  await page.getByLabel(/^Nội dung/).fill("Kính gửi {{applicantName}}: hồ sơ {{code}} ({{procedure}}) đã được gửi.");
  await page.getByRole("button", { name: "Xem trước" }).click();
  await expect(page.getByTestId("mail-preview")).toContainText("Kính gửi Nguyễn Văn An: hồ sơ 000.00.15.H54-260105-0001 (Đăng ký thành lập hộ kinh doanh) đã được gửi.");
  await expectAccessible(page, "mail templates");
  await shoot(page, "mail");

  // The procedure's facts page.
  await page.goto("/quan-tri/thu-tuc/1.001612");
  await expect(page.getByLabel("Tên thủ tục")).toHaveValue("Đăng ký thành lập hộ kinh doanh");
  await expectAccessible(page, "procedure page");
  await shoot(page, "procedure");
  // A form template, uploaded under the upload rules, downloadable from the public procedure page.
  await page.getByLabel("Tệp mẫu cho Giấy đề nghị đăng ký hộ kinh doanh").setInputFiles(samplePdf("mau-giay-de-nghi.pdf"));
  await page.getByRole("button", { name: "Tải lên mẫu cho Giấy đề nghị đăng ký hộ kinh doanh" }).click();
  await expect(page.getByRole("status")).toContainText('Đã tải lên mẫu "mau-giay-de-nghi.pdf"');
  await page.goto("/thu-tuc/1.001612");
  const templateLink = page.getByRole("link", { name: "Tải mẫu Giấy đề nghị đăng ký hộ kinh doanh" });
  const download = await page.request.get((await templateLink.getAttribute("href"))!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("application/pdf");
  expect((await download.body()).subarray(0, 5).toString()).toBe("%PDF-");

  // Both changes in the audit log, with before and after.
  await page.getByRole("link", { name: "Quản trị", exact: true }).click();
  await page.getByRole("navigation", { name: "Quản trị hệ thống" }).getByRole("link", { name: "Nhật ký quản trị" }).click();
  await expect(page.getByRole("heading", { name: "Quy trình xử lý: 1.001612 — Xuất bản quy trình" })).toBeVisible();
  await expect(page.getByRole("heading", { name: `Người dùng: ${username} — Tạo mới` })).toBeVisible();
  await page.getByLabel("Đối tượng").selectOption({ label: "Quy trình xử lý" });
  await page.getByRole("button", { name: "Lọc" }).click();
  await expect(page.getByTestId("audit-entry")).toHaveCount(1);
  await expect(page.getByTestId("audit-entry").getByRole("cell", { name: /Kiểm tra thực địa/ })).toBeVisible();
  await expectAccessible(page, "audit log");
  await shoot(page, "audit");

  // The new specialist signs in and lands on her work.
  await signOut(page);
  await page.goto("/dang-nhap");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByRole("button", { name: "Đăng xuất" })).toBeVisible();
  await expect(page.getByTestId("active-role")).toHaveText("(Chuyên viên thụ lý)");
  await expect(page).toHaveURL(/\/can-bo/);

  // The field check goes again in version 3: the step list is the one the other journeys expect
  // (they run on this server after this spec), and a removed step is published like an added one.
  await signOut(page);
  await signIn(page, "quantri");
  await page.goto("/quan-tri/thu-tuc/1.001612/quy-trinh");
  await expect(page.getByTestId("current-version")).toHaveText("2");
  await page.getByRole("group", { name: "Bước 2" }).getByLabel("Bỏ bước này").check();
  await page.getByRole("button", { name: "Xem trước sơ đồ" }).click();
  await expect(page.getByRole("heading", { name: "Sơ đồ trạng thái của phiên bản 3 (xem trước)" })).toBeVisible();
  await expect(page.getByTestId("diagram").getByText(/^Kiểm tra thực địa địa điểm kinh doanh/)).toHaveCount(0);
  await page.getByRole("button", { name: "Xuất bản phiên bản 3" }).click();
  await expect(page.getByRole("status")).toContainText("Đã xuất bản quy trình phiên bản 3");
  await expect(page.getByTestId("current-version")).toHaveText("3");
});
