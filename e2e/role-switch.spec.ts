/**
 * A person holding two roles (kiêm nhiệm) chooses the active one in the header; the choice lives in
 * the server-side session and decides what the dossier pages offer (issue 8, point 2).
 */
import { expect, test } from "@playwright/test";
import { expectAccessible, signIn, signOut } from "./support";

test("a desk officer who is also a specialist switches role in the header", async ({ page }) => {
  await signIn(page, "kiemnhiem.huyen");
  // No choice made yet: the deterministic default, the desk role, comes first.
  await expect(page.getByTestId("active-role")).toHaveText("(Cán bộ Bộ phận Một cửa)");
  await expect(page.getByLabel("Vai trò")).toBeVisible();
  await expectAccessible(page, "header with role switcher");

  await page.getByLabel("Vai trò").selectOption({ label: "Chuyên viên thụ lý — UBND huyện Đông Hưng" });
  await page.getByRole("button", { name: "Đổi vai trò" }).click();
  await expect(page.getByTestId("active-role")).toHaveText("(Chuyên viên thụ lý)");
  await expect(page).toHaveURL(/\/can-bo$/);
  await expect(page.getByText(/^Chuyên viên thụ lý: \d+ hồ sơ/)).toBeVisible();

  // The choice is the session's: a reload keeps it.
  await page.reload();
  await expect(page.getByTestId("active-role")).toHaveText("(Chuyên viên thụ lý)");
  await signOut(page);

  // A new session starts again from the default.
  await signIn(page, "kiemnhiem.huyen");
  await expect(page.getByTestId("active-role")).toHaveText("(Cán bộ Bộ phận Một cửa)");
});

test("a user with one role sees no switcher", async ({ page }) => {
  await signIn(page, "motcua.huyen");
  await expect(page.getByTestId("active-role")).toHaveText("(Cán bộ Bộ phận Một cửa)");
  await expect(page.getByLabel("Vai trò")).toHaveCount(0);
});
