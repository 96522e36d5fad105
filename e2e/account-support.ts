/**
 * Steps the account journeys share: reading the mails the portal wrote to its .eml sink, checking a
 * page for accessibility at a phone's and a desktop's width (with screenshots), and switching the
 * page language with the header's switch (a plain form).
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { simpleParser, type ParsedMail } from "mailparser";
import { expectAccessible } from "./support";

const mailDir = () => path.join(process.env.E2E_DATA_DIR ?? "data", "mail");

/** The newest mail to `address` whose subject matches, waiting for it to land. */
export async function mailTo(address: string, subject: RegExp): Promise<ParsedMail> {
  let found: ParsedMail | undefined;
  await expect
    .poll(
      async () => {
        const names = (await readdir(mailDir()).catch(() => [] as string[])).filter((f) => f.endsWith(".eml")).sort();
        const mails = await Promise.all(names.map(async (f) => simpleParser(await readFile(path.join(mailDir(), f)))));
        found = mails.filter((m) => JSON.stringify(m.to).includes(address) && subject.test(m.subject ?? "")).at(-1);
        return !!found;
      },
      { message: `a mail to ${address} (${subject})` },
    )
    .toBe(true);
  return found!;
}

/** The path of the portal link in a mail, e.g. /xac-minh/…, as a path for page.goto. */
export function linkIn(mail: ParsedMail, pathPrefix: string): string {
  const match = new RegExp(`https?://[^\\s]+(${pathPrefix}/[A-Za-z0-9_-]{43})`).exec(mail.text ?? "");
  if (!match) throw new Error(`no ${pathPrefix} link in the mail`);
  return match[1];
}

export function codeIn(mail: ParsedMail): string {
  const match = /(?:mã xác minh trên trang xác minh|verification page): (\d{6})/.exec(mail.text ?? "");
  if (!match) throw new Error("no code in the mail");
  return match[1];
}

/** axe at 375 px and 1280 px, with a full-page screenshot of each into e2e/.artifacts/screenshots/. */
export async function checkPage(page: Page, name: string) {
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await expectAccessible(page, `${name} at ${width}px`);
    await page.screenshot({ path: path.resolve("e2e/.artifacts/screenshots", `${name}-${width}.png`), fullPage: true });
  }
}

/** Switches the page language with the header's switch and waits for the page to come back in it. */
export async function switchLanguage(page: Page, to: "vi" | "en") {
  if ((await page.locator("html").getAttribute("lang")) === to) return;
  await page.getByTestId("language-switch").click();
  await expect(page.locator("html")).toHaveAttribute("lang", to);
}

/** The same page checked in Vietnamese and in English (it is left in Vietnamese). */
export async function checkPageInBothLanguages(page: Page, name: string) {
  await switchLanguage(page, "vi");
  await checkPage(page, `${name}-vi`);
  await switchLanguage(page, "en");
  await checkPage(page, `${name}-en`);
  await switchLanguage(page, "vi");
}
