/**
 * Issue 8, web safety: each probe of the table that the app answers below HTTP, replayed
 * against the real services on PGlite and PostgreSQL. The same request that once succeeded now fails
 * in the intended way. HTTP-level probes (headers, CSRF, redirects) are in e2e/security.spec.ts and,
 * for the middleware, in http.test.ts.
 */
import { statSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAdministrator } from "../../db/admin-create";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { dossiers, sessions, users } from "../../db/schema";
import { seedDatabase } from "../../db/seed";
import { actorOf, submitHouseholdBusiness } from "../test-support/fixtures";
import { databaseKind, startTestServices, type TestServices } from "../test-support/services";
import { currentUser, IDLE_TIMEOUT_MS, login, logout, SESSION_ABSOLUTE_MS } from "./auth.server";
import { readConfig, secretFromDataDir } from "./config.server";
import { readDisplayPreferences } from "./display.server";
import { readForm } from "./forms.server";
import { describeError, loggablePath, scrubText } from "./log.server";
import { lookupDossier } from "./public-lookup.server";
import { LIMITS, LOGIN_FREE_FAILURES, loginDelaySeconds } from "./rate-limits.server";
import { safeRedirect } from "./safe-redirect";
import { issuedDocumentsFor } from "./verification.server";

let services: TestServices;
beforeAll(async () => {
  services = await startTestServices();
});
afterAll(async () => services?.dispose());

const signIn = (username: string, password: string, clientIp = "192.0.2.10") =>
  login(services.database.db, services.rateLimits, { username, password, clientIp, secure: false });
const withCookie = (setCookie: string) => new Request("http://localhost/", { headers: { Cookie: setCookie.split(";")[0] } });

describe("production defaults: no public secret, demo only by choice", () => {
  it("generates the secret on first start with mode 0600 and keeps it", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "motcua-secret-"));
    try {
      const first = readConfig({ DATA_DIR: dir, NODE_ENV: "production" } as unknown as NodeJS.ProcessEnv).secret;
      expect(statSync(path.join(dir, "secret")).mode & 0o777).toBe(0o600);
      expect(Buffer.byteLength(first)).toBeGreaterThanOrEqual(32);
      expect(readConfig({ DATA_DIR: dir } as unknown as NodeJS.ProcessEnv).secret).toBe(first);
      expect(first).not.toBe("mot-cua-dev-secret-khong-dung-that");
      // Another data folder, another secret: none is built in.
      const other = await mkdtemp(path.join(os.tmpdir(), "motcua-secret-"));
      expect(secretFromDataDir(other)).not.toBe(first);
      await rm(other, { recursive: true, force: true });
      expect(() => readConfig({ DATA_DIR: dir, APP_SECRET: "short" } as unknown as NodeJS.ProcessEnv)).toThrow(/ít nhất 32/);
      expect((await readFile(path.join(dir, "secret"), "utf8")).trim()).toBe(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("seeds demo accounts for the embedded database or DEMO_DATA=1 only, and secure cookies follow an https BASE_URL", () => {
    const env = (e: Record<string, string>) => readConfig({ DATA_DIR: os.tmpdir(), APP_SECRET: "x".repeat(32), ...e } as unknown as NodeJS.ProcessEnv);
    expect(env({}).seedDemoData).toBe(true);
    expect(env({ DATABASE_URL: "postgres://db/motcua", NODE_ENV: "production" }).seedDemoData).toBe(false);
    expect(env({ DATABASE_URL: "postgres://db/motcua", DEMO_DATA: "1" }).seedDemoData).toBe(true);
    expect(env({ DEMO_DATA: "0" }).seedDemoData).toBe(false);
    expect(() => env({ DEMO_DATA: "yes" })).toThrow(/DEMO_DATA/);
    expect(env({ BASE_URL: "https://dichvucong.thaibinh.gov.vn" }).https).toBe(true);
    expect(env({ BASE_URL: "http://localhost:3000" }).https).toBe(false);
  });

  it(`without the demo, no account exists and admin:create makes the first administrator (${databaseKind})`, async () => {
    const bare = await startTestServices({ demo: false });
    try {
      const [{ n }] = await bare.database.db.select({ n: sql<number>`count(*)::int` }).from(users);
      expect(n).toBe(0);
      expect((await signIn("congdan", DEMO_PASSWORD)).ok).toBe(true); // the demo instance has it
      const refused = login(bare.database.db, bare.rateLimits, { username: "congdan", password: DEMO_PASSWORD, clientIp: "192.0.2.1", secure: true });
      expect(await refused).toMatchObject({ ok: false, status: 401 });
      await expect(createAdministrator(bare.database.db, { username: "quantri2", fullName: "Quản trị", password: "ngắn" })).rejects.toThrow(/12 ký tự/);
      const created = await createAdministrator(bare.database.db, { username: "quantri.tinh", fullName: "Nguyễn Quản Trị", password: "mat-khau-du-dai-2026" });
      expect(created.agencyName).toMatch(/UBND tỉnh/);
      const admin = await login(bare.database.db, bare.rateLimits, { username: "quantri.tinh", password: "mat-khau-du-dai-2026", clientIp: "192.0.2.1", secure: true });
      expect(admin).toMatchObject({ ok: true, user: { role: "admin" } });
      expect(admin.ok && admin.setCookie).toMatch(/; Secure/);
      await expect(createAdministrator(bare.database.db, { username: "quantri.tinh", fullName: "X Y", password: "mat-khau-du-dai-2026" })).rejects.toThrow(/đã có/);
      expect(await seedDatabase(bare.database.db, { demo: false })).toEqual({ seededDemo: false });
    } finally {
      await bare.dispose();
    }
  });
});

describe(`login: growing delays per account and per address (${databaseKind})`, () => {
  it("50 wrong passwords in a row, then the right one: refused with 429, not signed in", async () => {
    const account = "chuyenvien.so";
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await signIn(account, `sai-${i}`, `198.51.100.${i}`);
      statuses.push(r.ok ? 200 : r.status);
    }
    expect(statuses.slice(0, LOGIN_FREE_FAILURES)).toEqual(Array(LOGIN_FREE_FAILURES).fill(401));
    expect(statuses.slice(LOGIN_FREE_FAILURES)).toEqual(Array(50 - LOGIN_FREE_FAILURES).fill(429));
    const right = await signIn(account, DEMO_PASSWORD, "198.51.100.200");
    expect(right).toMatchObject({ ok: false, status: 429, headers: { "Retry-After": expect.stringMatching(/^\d+$/) } });
    expect(right.ok ? "" : right.error).toMatch(/thử lại sau \d+ phút/);
  });

  it("the delay doubles with the run of failures, capped at an hour", () => {
    expect([4, 5, 6, 7, 12, 40].map(loginDelaySeconds)).toEqual([0, 30, 60, 120, 3600, 3600]);
  });

  it("a correct password before the limit ends the run; one address trying many accounts is slowed too", async () => {
    for (let i = 0; i < LOGIN_FREE_FAILURES - 1; i++) expect((await signIn("tuphap.xa", "sai")).ok).toBe(false);
    expect((await signIn("tuphap.xa", DEMO_PASSWORD)).ok).toBe(true);
    for (let i = 0; i < LOGIN_FREE_FAILURES - 1; i++) expect((await signIn("tuphap.xa", "sai")).ok).toBe(false);
    expect((await signIn("tuphap.xa", DEMO_PASSWORD)).ok).toBe(true);

    const spraying = "203.0.113.77";
    const answers: number[] = [];
    for (let i = 0; i < 32; i++) {
      const r = await signIn(`khong-co-${i}`, "sai", spraying);
      answers.push(r.ok ? 200 : r.status);
    }
    expect(answers.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(answers.at(-1)).toBe(429);
    expect(await signIn("lanhdao.xa", DEMO_PASSWORD, spraying)).toMatchObject({ ok: false, status: 429 });
    expect((await signIn("lanhdao.xa", DEMO_PASSWORD, "203.0.113.78")).ok).toBe(true);
  });
});

describe(`the other public doors are limited per address (${databaseKind})`, () => {
  it("the public lookup allows its quota in a window, then 429, for that address only", async () => {
    const outcomes: string[] = [];
    for (let i = 0; i < LIMITS.publicLookup.points + 1; i++) {
      outcomes.push(await services.rateLimits.consume("publicLookup", "198.18.0.1").then(() => "ok", (e: Error) => e.name));
    }
    expect(outcomes.slice(0, LIMITS.publicLookup.points).every((o) => o === "ok")).toBe(true);
    expect(outcomes.at(-1)).toBe("RateLimited");
    await expect(services.rateLimits.consume("publicLookup", "198.18.0.2")).resolves.toBeUndefined();
    await expect(services.rateLimits.consume("verificationUpload", "198.18.0.1")).resolves.toBeUndefined();
    // Keyed by an HMAC: the table holds no address.
    const rows = await services.database.pool.query("select key from rate_limits");
    expect(rows.rows.map((r: { key: string }) => r.key).join(" ")).not.toContain("198.18.0.1");
  });
});

describe(`rate limits survive a reconnect (${databaseKind})`, () => {
  it("after the pool replaces its connection, the limiter still counts (no 'prepared statement already exists')", async () => {
    await services.rateLimits.consume("verificationUpload", "198.18.1.1");
    // Destroy the pooled connection: the next query opens another. On the embedded PGlite that new
    // connection is the same database session, where a named statement would already exist.
    const client = await services.database.pool.connect();
    client.release(true);
    await expect(services.rateLimits.consume("verificationUpload", "198.18.1.1")).resolves.toBeUndefined();
    await expect(services.rateLimits.beforeLogin("khongco", "198.18.1.1")).resolves.toBeUndefined();
  });
});

describe(`sessions (${databaseKind})`, () => {
  it("a malformed session or display cookie is no session and no preference, never an error", async () => {
    for (const header of ["motcua_session=%E0%A4%A", "motcua_session=abc; motcua_display=%E0%A4%A", "motcua_session=\"x", "=;;==", "motcua_display=large%2"]) {
      const request = new Request("http://localhost/", { headers: { Cookie: header } });
      expect(await currentUser(services.database.db, request)).toBeNull();
      expect(readDisplayPreferences(request)).toEqual({ largeText: false, highContrast: false });
    }
  });

  it("ends after 30 idle minutes for an officer and 12 hours in all; activity keeps it alive", async () => {
    const r = await signIn("motcua.so", DEMO_PASSWORD);
    if (!r.ok) throw new Error("login failed");
    expect(r.setCookie).toMatch(/Max-Age=43200/);
    expect(r.setCookie).toMatch(/HttpOnly/);
    expect(r.setCookie).toMatch(/SameSite=Lax/);
    const request = withCookie(r.setCookie);
    const t0 = Date.now();
    const at = (ms: number) => new Date(t0 + ms);
    expect(await currentUser(services.database.db, request, at(IDLE_TIMEOUT_MS.officer - 60_000))).not.toBeNull();
    // Seen 29 minutes in: the idle clock starts again from there.
    expect(await currentUser(services.database.db, request, at(2 * IDLE_TIMEOUT_MS.officer - 120_000))).not.toBeNull();
    expect(await currentUser(services.database.db, request, at(SESSION_ABSOLUTE_MS + 1000))).toBeNull();

    const idle = await signIn("motcua.so", DEMO_PASSWORD);
    if (!idle.ok) throw new Error("login failed");
    expect(await currentUser(services.database.db, withCookie(idle.setCookie), at(IDLE_TIMEOUT_MS.officer + 60_000))).toBeNull();
    // Revoked on the spot: coming back "in time" afterwards does not revive it.
    expect(await currentUser(services.database.db, withCookie(idle.setCookie), at(60_000))).toBeNull();
  });

  it("a citizen's idle limit is longer than an officer's", async () => {
    const r = await signIn("congdan", DEMO_PASSWORD);
    if (!r.ok) throw new Error("login failed");
    expect(await currentUser(services.database.db, withCookie(r.setCookie), new Date(Date.now() + IDLE_TIMEOUT_MS.officer + 60_000))).not.toBeNull();
  });

  it("sign out everywhere ends every session of the account, and only that account's", async () => {
    const a = await signIn("lanhdao.so", DEMO_PASSWORD);
    const b = await signIn("lanhdao.so", DEMO_PASSWORD);
    const other = await signIn("truongphong.so", DEMO_PASSWORD);
    if (!a.ok || !b.ok || !other.ok) throw new Error("login failed");
    expect(await currentUser(services.database.db, withCookie(b.setCookie))).not.toBeNull();
    const cleared = await logout(services.database.db, withCookie(a.setCookie), { secure: false, everywhere: true });
    expect(cleared).toMatch(/Max-Age=0/);
    expect(await currentUser(services.database.db, withCookie(a.setCookie))).toBeNull();
    expect(await currentUser(services.database.db, withCookie(b.setCookie))).toBeNull();
    expect(await currentUser(services.database.db, withCookie(other.setCookie))).not.toBeNull();
    const [{ n }] = await services.database.db.select({ n: sql<number>`count(*)::int` }).from(sessions).where(eq(sessions.userId, a.user.id));
    expect(n).toBeGreaterThanOrEqual(2); // revoked, not forgotten: the housekeeping job deletes them later
  });
});

describe("one safeRedirect for every target", () => {
  it.each([
    ["/\\evil.example", "/"],
    ["/\t/evil.example", "/"],
    ["//evil.example", "/"],
    ["\\\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/%0d%0aSet-Cookie:x", "/%0d%0aSet-Cookie:x"],
    ["/\r\nLocation: //evil", "/"],
    [" /ho-so", "/"],
    ["", "/"],
    ["/ho-so/000.00.15.H54-261123-0001?tab=1#lich-su", "/ho-so/000.00.15.H54-261123-0001?tab=1#lich-su"],
    ["/can-bo", "/can-bo"],
  ])("%j → %j", (target, expected) => {
    expect(safeRedirect(target, "/")).toBe(expected);
  });
});

describe(`public lookup and the QR page reveal nothing from a code alone (${databaseKind})`, () => {
  it("needs the applicant's ID number or phone; an unknown code, a wrong pair and junk all answer null", async () => {
    const citizen = await actorOf(services, "congdan");
    const { code } = await submitHouseholdBusiness(services, citizen);
    expect(await lookupDossier(services, code, "034090001234")).toMatchObject({ code });
    expect(await lookupDossier(services, code, "0912345678")).toMatchObject({ code });
    expect(await lookupDossier(services, code, "000000000000")).toBeNull();
    expect(await lookupDossier(services, code.replace(/\d{4}$/, "9999"), "034090001234")).toBeNull();
    expect(await lookupDossier(services, `${code}\u0000`, "034090001234")).toBeNull();
    expect(await lookupDossier(services, code, "")).toBeNull();
  });

  it("the QR page is found by the dossier's token, never by its code", async () => {
    const citizen = await actorOf(services, "congdan");
    const { dossierId, code } = await submitHouseholdBusiness(services, citizen);
    const [{ verificationToken }] = await services.database.db.select({ verificationToken: dossiers.verificationToken }).from(dossiers).where(eq(dossiers.id, dossierId));
    expect(verificationToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(await issuedDocumentsFor(services, code)).toBeNull();
    expect(await issuedDocumentsFor(services, "00000000-0000-4000-8000-000000000000")).toBeNull();
    expect(await issuedDocumentsFor(services, verificationToken)).toMatchObject({ code });
  });
});

describe(`logs carry no personal data (${databaseKind})`, () => {
  it("a failed query's parameters (ID number, phone, e-mail, address) never reach the log entry", async () => {
    let failure: unknown;
    try {
      await services.database.db.insert(users).values({
        username: "congdan", // taken: the insert fails with its parameters in the message
        passwordHash: "x",
        fullName: "Trần Thị Bình",
        email: "binh.tran@example.vn",
        phone: "0987654321",
        idNumber: "034190009999",
        address: "Số 5 ngõ 12 phố Lý Bôn",
      });
    } catch (error) {
      failure = error;
    }
    expect(String((failure as Error).message)).toContain("0987654321"); // the probe: drizzle puts them there
    const entry = JSON.stringify(describeError(failure));
    for (const personal of ["0987654321", "034190009999", "binh.tran@example.vn", "Lý Bôn", "Trần Thị Bình"]) expect(entry).not.toContain(personal);
    expect(entry).toContain("23505");
  });

  it("free text and logged addresses are scrubbed", () => {
    expect(scrubText("gọi 0912 345 678 hoặc +84912345678, thư a.b@example.vn, CCCD 034090001234")).toBe("gọi [số] hoặc [số], thư [email], CCCD [số]");
    expect(loggablePath("/tra-cuu?ma=000.00.15.H54-261123-0001&xac-minh=034090001234")).toBe("/tra-cuu?ma=…&xac-minh=…");
  });
});

describe("plain forms are read with limits and without control characters", () => {
  const post = (body: BodyInit, type: string, headers: Record<string, string> = {}) =>
    new Request("http://localhost/dang-nhap", { method: "POST", body, headers: { "Content-Type": type, ...headers } });
  const refusal = async (work: Promise<unknown>) => {
    try {
      await work;
      return null;
    } catch (thrown) {
      return thrown instanceof Response ? { status: thrown.status, text: await thrown.text() } : thrown;
    }
  };

  it("a NUL in a sign-in field is a 400 in Vietnamese, not a failed query (500)", async () => {
    expect(await refusal(readForm(post("username=a%00b&password=x", "application/x-www-form-urlencoded")))).toEqual({
      status: 400,
      text: "Dữ liệu gửi lên chứa ký tự không hợp lệ.",
    });
    const form = await readForm(post("username=nguy%E1%BB%85n&note=d%C3%B2ng+1%0D%0Ad%C3%B2ng+2", "application/x-www-form-urlencoded; charset=UTF-8"));
    expect(form.get("username")).toBe("nguyễn");
    expect(form.get("note")).toBe("dòng 1\r\ndòng 2");
  });

  it("a multipart or oversized body to a plain form is refused before it is held", async () => {
    const multipart = new FormData();
    multipart.append("username", "x");
    expect(await refusal(readForm(new Request("http://localhost/dang-nhap", { method: "POST", body: multipart })))).toMatchObject({ status: 415 });
    expect(await refusal(readForm(post("a=1", "application/x-www-form-urlencoded", { "Content-Length": String(10 * 1024 * 1024) })))).toMatchObject({ status: 413 });
    expect(await refusal(readForm(post(`a=${"x".repeat(70 * 1024)}`, "application/x-www-form-urlencoded")))).toMatchObject({ status: 413 });
  });
});

describe("configuration mistakes are named, not thrown as TypeErrors", () => {
  it("a BASE_URL that is not a full address is refused with a Vietnamese message", () => {
    for (const bad of ["/", "dichvucong.thaibinh.gov.vn", "ftp://x", "http://"]) {
      expect(() => readConfig({ DATA_DIR: os.tmpdir(), APP_SECRET: "x".repeat(32), BASE_URL: bad } as unknown as NodeJS.ProcessEnv)).toThrow(/BASE_URL phải là địa chỉ đầy đủ/);
    }
  });
});
