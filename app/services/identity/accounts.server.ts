/**
 * Citizens' and organisations' own accounts (issue 11, ADR 0019): registration by e-mail or phone,
 * verification by link or code, password reset by e-mail, the profile and the password. Answers
 * that could tell whether an address has an account are the same either way; the owner of the
 * address is told instead. Errors are codes of the `account` translation namespace.
 */
import { randomBytes } from "node:crypto";
import { and, eq, isNotNull, ne, or, sql } from "drizzle-orm";
import { pgErrorCode, PG_UNIQUE_VIOLATION, withTransaction } from "../../../db/client";
import { hashPassword, verifyPassword } from "../../../db/passwords";
import { userIdentities, userRoles, users, type AccountType } from "../../../db/schema";
import { hashToken, readSessionToken, revokeUserSessions, type SessionUser } from "../auth.server";
import type { AppServices } from "../context.server";
import type { MailLanguage } from "../notifications.server";
import { sessions } from "../../../db/schema";
import { accountMail, accountSms } from "./account-messages.server";
import { normalizeEmail, normalizeIdNumber, normalizePhone, normalizeTaxCode, parseContact } from "./contact";
import { fileSmsSender } from "./sms.server";
import { consumeCode, consumeLinkToken, endTokens, findLinkToken, issueToken, TOKEN_LIFETIME_MS, type UsableToken } from "./tokens.server";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;
/** The most guessed passwords that pass a length rule; refused outright. */
const COMMON_PASSWORDS = new Set(["1234567890", "12345678910", "0123456789", "qwertyuiop", "password12", "password123", "matkhau123", "abc1234567", "1111111111", "iloveyou12", "motcua2026", "a123456789"]);

export type PasswordProblem = "passwordTooShort" | "passwordTooLong" | "passwordCommon" | "passwordContainsContact";

/** A sane rule (NIST 800-63B): long enough, not a famous one, not the person's own address or phone. */
export function passwordProblem(password: string, contacts: Array<string | null | undefined> = []): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN) return "passwordTooShort";
  if ([...password].length > PASSWORD_MAX) return "passwordTooLong";
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/.test(password)) return "passwordCommon";
  for (const contact of contacts) {
    const local = contact?.toLowerCase().split("@")[0];
    if (local && local.length >= 4 && lower.includes(local)) return "passwordContainsContact";
  }
  return null;
}

export type FieldErrors = Record<string, string>;

export type RegistrationInput = {
  contact: string;
  password: string;
  fullName: string;
  accountType: AccountType;
  organisationName?: string;
  taxCode?: string;
  language: MailLanguage;
};

export type CheckedRegistration = {
  contact: { kind: "email" | "phone"; value: string };
  password: string;
  fullName: string;
  accountType: AccountType;
  organisationName: string | null;
  taxCode: string | null;
  language: MailLanguage;
};

/** Field by field, every problem at once (the page lists them all), as `account:errors.*` codes. */
export function checkRegistration(input: RegistrationInput): { ok: true; value: CheckedRegistration } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const contact = parseContact(input.contact);
  if (!input.contact.trim()) errors.contact = "contactRequired";
  else if (!contact) errors.contact = "contactInvalid";
  const fullName = input.fullName.trim().replace(/\s+/g, " ");
  if (!fullName) errors.fullName = "fullNameRequired";
  else if (fullName.length > 120) errors.fullName = "fullNameTooLong";
  const accountType: AccountType = input.accountType === "organisation" ? "organisation" : "person";
  let organisationName: string | null = null;
  let taxCode: string | null = null;
  if (accountType === "organisation") {
    organisationName = (input.organisationName ?? "").trim().replace(/\s+/g, " ") || null;
    if (!organisationName) errors.organisationName = "organisationNameRequired";
    else if (organisationName.length > 200) errors.organisationName = "organisationNameTooLong";
    taxCode = normalizeTaxCode(input.taxCode ?? "");
    if (!(input.taxCode ?? "").trim()) errors.taxCode = "taxCodeRequired";
    else if (!taxCode) errors.taxCode = "taxCodeInvalid";
  }
  const problem = passwordProblem(input.password, [contact?.value]);
  if (problem) errors.password = problem;
  if (Object.keys(errors).length || !contact) return { ok: false, errors };
  return { ok: true, value: { contact, password: input.password, fullName, accountType, organisationName, taxCode, language: input.language } };
}

const minutes = (ms: number) => Math.round(ms / 60_000);
const link = (services: AppServices, path: string) => `${services.config.baseUrl.replace(/\/+$/, "")}${path}`;

async function sendVerification(services: AppServices, to: { kind: "email" | "phone"; value: string }, name: string, language: MailLanguage, issued: { link: string; code: string | null }) {
  if (to.kind === "email") {
    const text = accountMail("verifyEmail", language, {
      name,
      link: link(services, `/xac-minh/${issued.link}`),
      code: issued.code,
      minutes: minutes(TOKEN_LIFETIME_MS.verifyEmail),
      baseUrl: services.config.baseUrl,
    });
    await services.mailer.send({ to: to.value, ...text });
  } else {
    await fileSmsSender(services.config.dataDir).send({ to: to.value, text: accountSms("verifyPhone", language, { code: issued.code, minutes: minutes(TOKEN_LIFETIME_MS.verifyPhone) }) });
  }
}

/** The existing account an address belongs to: its username, or its verified e-mail/phone. */
async function accountOfContact(services: AppServices, contact: { kind: "email" | "phone"; value: string }) {
  const { db } = services.database;
  const sameAddress =
    contact.kind === "email"
      ? and(eq(sql`lower(${users.email})`, contact.value), isNotNull(users.emailVerifiedAt))
      : and(eq(users.phone, contact.value), isNotNull(users.phoneVerifiedAt));
  const [row] = await db.select().from(users).where(or(eq(users.username, contact.value), sameAddress)).limit(1);
  return row;
}

/**
 * Registers an account and sends the verification; returns the handle of the code page. When the
 * address already has an account, nothing is created, the owner is told by mail/SMS, and the answer
 * is a handle that looks the same and leads nowhere: the page cannot tell the two apart.
 */
export async function register(services: AppServices, value: CheckedRegistration, now = new Date()): Promise<{ handle: string }> {
  const passwordHash = await hashPassword(value.password);
  const decoy = () => ({ handle: randomBytes(32).toString("base64url") });
  const existing = await accountOfContact(services, value.contact);
  if (existing) {
    await tellOwner(services, value.contact, existing);
    return decoy();
  }
  let issued;
  try {
    issued = await withTransaction(services.database, async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({
          username: value.contact.value,
          passwordHash,
          fullName: value.fullName,
          email: value.contact.kind === "email" ? value.contact.value : null,
          phone: value.contact.kind === "phone" ? value.contact.value : null,
          accountType: value.accountType,
          organisationName: value.organisationName,
          taxCode: value.taxCode,
          origin: "self",
          preferredLanguage: value.language,
          createdAt: now,
        })
        .returning({ id: users.id });
      await tx.insert(userRoles).values({ userId: user.id, role: "citizen", agencyId: 0 });
      return issueToken(tx, {
        userId: user.id,
        purpose: value.contact.kind === "email" ? "verifyEmail" : "verifyPhone",
        target: value.contact.value,
        secret: services.config.secret,
        now,
      });
    });
  } catch (error) {
    // The same address registered a moment ago by another request: the same answer as above.
    if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
    const owner = await accountOfContact(services, value.contact);
    if (owner) await tellOwner(services, value.contact, owner);
    return decoy();
  }
  await sendVerification(services, value.contact, value.fullName, value.language, issued);
  return { handle: issued.handle! };
}

async function tellOwner(services: AppServices, contact: { kind: "email" | "phone"; value: string }, owner: typeof users.$inferSelect) {
  if (contact.kind === "email") {
    const text = accountMail("alreadyRegistered", owner.preferredLanguage, { name: owner.fullName, link: "", minutes: 0, baseUrl: services.config.baseUrl });
    await services.mailer.send({ to: contact.value, ...text });
  } else {
    await fileSmsSender(services.config.dataDir).send({ to: contact.value, text: accountSms("alreadyRegistered", owner.preferredLanguage, { minutes: 0 }) });
  }
}

/** Marks the address the token went to as verified, if it is still the account's address. */
async function markVerified(tx: Parameters<Parameters<typeof withTransaction>[1]>[0], token: UsableToken, now: Date): Promise<boolean> {
  const [user] = await tx.select().from(users).where(eq(users.id, token.userId));
  if (!user) return false;
  if (token.purpose === "verifyEmail" && user.email?.toLowerCase() === token.target.toLowerCase()) {
    await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id));
    return true;
  }
  if (token.purpose === "verifyPhone" && user.phone === token.target) {
    await tx.update(users).set({ phoneVerifiedAt: now }).where(eq(users.id, user.id));
    return true;
  }
  return false;
}

export type VerifyResult = { ok: true } | { ok: false; error: "verificationInvalid" | "verificationSpent" | "verificationTaken" };

async function verifying(services: AppServices, work: (tx: Parameters<Parameters<typeof withTransaction>[1]>[0]) => Promise<VerifyResult>): Promise<VerifyResult> {
  try {
    return await withTransaction(services.database, work);
  } catch (error) {
    // Another account verified this address first: the address stays with it.
    if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) return { ok: false, error: "verificationTaken" };
    throw error;
  }
}

/** The link in the verification mail. */
export function verifyByLink(services: AppServices, token: string, now = new Date()): Promise<VerifyResult> {
  return verifying(services, async (tx) => {
    const used = await consumeLinkToken(tx, token, ["verifyEmail", "verifyPhone"], now);
    if (!used || !(await markVerified(tx, used, now))) return { ok: false, error: "verificationInvalid" };
    return { ok: true };
  });
}

/** A typed 6-digit code, for the verification the handle names; rate-limited per address. */
export async function verifyByCode(services: AppServices, input: { handle: string; code: string; clientIp: string }, now = new Date()): Promise<VerifyResult> {
  await services.rateLimits.consume("verificationCode", input.clientIp);
  return verifying(services, async (tx) => {
    const check = await consumeCode(tx, { handle: input.handle, code: input.code, secret: services.config.secret, now });
    if (!check.ok) return { ok: false, error: check.reason === "spent" ? "verificationSpent" : "verificationInvalid" };
    if (!(await markVerified(tx, check.token, now))) return { ok: false, error: "verificationInvalid" };
    return { ok: true };
  });
}

/** Sends a new verification for the signed-in user's unverified e-mail (or else phone); returns the code page's handle. */
export async function resendVerification(services: AppServices, userId: number, now = new Date()): Promise<{ handle: string } | null> {
  const [user] = await services.database.db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  const to: { kind: "email" | "phone"; value: string } | null =
    user.email && !user.emailVerifiedAt ? { kind: "email", value: user.email } : user.phone && !user.phoneVerifiedAt ? { kind: "phone", value: user.phone } : null;
  if (!to) return null;
  const issued = await withTransaction(services.database, (tx) =>
    issueToken(tx, { userId, purpose: to.kind === "email" ? "verifyEmail" : "verifyPhone", target: to.value, secret: services.config.secret, now }),
  );
  await sendVerification(services, to, user.fullName, user.preferredLanguage, issued);
  return { handle: issued.handle! };
}

/**
 * "Forgot password": a reset link to the address, if an account has it (as its username or as a
 * verified e-mail). The caller answers the same whatever happened here.
 */
export async function requestPasswordReset(services: AppServices, input: { email: string }, now = new Date()): Promise<void> {
  const email = normalizeEmail(input.email);
  if (!email) return;
  const account = await accountOfContact(services, { kind: "email", value: email });
  if (!account || !account.active) return;
  // A reset goes to the account's own address: the typed one, when it is the username or verified.
  const issued = await withTransaction(services.database, (tx) =>
    issueToken(tx, { userId: account.id, purpose: "resetPassword", target: email, secret: services.config.secret, now }),
  );
  const text = accountMail("resetPassword", account.preferredLanguage, {
    name: account.fullName,
    link: link(services, `/dat-lai-mat-khau/${issued.link}`),
    minutes: minutes(TOKEN_LIFETIME_MS.resetPassword),
    baseUrl: services.config.baseUrl,
  });
  await services.mailer.send({ to: email, ...text });
}

/** Whether a reset link is still good (the page shows the form only then). */
export async function resetLinkIsLive(services: AppServices, token: string, now = new Date()): Promise<boolean> {
  return !!(await findLinkToken(services.database.db, token, ["resetPassword"], now));
}

export type ResetResult = { ok: true } | { ok: false; error: "resetInvalid" } | { ok: false; error: PasswordProblem; field: "password" };

/**
 * Sets a new password from a reset link: the link is spent, every session of the account ends, and
 * the address the link reached counts as verified (opening it proved the mailbox).
 */
export async function resetPassword(services: AppServices, input: { token: string; password: string }, now = new Date()): Promise<ResetResult> {
  const live = await findLinkToken(services.database.db, input.token, ["resetPassword"], now);
  if (!live) return { ok: false, error: "resetInvalid" };
  const problem = passwordProblem(input.password, [live.target]);
  if (problem) return { ok: false, error: problem, field: "password" };
  const passwordHash = await hashPassword(input.password);
  return withTransaction(services.database, async (tx) => {
    const used = await consumeLinkToken(tx, input.token, ["resetPassword"], now);
    if (!used) return { ok: false as const, error: "resetInvalid" as const };
    const [user] = await tx.select().from(users).where(eq(users.id, used.userId));
    const proved = user?.email?.toLowerCase() === used.target && !user.emailVerifiedAt;
    await tx
      .update(users)
      .set({ passwordHash, ...(proved ? { emailVerifiedAt: now } : {}) })
      .where(eq(users.id, used.userId));
    await endTokens(tx, used.userId, ["resetPassword"], now);
    await revokeUserSessions(tx, used.userId, now);
    return { ok: true as const };
  });
}

export type ProfileInput = {
  fullName: string;
  dateOfBirth: string;
  idNumber: string;
  phone: string;
  email: string;
  address: string;
  preferredLanguage: string;
  organisationName?: string;
  taxCode?: string;
};

export type ProfileResult = { ok: true; verifyHandle: string | null; sentTo: "email" | "phone" | null } | { ok: false; errors: FieldErrors };

/**
 * Saves the profile. A changed e-mail or phone is unverified until the new one is verified (a link
 * and code are sent to it); a verified ID number is not changed here.
 */
export async function updateProfile(services: AppServices, user: SessionUser, input: ProfileInput, now = new Date()): Promise<ProfileResult> {
  const errors: FieldErrors = {};
  const fullName = input.fullName.trim().replace(/\s+/g, " ");
  if (!fullName) errors.fullName = "fullNameRequired";
  else if (fullName.length > 120) errors.fullName = "fullNameTooLong";
  let dateOfBirth: string | null = null;
  if (input.dateOfBirth.trim()) {
    const d = input.dateOfBirth.trim();
    const parsed = /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00Z`) : null;
    if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== d || parsed > now || d < "1900-01-01") errors.dateOfBirth = "dateOfBirthInvalid";
    else dateOfBirth = d;
  }
  let idNumber: string | null = user.idNumber;
  if (!user.idNumberVerified) {
    if (input.idNumber.trim()) {
      idNumber = normalizeIdNumber(input.idNumber);
      if (!idNumber) errors.idNumber = "idNumberInvalid";
    } else idNumber = null;
  }
  let phone: string | null = null;
  if (input.phone.trim()) {
    phone = normalizePhone(input.phone);
    if (!phone) errors.phone = "phoneInvalid";
  }
  let email: string | null = null;
  if (input.email.trim()) {
    email = normalizeEmail(input.email);
    if (!email) errors.email = "emailInvalid";
  }
  // One way to reach the person must stay; a malformed address already has its own message.
  if (!input.email.trim() && !input.phone.trim()) errors.email = "contactRequired";
  const address = input.address.trim().replace(/\s+/g, " ") || null;
  if (address && address.length > 300) errors.address = "addressTooLong";
  const preferredLanguage = input.preferredLanguage === "en" ? "en" : "vi";
  let organisationName = user.organisationName ?? null;
  let taxCode = user.taxCode ?? null;
  if (user.accountType === "organisation") {
    organisationName = (input.organisationName ?? "").trim().replace(/\s+/g, " ") || null;
    if (!organisationName) errors.organisationName = "organisationNameRequired";
    taxCode = normalizeTaxCode(input.taxCode ?? "");
    if (!taxCode) errors.taxCode = (input.taxCode ?? "").trim() ? "taxCodeInvalid" : "taxCodeRequired";
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  const emailChanged = (email ?? "") !== (user.email ?? "").toLowerCase();
  const phoneChanged = (phone ?? "") !== (user.phone ?? "");
  const result = await withTransaction(services.database, async (tx) => {
    await tx
      .update(users)
      .set({
        fullName,
        dateOfBirth,
        idNumber,
        phone,
        email,
        address,
        preferredLanguage,
        organisationName,
        taxCode,
        ...(emailChanged ? { emailVerifiedAt: null } : {}),
        ...(phoneChanged ? { phoneVerifiedAt: null } : {}),
      })
      .where(eq(users.id, user.id));
    if (emailChanged) await endTokens(tx, user.id, ["verifyEmail"], now);
    if (phoneChanged) await endTokens(tx, user.id, ["verifyPhone"], now);
    if (emailChanged && email) {
      return { to: { kind: "email" as const, value: email }, issued: await issueToken(tx, { userId: user.id, purpose: "verifyEmail", target: email, secret: services.config.secret, now }) };
    }
    if (phoneChanged && phone) {
      return { to: { kind: "phone" as const, value: phone }, issued: await issueToken(tx, { userId: user.id, purpose: "verifyPhone", target: phone, secret: services.config.secret, now }) };
    }
    return null;
  });
  if (!result) return { ok: true, verifyHandle: null, sentTo: null };
  await sendVerification(services, result.to, fullName, preferredLanguage, result.issued);
  return { ok: true, verifyHandle: result.issued.handle, sentTo: result.to.kind };
}

export type PasswordChangeResult = { ok: true } | { ok: false; errors: FieldErrors };

/** Changes the password after checking the current one; every other session of the account ends. */
export async function changePassword(services: AppServices, request: Request, user: SessionUser, input: { current: string; next: string }): Promise<PasswordChangeResult> {
  const { db } = services.database;
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!row || !(await verifyPassword(row.passwordHash, input.current))) return { ok: false, errors: { currentPassword: "currentPasswordWrong" } };
  const problem = passwordProblem(input.next, [user.email, user.phone, user.username]);
  if (problem) return { ok: false, errors: { newPassword: problem } };
  const passwordHash = await hashPassword(input.next);
  const token = readSessionToken(request);
  await withTransaction(services.database, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx
      .update(sessions)
      .set({ revokedAt: new Date() })
      .where(and(eq(sessions.userId, user.id), sql`${sessions.revokedAt} is null`, token ? ne(sessions.tokenHash, hashToken(token)) : sql`true`));
  });
  return { ok: true };
}

/** What the profile page shows beyond the session user: whether a national identity is linked. */
export async function linkedIdentityCount(services: AppServices, userId: number): Promise<number> {
  const rows = await services.database.db.select({ provider: userIdentities.provider }).from(userIdentities).where(eq(userIdentities.userId, userId));
  return rows.length;
}
