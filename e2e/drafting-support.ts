/**
 * Steps the drafting and bulk-signing journeys share: household-business dossiers brought to the
 * specialist through the UI, as a citizen and the desk would, and screenshots into
 * e2e/.artifacts/screenshots.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { act, fillHouseholdBusinessForm, signIn, signOut } from "./support";

export const screenshots = path.resolve("e2e/.artifacts/screenshots");

/** Full-page screenshots at 1280 and 375 px wide; the viewport is left at 375 when `keepNarrow`. */
export async function shoot(page: Page, name: string, options: { keepNarrow?: boolean } = {}) {
  await mkdir(screenshots, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(screenshots, `${name}-${width}.png`), fullPage: true });
  }
  if (!options.keepNarrow) await page.setViewportSize({ width: 1280, height: 900 });
}

/** The citizen submits `count` household-business dossiers online; their codes. */
export async function submitHouseholdBusinessDossiers(page: Page, count: number): Promise<string[]> {
  await signIn(page, "congdan");
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.goto("/thu-tuc/1.001612/nop-truc-tuyen");
    await fillHouseholdBusinessForm(page);
    // The wizard: the form, then the review page.
    await page.getByRole("button", { name: "Tiếp tục" }).click();
    await page.getByRole("button", { name: "Nộp hồ sơ" }).click();
    await expect(page.getByText("Nộp hồ sơ thành công")).toBeVisible();
    codes.push((await page.getByTestId("dossier-code").textContent())!.trim());
  }
  await signOut(page);
  return codes;
}

/** The district's desk receives each dossier and hands it to the specialist unit. */
export async function receiveAndTransfer(page: Page, codes: string[]) {
  await signIn(page, "motcua.huyen");
  for (const code of codes) {
    await page.goto(`/ho-so/${code}`);
    await act(page, "Tiếp nhận hồ sơ", "Được tiếp nhận");
    await act(page, "Chuyển phòng chuyên môn", "Đang xử lý");
  }
  await signOut(page);
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
