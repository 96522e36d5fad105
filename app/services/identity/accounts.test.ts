import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { oneTimeTokens, users } from "../../../db/schema";
import { startSmtpSink, type SmtpSink } from "../../test-support/smtp";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { currentUser, login } from "../auth.server";
import { createMailer } from "../mail.server";
import { checkRegistration, passwordProblem, register, requestPasswordReset, resetPassword, updateProfile, verifyByCode, verifyByLink, type RegistrationInput } from "./accounts.server";
import { readSmsSink } from "./sms.server";
import { consumeCode, consumeLinkToken, issueToken, MAX_CODE_ATTEMPTS } from "./tokens.server";
import { listSessions, revokeOtherSessions, revokeSession } from "./sessions.server";

let smtp: SmtpSink;
let services: TestServices;
// A fixed instant: nothing here depends on the day the suite runs.
const T0 = new Date("2031-03-04T02:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

beforeAll(async () => {
  smtp = await startSmtpSink();
  services = await startTestServices({ demo: false, mailer: createMailer({ smtpUrl: smtp.url, from: "test@example.vn", outboxDir: "" }) });
}, 60_000);
afterAll(async () => {
  await services?.dispose();
  await smtp?.stop();
});
beforeEach(() => {
  smtp.received.length = 0;
});

const input = (contact: string, extra: Partial<RegistrationInput> = {}): RegistrationInput => ({
  contact,
  password: "mot-cau-mat-khau-dai",
  fullName: "Trần Văn Bảy",
  accountType: "person",
  language: "vi",
  ...extra,
});
const checked = (i: RegistrationInput) => {
  const r = checkRegistration(i);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
};
const mailTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
const linkIn = (text: string, path: string) => new RegExp(`${path}/([A-Za-z0-9_-]{43})`).exec(text)?.[1] ?? null;
const asRequest = (setCookie: string) => new Request("http://localhost:3000/", { headers: { Cookie: setCookie.split(";")[0], "User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/120.0" } });

describe(`one-time tokens (${databaseKind})`, () => {
  async function someUser(name: string) {
    const [u] = await services.database.db.insert(users).values({ username: name, passwordHash: "x", fullName: name, origin: "self" }).returning();
    return u.id;
  }

  it("keeps only hashes, works once, and expires", async () => {
    const userId = await someUser("tokens-1");
    const issued = await issueToken(services.database.db, { userId, purpose: "resetPassword", target: "a@example.vn", secret: services.config.secret, now: T0 });
    const [row] = await services.database.db.select().from(oneTimeTokens).where(eq(oneTimeTokens.userId, userId));
    expect(JSON.stringify(row)).not.toContain(issued.link);
    expect(await consumeLinkToken(services.database.db, issued.link, ["verifyEmail"], at(1))).toBeNull();
    expect(await consumeLinkToken(services.database.db, issued.link, ["resetPassword"], at(61))).toBeNull();
    expect(await consumeLinkToken(services.database.db, issued.link, ["resetPassword"], at(59))).toMatchObject({ userId });
    expect(await consumeLinkToken(services.database.db, issued.link, ["resetPassword"], at(59))).toBeNull();
  });

  it("counts wrong codes and spends the verification after the last allowed try, even for the right code", async () => {
    const userId = await someUser("tokens-2");
    const issued = await issueToken(services.database.db, { userId, purpose: "verifyPhone", target: "0912000111", secret: services.config.secret, now: T0 });
    const wrong = issued.code === "000000" ? "111111" : "000000";
    for (let i = 1; i < MAX_CODE_ATTEMPTS; i++) {
      expect(await consumeCode(services.database.db, { handle: issued.handle!, code: wrong, secret: services.config.secret, now: at(1) })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await consumeCode(services.database.db, { handle: issued.handle!, code: wrong, secret: services.config.secret, now: at(1) })).toEqual({ ok: false, reason: "spent" });
    expect(await consumeCode(services.database.db, { handle: issued.handle!, code: issued.code!, secret: services.config.secret, now: at(1) })).toEqual({ ok: false, reason: "spent" });
  });

  it("accepts the right code once, within its lifetime; a newer code ends the older one", async () => {
    const userId = await someUser("tokens-3");
    const old = await issueToken(services.database.db, { userId, purpose: "verifyPhone", target: "0912000222", secret: services.config.secret, now: T0 });
    const issued = await issueToken(services.database.db, { userId, purpose: "verifyPhone", target: "0912000222", secret: services.config.secret, now: at(1) });
    expect(await consumeCode(services.database.db, { handle: old.handle!, code: old.code!, secret: services.config.secret, now: at(2) })).toEqual({ ok: false, reason: "invalid" });
    expect(await consumeCode(services.database.db, { handle: issued.handle!, code: issued.code!, secret: services.config.secret, now: at(17) })).toEqual({ ok: false, reason: "invalid" });
    const fresh = await issueToken(services.database.db, { userId, purpose: "verifyPhone", target: "0912000222", secret: services.config.secret, now: at(20) });
    expect(await consumeCode(services.database.db, { handle: fresh.handle!, code: fresh.code!, secret: services.config.secret, now: at(21) })).toMatchObject({ ok: true });
    expect(await consumeCode(services.database.db, { handle: fresh.handle!, code: fresh.code!, secret: services.config.secret, now: at(21) })).toEqual({ ok: false, reason: "invalid" });
  });
});

describe(`registration, verification and reset (${databaseKind})`, () => {
  it("checks the password rule, the contact and an organisation's tax code", () => {
    expect(passwordProblem("ngan")).toBe("passwordTooShort");
    expect(passwordProblem("1234567890")).toBe("passwordCommon");
    expect(passwordProblem("bay.tran-2031!", ["bay.tran@example.vn"])).toBe("passwordContainsContact");
    expect(checkRegistration(input("khong-phai-dia-chi", { accountType: "organisation", taxCode: "12345" }))).toEqual({
      ok: false,
      errors: { contact: "contactInvalid", organisationName: "organisationNameRequired", taxCode: "taxCodeInvalid" },
    });
    const org = checked(input("doanhnghiep@example.vn", { accountType: "organisation", organisationName: "Công ty TNHH Lúa Vàng", taxCode: "1000123456-001" }));
    expect(org).toMatchObject({ taxCode: "1000123456001", organisationName: "Công ty TNHH Lúa Vàng" });
    expect(checked(input("+84 912 345 670")).contact).toEqual({ kind: "phone", value: "0912345670" });
  });

  it("registers by e-mail, verifies by the link, and signs in unverified-then-verified", async () => {
    const { handle } = await register(services, checked(input("bay.tran@example.vn")), T0);
    expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [mail] = mailTo("bay.tran@example.vn");
    expect(mail.parsed.subject).toContain("Xác minh");
    const link = linkIn(mail.parsed.text!, "/xac-minh");
    const signedIn = await login(services.database.db, services.rateLimits, { username: "bay.tran@example.vn", password: "mot-cau-mat-khau-dai", clientIp: "198.51.100.1", secure: false });
    expect(signedIn.ok && signedIn.user.needsVerification).toBe(true);
    expect(await verifyByLink(services, link!, at(5))).toEqual({ ok: true });
    expect(await verifyByLink(services, link!, at(6))).toEqual({ ok: false, error: "verificationInvalid" });
    const again = await login(services.database.db, services.rateLimits, { username: "BAY.TRAN@example.vn", password: "mot-cau-mat-khau-dai", clientIp: "198.51.100.1", secure: false });
    expect(again.ok && again.user).toMatchObject({ emailVerified: true, needsVerification: false, role: "citizen" });
  });

  it("registers by phone with the code from the SMS sink, in English when asked", async () => {
    const { handle } = await register(services, checked(input("0988 111 222", { language: "en" })), T0);
    const sms = (await readSmsSink(services.config.dataDir)).filter((m) => m.to === "0988111222").at(-1)!;
    expect(sms.text).toContain("verification code");
    const code = /(\d{6})/.exec(sms.text)![1];
    expect(await verifyByCode(services, { handle, code, clientIp: "198.51.100.2" }, at(3))).toEqual({ ok: true });
    const signedIn = await login(services.database.db, services.rateLimits, { username: "+84988111222", password: "mot-cau-mat-khau-dai", clientIp: "198.51.100.2", secure: false });
    expect(signedIn.ok && signedIn.user).toMatchObject({ phoneVerified: true, preferredLanguage: "en" });
  });

  it("answers a taken address exactly like a free one, and tells the owner instead", async () => {
    await register(services, checked(input("nam.le@example.vn")), T0);
    const before = await services.database.db.select().from(users);
    smtp.received.length = 0;
    const second = await register(services, checked(input("Nam.Le@example.vn", { fullName: "Kẻ khác", password: "mat-khau-khac-hoan-toan" })), at(1));
    expect(second.handle).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await services.database.db.select().from(users)).toHaveLength(before.length);
    const [mail] = mailTo("nam.le@example.vn");
    expect(mail.parsed.subject).toContain("Có người đăng ký");
    expect(mail.parsed.text).not.toMatch(/\d{6}/);
    // The decoy handle verifies nothing: the same "wrong or expired" as a bad code.
    expect(await verifyByCode(services, { handle: second.handle, code: "123456", clientIp: "198.51.100.3" }, at(2))).toEqual({ ok: false, error: "verificationInvalid" });
  });

  it("resets a password by a single-use link, the same answer for an unknown address, and ends every session", async () => {
    await register(services, checked(input("chin.vo@example.vn")), T0);
    const first = await login(services.database.db, services.rateLimits, { username: "chin.vo@example.vn", password: "mot-cau-mat-khau-dai", clientIp: "198.51.100.4", secure: false });
    if (!first.ok) throw new Error("sign-in failed");
    smtp.received.length = 0;
    await requestPasswordReset(services, { email: "khong-ai@example.vn" }, at(1));
    expect(smtp.received).toHaveLength(0);
    await requestPasswordReset(services, { email: "chin.vo@example.vn" }, at(1));
    const token = linkIn(mailTo("chin.vo@example.vn")[0].parsed.text!, "/dat-lai-mat-khau");
    expect(await resetPassword(services, { token: token!, password: "ngan" }, at(2))).toEqual({ ok: false, error: "passwordTooShort", field: "password" });
    expect(await resetPassword(services, { token: token!, password: "mat-khau-moi-that-dai" }, at(2))).toEqual({ ok: true });
    expect(await resetPassword(services, { token: token!, password: "mat-khau-moi-lan-nua" }, at(3))).toEqual({ ok: false, error: "resetInvalid" });
    expect(await currentUser(services.database.db, asRequest(first.setCookie))).toBeNull();
    const after = await login(services.database.db, services.rateLimits, { username: "chin.vo@example.vn", password: "mat-khau-moi-that-dai", clientIp: "198.51.100.4", secure: false });
    // Opening the link proved the mailbox: the address is verified.
    expect(after.ok && after.user.emailVerified).toBe(true);
  });
});

describe(`profile (${databaseKind})`, () => {
  it("keeps a changed e-mail unverified until the code sent to the new address is typed", async () => {
    const { handle } = await register(services, checked(input("mot.hai@example.vn")), T0);
    const code = /: (\d{6})/.exec(mailTo("mot.hai@example.vn")[0].parsed.text!)![1];
    expect(await verifyByCode(services, { handle, code, clientIp: "198.51.100.6" }, at(1))).toEqual({ ok: true });
    const signedIn = await login(services.database.db, services.rateLimits, { username: "mot.hai@example.vn", password: "mot-cau-mat-khau-dai", clientIp: "198.51.100.6", secure: false });
    if (!signedIn.ok) throw new Error("sign-in failed");
    const bad = await updateProfile(services, signedIn.user, { fullName: "", dateOfBirth: "2031-13-01", idNumber: "12", phone: "123", email: "x", address: "", preferredLanguage: "vi" }, at(2));
    expect(bad).toEqual({ ok: false, errors: { fullName: "fullNameRequired", dateOfBirth: "dateOfBirthInvalid", idNumber: "idNumberInvalid", phone: "phoneInvalid", email: "emailInvalid" } });
    smtp.received.length = 0;
    const saved = await updateProfile(
      services,
      signedIn.user,
      { fullName: "Một Hai", dateOfBirth: "1991-07-15", idNumber: "034191001122", phone: "", email: "moi.hai@example.vn", address: "Thái Bình", preferredLanguage: "en" },
      at(3),
    );
    expect(saved).toMatchObject({ ok: true, sentTo: "email" });
    const user = await currentUser(services.database.db, asRequest(signedIn.setCookie));
    expect(user).toMatchObject({ email: "moi.hai@example.vn", emailVerified: false, needsVerification: true, dateOfBirth: "1991-07-15", idNumber: "034191001122", preferredLanguage: "en" });
    const mail = mailTo("moi.hai@example.vn")[0];
    expect(mail.parsed.subject).toContain("Confirm your e-mail address");
    const newCode = /: (\d{6})/.exec(mail.parsed.text!)![1];
    expect(await verifyByCode(services, { handle: saved.ok ? saved.verifyHandle! : "", code: newCode, clientIp: "198.51.100.6" }, at(4))).toEqual({ ok: true });
    expect(await currentUser(services.database.db, asRequest(signedIn.setCookie))).toMatchObject({ emailVerified: true, needsVerification: false });
  });
});

describe(`sessions (${databaseKind})`, () => {
  it("lists the user's devices and ends one at once, or every other one", async () => {
    await register(services, checked(input("muoi.dang@example.vn")), T0);
    const open = async (ua: string) => {
      const r = await login(services.database.db, services.rateLimits, { username: "muoi.dang@example.vn", password: "mot-cau-mat-khau-dai", clientIp: "198.51.100.5", secure: false, userAgent: ua });
      if (!r.ok) throw new Error("sign-in failed");
      return new Request("http://localhost:3000/", { headers: { Cookie: r.setCookie.split(";")[0] } });
    };
    const phone = await open("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36");
    const laptop = await open("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0");
    const third = await open("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15");
    const user = (await currentUser(services.database.db, laptop))!;
    const list = await listSessions(services.database.db, laptop, user.id);
    expect(list.map((s) => [s.device.browser, s.device.system, s.current])).toEqual([
      ["Firefox", "Windows", true],
      ...list.slice(1).map((s) => [s.device.browser, s.device.system, false]),
    ]);
    const phoneRow = list.find((s) => s.device.system === "Android")!;
    // Someone else's handle ends nothing.
    expect(await revokeSession(services.database.db, user.id + 1000, phoneRow.id)).toBe(false);
    expect(await revokeSession(services.database.db, user.id, phoneRow.id)).toBe(true);
    expect(await currentUser(services.database.db, phone)).toBeNull();
    expect(await currentUser(services.database.db, laptop)).not.toBeNull();
    expect(await revokeOtherSessions(services.database.db, laptop, user.id)).toBe(1);
    expect(await currentUser(services.database.db, third)).toBeNull();
    expect(await currentUser(services.database.db, laptop)).not.toBeNull();
  });
});
