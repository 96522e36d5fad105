/**
 * The unit head's day (issue 10): her queues with counts, assigning a dossier to a specialist of her
 * unit and reassigning it, then, on review, sending a dossier back one step with a note that the
 * specialist sees in her "to process" queue. Two dossiers are submitted online by the citizen and
 * transferred by the desk to the unit (Phòng Tài chính - Kế hoạch) without naming a person.
 * Screenshots of the queues at 375 and 1280 px go to e2e/.artifacts/screenshots; axe on every page.
 */
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { act, expectAccessible, screenshotAtBothWidths, signIn, signOut, submitHouseholdBusinessOnline } from "./support";

const shots = path.resolve("e2e/.artifacts/screenshots");
const UNIT = "Phòng Tài chính - Kế hoạch huyện Đông Hưng";

async function openQueue(page: Page, label: string) {
  await page.goto("/can-bo");
  await page.getByRole("navigation", { name: "Hàng đợi hồ sơ" }).getByRole("link", { name: new RegExp(`^${label}`) }).click();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`^${label}`) })).toBeVisible();
}

const card = (page: Page, code: string) => page.locator(`li.queue-card[data-code="${code}"]`);

async function chooseOption(page: Page, label: string, text: string) {
  const select = page.getByLabel(label, { exact: true });
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  await select.selectOption(value!);
}

test("the unit head assigns, reassigns and sends back; the specialist sees the note in her queue", async ({ page, context }) => {
  // Citizen: two household-business dossiers online.
  await signIn(page, "congdan");
  const first = await submitHouseholdBusinessOnline(page);
  const second = await submitHouseholdBusinessOnline(page);
  await signOut(page);

  // Desk: both are new online dossiers; receive each and transfer it to the unit, nobody named.
  await signIn(page, "motcua.huyen");
  await page.goto("/can-bo");
  await expect(page.getByRole("link", { name: /^Hồ sơ mới trực tuyến/ })).toHaveAttribute("aria-current", "page");
  await expect(card(page, first)).toBeVisible();
  await screenshotAtBothWidths(page, "queue-desk");
  // The first is claimed right from the queue ("Nhận xử lý"), which opens it.
  await page.getByRole("button", { name: `Nhận xử lý hồ sơ ${first}` }).click();
  await expect(page.getByRole("status")).toContainText("Đã thực hiện: Nhận xử lý hồ sơ");
  await expect(page.getByTestId("code")).toHaveText(first);
  await page.goto("/can-bo?hang=tiep-nhan");
  await expect(card(page, first).getByTestId("queue-assignee")).toContainText("Trần Thị Bình");
  for (const code of [first, second]) {
    await page.goto(`/ho-so/${code}`);
    await act(page, "Tiếp nhận hồ sơ", "Được tiếp nhận");
    if (code === first) {
      await expectAccessible(page, "dossier page (desk, transfer to a unit)");
      await screenshotAtBothWidths(page, "dossier-desk-transfer");
    }
    await chooseOption(page, "Phòng xử lý", UNIT);
    await act(page, "Chuyển phòng chuyên môn", "Đang xử lý");
  }
  await signOut(page);

  // Unit head: her queues with counts; both dossiers wait to be assigned in her unit.
  await signIn(page, "truongphong.huyen");
  await page.goto("/can-bo");
  const tabs = page.getByRole("navigation", { name: "Hàng đợi hồ sơ" });
  for (const label of ["Chờ xem xét", "Chưa phân công", "Đang xử lý trong phòng", "Sắp đến hạn", "Quá hạn", "Đã xử lý"]) {
    await expect(tabs.getByRole("link", { name: new RegExp(`^${label} \\d+$`) })).toBeVisible();
  }
  const unassigned = Number(await page.getByTestId("count-chua-phan-cong").textContent());
  expect(unassigned).toBeGreaterThanOrEqual(2);
  await openQueue(page, "Chưa phân công");
  await expect(card(page, first)).toContainText("Chưa phân công");
  await expect(card(page, first)).toContainText(/Còn \d+|Quá hạn/);
  await expectAccessible(page, "unit head's queue");
  await screenshotAtBothWidths(page, "queue-unit-head");

  // Assign the first to Lê Văn Cường, then reassign it to Nguyễn Thị Yến.
  await card(page, first).getByRole("link", { name: first }).click();
  await expect(page.getByTestId("assignee")).toContainText("chưa có cán bộ nhận xử lý");
  await expectAccessible(page, "dossier page (unit head, assigning)");
  await chooseOption(page, "Cán bộ xử lý", "Lê Văn Cường");
  await page.getByRole("button", { name: "Phân công", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Đã thực hiện: Phân công xử lý");
  await expect(page.getByTestId("assignee")).toContainText("Đang giao cho: Lê Văn Cường");
  await chooseOption(page, "Cán bộ xử lý", "Nguyễn Thị Yến");
  await page.getByRole("button", { name: "Phân công lại" }).click();
  await expect(page.getByTestId("assignee")).toContainText("Đang giao cho: Nguyễn Thị Yến");
  await expect(page.getByText("Giao: Nguyễn Thị Yến")).toBeVisible();
  await page.goto("/can-bo");
  expect(Number(await page.getByTestId("count-chua-phan-cong").textContent())).toBe(unassigned - 1);
  await openQueue(page, "Đang xử lý trong phòng");
  await expect(card(page, first).getByTestId("queue-assignee")).toContainText("Nguyễn Thị Yến");
  await signOut(page);

  // The specialist it was reassigned to sees it, drafts the result and sends it on to review.
  await signIn(page, "chuyenvien2.huyen");
  await openQueue(page, "Chờ xử lý");
  await expect(card(page, first)).toBeVisible();
  await card(page, first).getByRole("link", { name: first }).click();
  await page.getByRole("textbox", { name: "Ý kiến thụ lý" }).fill("Hồ sơ hợp lệ, đề nghị cấp giấy chứng nhận.");
  await act(page, "Hoàn thành thụ lý, trình lãnh đạo", "Đang xử lý");
  await signOut(page);

  // Unit head on review: sends it back one step with a note.
  await signIn(page, "truongphong.huyen");
  await openQueue(page, "Chờ xem xét");
  await card(page, first).getByRole("link", { name: first }).click();
  await page.locator("summary", { hasText: "Trả lại bước trước" }).click();
  const note = "Đề nghị xác minh lại địa chỉ trụ sở hộ kinh doanh";
  await page.getByLabel("Lý do trả lại").fill(note);
  // Meanwhile the dossier changes under her (here: she claims it in another tab). Her send-back
  // then loses the race: a clear message, the dossier as it is now, and her note still in the form.
  const other = await context.newPage();
  await other.goto(`/ho-so/${first}`);
  await other.getByRole("button", { name: "Nhận xử lý" }).click();
  await expect(other.getByTestId("assignee")).toContainText("Đang giao cho: Phạm Thị Dung");
  await other.close();
  await page.getByRole("button", { name: "Trả lại bước trước" }).click();
  await expect(page.getByTestId("stale-notice")).toContainText("Hồ sơ vừa được người khác cập nhật");
  await expect(page.getByTestId("assignee")).toContainText("Đang giao cho: Phạm Thị Dung");
  await expect(page.getByLabel("Lý do trả lại")).toHaveValue(note);
  await expectAccessible(page, "dossier page after a lost race");
  await screenshotAtBothWidths(page, "dossier-stale-write");
  await page.getByRole("button", { name: "Trả lại bước trước" }).click();
  await expect(page.getByRole("status")).toContainText("Đã thực hiện: Trả lại bước trước");
  await expectAccessible(page, "dossier page (unit head, sent back)");
  await signOut(page);

  // The specialist finds it back in "to process", with the note, held by her again.
  await signIn(page, "chuyenvien2.huyen");
  await openQueue(page, "Chờ xử lý");
  await expect(card(page, first).getByTestId("came-back")).toHaveText(`Bị trả lại: ${note}`);
  await expect(card(page, first).getByTestId("queue-assignee")).toContainText("Nguyễn Thị Yến");
  await expectAccessible(page, "specialist's queue");
  await screenshotAtBothWidths(page, "queue-specialist");
  // Search without diacritics finds it by the applicant's name; a filter that excludes it hides it.
  await page.getByLabel("Tìm theo mã hồ sơ, tên người nộp, số CCCD hoặc số điện thoại").fill("nguyen van an");
  await page.getByRole("button", { name: "Tìm" }).click();
  await expect(card(page, first)).toBeVisible();
  await expectAccessible(page, "specialist's queue, searched");
  await screenshotAtBothWidths(page, "queue-specialist-searched");
  await signOut(page);

  // The leader from a phone: her queue as cards, and the dossier page usable at 375 px.
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page, "lanhdao.huyen");
  await page.goto("/can-bo");
  await expect(page.getByRole("link", { name: /^Chờ ký duyệt \d+$/ })).toBeVisible();
  await expectAccessible(page, "leader's queue (phone)");
  await page.screenshot({ path: path.join(shots, "queue-leader-375.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.goto(`/ho-so/${second}`);
  await expect(page.getByTestId("assignee")).toContainText("chưa có cán bộ nhận xử lý");
  await page.screenshot({ path: path.join(shots, "dossier-leader-assign-375.png"), fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await chooseOption(page, "Cán bộ xử lý", "Lê Văn Cường");
  await page.getByRole("button", { name: "Phân công", exact: true }).click();
  await expect(page.getByTestId("assignee")).toContainText("Đang giao cho: Lê Văn Cường");
  await expectAccessible(page, "dossier page (leader, phone)");
});
