import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const [file, y, h, out] = process.argv.slice(2);
const b64 = readFileSync(file).toString("base64");
const page = await browser.newPage({ viewport: { width: 375, height: Number(h) } });
await page.setContent(`<body style="margin:0"><img src="data:image/png;base64,${b64}" style="display:block;margin-top:-${y}px"></body>`);
await page.screenshot({ path: out });
await browser.close();
