/**
 * The monitor's and the leader's dashboard (issue 12): the citizen submits a dossier online; the
 * province's monitor (giamsat) signs in and lands on /giam-sat, asks for the figures to be updated,
 * filters, drills down from a figure to the dossier, and downloads a table and the list as CSV and
 * XLSX; the district's leader sees only her agency, and an agency outside it is refused. The data
 * age is shown. Screenshots at 375 and 1280 px go to e2e/.artifacts/screenshots; axe on every page.
 * Only adds a dossier, which no other spec counts.
 */
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, screenshotAtBothWidths, signIn, signOut, submitHouseholdBusinessOnline } from "./support";

const DISTRICT = "UBND huyện Đông Hưng";

const figure = (page: Page, measure: string) => page.getByTestId(`figure-${measure}`);

test("the monitor's dashboard: figures, filters, drill-down and downloads; a leader sees only her agency", async ({ page }) => {
  await signIn(page, "congdan");
  const code = await submitHouseholdBusinessOnline(page);
  await signOut(page);

  // The monitor starts on the dashboard.
  await signIn(page, "giamsat");
  await expect(page).toHaveURL(/\/giam-sat$/);
  await expect(page.getByRole("heading", { level: 1, name: "Theo dõi, báo cáo tình hình giải quyết hồ sơ" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Theo dõi, báo cáo" })).toBeVisible();

  // The figures are rebuilt through the job queue; the dossier just submitted shows once it ran.
  await page.getByRole("button", { name: "Cập nhật số liệu ngay" }).click();
  await expect(page.getByRole("status")).toContainText("Đã yêu cầu cập nhật số liệu");
  await expect(async () => {
    await page.goto("/giam-sat?ky=month&kenh=2");
    await page.getByRole("link", { name: /Chờ tiếp nhận/ }).first().click();
    await expect(page.getByRole("link", { name: code })).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await expect(page.getByTestId("data-age")).toContainText(/Số liệu tính đến \d{2}:\d{2} \d{2}\/\d{2}\/\d{4}, cập nhật mỗi 10 phút/);

  // The filter form, without JavaScript in mind: a GET with the chosen values.
  await page.goto("/giam-sat");
  await page.getByLabel("Loại kỳ", { exact: true }).selectOption("year");
  await page.getByLabel("Cơ quan", { exact: true }).selectOption({ label: DISTRICT });
  await page.getByLabel("Kênh nộp", { exact: true }).selectOption("2");
  await page.getByRole("button", { name: "Xem số liệu" }).click();
  await expect(page).toHaveURL(/ky=year/);
  await expect(page).toHaveURL(/kenh=2/);
  await expect(page.getByTestId("period-label")).toContainText("Năm ");
  const entered = Number((await figure(page, "entered").locator(".figure-value").textContent())!.replace(/\D/g, ""));
  expect(entered).toBeGreaterThanOrEqual(1);
  await expect(page.getByRole("img", { name: /Xu hướng theo tháng/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /Tỷ lệ theo chỉ số/ })).toBeVisible();
  await expectAccessible(page, "dashboard");
  await screenshotAtBothWidths(page, "monitoring-dashboard");

  // A table as CSV and XLSX: the same rows as on the page.
  const byAgency = page.getByRole("region", { name: "Số liệu theo cơ quan" });
  await expect(byAgency.getByRole("rowheader", { name: DISTRICT })).toBeVisible();
  const [csv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV — Số liệu theo cơ quan" }).click()]);
  const csvText = await readFile((await csv.path())!, "utf8");
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  expect(csvText).toContain(DISTRICT);
  const [xlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "XLSX — Số liệu theo cơ quan" }).click()]);
  expect(xlsx.suggestedFilename()).toMatch(/^theo-co-quan-\d{4}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Uint8Array.from(await readFile((await xlsx.path())!)).buffer);
  const names: string[] = [];
  workbook.worksheets[0].eachRow((row) => names.push(String(row.getCell(1).value)));
  expect(names).toContain(DISTRICT);

  // Drill down from the figure: the count is the figure, the dossier links to its page.
  await figure(page, "entered").click();
  await expect(page).toHaveURL(/\/giam-sat\/ho-so\?.*do-do=entered/);
  await expect(page.getByRole("heading", { level: 1, name: "Hồ sơ: Tổng số hồ sơ" })).toBeVisible();
  await expect(page.getByTestId("drilldown-count")).toHaveText(`${entered.toLocaleString("vi-VN")} hồ sơ`);
  await expect(page.getByTestId("drilldown-filters")).toHaveText(`Cơ quan: ${DISTRICT} · Kênh nộp: Trực tuyến`);
  await expectAccessible(page, "drill-down");
  await screenshotAtBothWidths(page, "monitoring-drilldown");
  const [listCsv] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^CSV — Hồ sơ: Tổng số hồ sơ/ }).click()]);
  const listText = await readFile((await listCsv.path())!, "utf8");
  expect(listText).toContain(code);
  expect(listText.trim().split("\r\n").length).toBe(entered + 1);
  const [listXlsx] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^XLSX — Hồ sơ: Tổng số hồ sơ/ }).click()]);
  expect(listXlsx.suggestedFilename()).toMatch(/^ho-so-entered-\d{4}\.xlsx$/);
  await page.getByRole("link", { name: code }).click();
  await expect(page).toHaveURL(new RegExp(`/ho-so/${code}`));

  // A bad figure is a 400 with its reason.
  const bad = await page.goto("/giam-sat/ho-so?do-do=khong-co");
  expect(bad?.status()).toBe(400);
  await expect(page.getByRole("alert")).toHaveText("Số liệu cần xem không hợp lệ.");
  await signOut(page);

  // The district's leader keeps her queues as home, reaches the dashboard from the header, sees her agency only.
  await signIn(page, "lanhdao.huyen");
  await expect(page).toHaveURL(/\/can-bo/);
  await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Theo dõi, báo cáo" }).click();
  await expect(page).toHaveURL(/\/giam-sat$/);
  await expect(page.getByText(`Phạm vi: ${DISTRICT}`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Cập nhật số liệu ngay" })).toHaveCount(0);
  const options = await page.getByLabel("Cơ quan", { exact: true }).locator("option").allTextContents();
  expect(options).toEqual(["Tất cả", DISTRICT]);
  await expectAccessible(page, "leader dashboard");
  await screenshotAtBothWidths(page, "monitoring-leader");
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { level: 1, name: "Monitoring the handling of dossiers" })).toBeVisible();
  await expectAccessible(page, "leader dashboard in English");
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { level: 1, name: "Theo dõi, báo cáo tình hình giải quyết hồ sơ" })).toBeVisible();
  const justice = await page.goto("/giam-sat?co-quan=999999");
  expect(justice?.status()).toBe(403);
  await expect(page.getByRole("alert")).toHaveText("Cơ quan này nằm ngoài phạm vi bạn được xem.");
  await signOut(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the filter form, the drill-down and the English page work as plain HTML", async ({ page }) => {
    await signIn(page, "giamsat");
    await expect(page).toHaveURL(/\/giam-sat$/);
    await page.getByLabel("Loại kỳ", { exact: true }).selectOption("quarter");
    await page.getByLabel("Kênh nộp", { exact: true }).selectOption("1");
    await page.getByRole("button", { name: "Xem số liệu" }).click();
    // The form sends the month it showed; the page reads it as the quarter that contains it.
    await expect(page).toHaveURL(/ky=quarter&gia-tri=\d{4}-\d{2}&.*kenh=1/);
    await expect(page.getByTestId("period-label")).toContainText(/Quý (I|II|III|IV)\/\d{4}/);
    await figure(page, "received").click();
    await expect(page.getByRole("heading", { level: 1, name: "Hồ sơ: Đã tiếp nhận" })).toBeVisible();
    await expect(page.getByTestId("drilldown-filters")).toHaveText("Kênh nộp: Trực tiếp");
    await page.getByRole("link", { name: "← Về trang theo dõi" }).click();
    await page.getByRole("button", { name: "Switch to English" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Monitoring the handling of dossiers" })).toBeVisible();
    // The section's heading is there whether or not the period has rows (its table, when it has, is a region named by it).
    await expect(page.getByRole("heading", { level: 2, name: "Figures by agency" })).toBeVisible();
    await page.getByTestId("language-switch").click();
    await expect(page.getByRole("heading", { level: 1, name: "Theo dõi, báo cáo tình hình giải quyết hồ sơ" })).toBeVisible();
    await signOut(page);
  });
});
