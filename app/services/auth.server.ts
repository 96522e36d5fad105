import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import * as cookie from "cookie";
import { and, eq, gt, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { ROLES, sessions, userRoles, users, type AccountType, type UserRole } from "../../db/schema";
import { verifyPassword } from "../../db/passwords";
import { isRateLimited, rateLimitedHeaders, type RateLimits } from "./rate-limits.server";
import { safeRedirect } from "./safe-redirect";
import { normalizePhone } from "./identity/contact";

const COOKIE = "motcua_session";
/** A session ends 12 hours after sign-in, whatever the activity. */
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** …and after this long without a request: officers hold other people's data, so theirs is short. */
export const IDLE_TIMEOUT_MS = { officer: 30 * 60_000, citizen: 2 * 3600_000 } as const;
const LAST_SEEN_RESOLUTION_MS = 60_000;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type SessionUser = {
  id: number;
  username: string;
  fullName: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
  /**
   * The account's own facts (issue 11). Optional so that code and tests building a SessionUser by
   * hand for an officer need not name them; `loadSessionUser` always fills them.
   */
  dateOfBirth?: string | null;
  accountType?: AccountType;
  organisationName?: string | null;
  taxCode?: string | null;
  preferredLanguage?: "vi" | "en";
  emailVerified?: boolean;
  phoneVerified?: boolean;
  /** The ID number was vouched for (by the national identity provider, or by the desk that made the account). */
  idNumberVerified?: boolean;
  /**
   * A self-registered account with neither its e-mail nor its phone verified: it may sign in, read and
   * edit its profile, but not submit a dossier until it verifies (`requireVerifiedAccount`).
   */
  needsVerification?: boolean;
  /** The active role: the one chosen for this session, or the first of `roles`. */
  role: UserRole;
  /** Agency the active role serves; 0 for citizens. */
  agencyId: number;
  /** Every role the user holds, in a fixed order (ROLES, then agency id). */
  roles: HeldRole[];
};

export type HeldRole = { role: UserRole; agencyId: number };

/** The order a user's roles are listed and the default is chosen in: never the database's row order. */
export function orderRoles(roles: HeldRole[]): HeldRole[] {
  return [...roles].sort((a, b) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || a.agencyId - b.agencyId);
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * The session token from the Cookie header. A malformed header or value (bad percent-encoding, a
 * forged token shape) is simply no session: it must never turn a page into an error.
 */
export function readSessionToken(request: Request): string | null {
  let value: string | undefined;
  try {
    value = cookie.parse(request.headers.get("Cookie") ?? "")[COOKIE];
  } catch {
    return null;
  }
  return value && TOKEN_PATTERN.test(value) ? value : null;
}

function cookieHeader(value: string, maxAgeSeconds: number, secure: boolean): string {
  return cookie.serialize(COOKIE, value, { path: "/", httpOnly: true, sameSite: "lax", maxAge: maxAgeSeconds, secure });
}

/** Finds the account a person signs in with: the username, or a verified e-mail address or phone number. */
async function findLoginAccount(db: Database, identifier: string) {
  const [byName] = await db.select().from(users).where(eq(users.username, identifier));
  if (byName) return byName;
  if (identifier.includes("@")) {
    const [byEmail] = await db
      .select()
      .from(users)
      .where(and(eq(sql`lower(${users.email})`, identifier), isNotNull(users.emailVerifiedAt)));
    return byEmail;
  }
  const phone = normalizePhone(identifier);
  if (!phone) return undefined;
  const [byPhoneName] = await db.select().from(users).where(eq(users.username, phone));
  if (byPhoneName) return byPhoneName;
  const [byPhone] = await db.select().from(users).where(and(eq(users.phone, phone), isNotNull(users.phoneVerifiedAt)));
  return byPhone;
}

/** The device a person recognises, from a User-Agent, kept short (no version details beyond the browser's major). */
export function shortUserAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  return userAgent.slice(0, 300);
}

/** Opens a session for the user and returns the Set-Cookie that carries it. */
export async function createSession(db: Database, userId: number, options: { secure: boolean; userAgent?: string | null; now?: Date }): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = options.now?.getTime() ?? Date.now();
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: new Date(now),
    expiresAt: new Date(now + SESSION_ABSOLUTE_MS),
    lastSeenAt: new Date(now),
    userAgent: shortUserAgent(options.userAgent),
  });
  return cookieHeader(token, SESSION_ABSOLUTE_MS / 1000, options.secure);
}

export type LoginResult = { ok: true; setCookie: string; user: SessionUser } | { ok: false; status: 401 | 429; error: string; headers?: Record<string, string> };

export async function login(
  db: Database,
  limits: RateLimits,
  input: { username: string; password: string; clientIp: string; secure: boolean; userAgent?: string | null },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  try {
    await limits.beforeLogin(username, input.clientIp);
  } catch (error) {
    if (isRateLimited(error)) return { ok: false, status: 429, error: error.message, headers: rateLimitedHeaders(error) };
    throw error;
  }
  const row = await findLoginAccount(db, username);
  // Verify against a fixed hash when the user is unknown, so timing does not reveal which usernames exist.
  const ok = row ? await verifyPassword(row.passwordHash, input.password) : await verifyPassword(UNKNOWN_USER_HASH, input.password);
  // A deactivated account is refused like a wrong password, after the same work: the answer does
  // not tell whether the account exists, only that it cannot be used.
  if (!row || !ok || !row.active) {
    try {
      await limits.loginFailed(username, input.clientIp);
    } catch (error) {
      if (isRateLimited(error)) return { ok: false, status: 429, error: error.message, headers: rateLimitedHeaders(error) };
      throw error;
    }
    return { ok: false, status: 401, error: "Tên đăng nhập hoặc mật khẩu không đúng." };
  }
  await limits.loginSucceeded(username);
  const setCookie = await createSession(db, row.id, { secure: input.secure, userAgent: input.userAgent });
  const user = await loadSessionUser(db, row.id);
  return { ok: true, setCookie, user: user! };
}

// argon2id hash of a random string nobody knows.
const UNKNOWN_USER_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1fQFqGDPRQIq2d8Uuhm/HTmYtD0oIWI4q8bH5tV7Vx8";

/** Ends every session of a user at once (deactivation, a password reset by an administrator). */
export async function revokeUserSessions(db: Database, userId: number, now = new Date()): Promise<number> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ tokenHash: sessions.tokenHash });
  return revoked.length;
}

/** Ends this session, or with `everywhere` every session of its user (a lost phone, a shared computer). */
export async function logout(db: Database, request: Request, options: { secure: boolean; everywhere?: boolean }): Promise<string> {
  const token = readSessionToken(request);
  if (token) {
    const now = new Date();
    const [session] = await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.tokenHash, hashToken(token))).returning({ userId: sessions.userId });
    if (session && options.everywhere) {
      await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, session.userId), isNull(sessions.revokedAt)));
    }
  }
  return cookieHeader("", 0, options.secure);
}

/** Sessions past their absolute end, or revoked more than a day ago: the housekeeping job removes them. */
export async function deleteEndedSessions(db: Database, now = new Date()): Promise<number> {
  const ended = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ tokenHash: sessions.tokenHash });
  const revoked = await db
    .delete(sessions)
    .where(lt(sessions.revokedAt, new Date(now.getTime() - 86_400_000)))
    .returning({ tokenHash: sessions.tokenHash });
  return ended.length + revoked.length;
}

async function loadSessionUser(db: Database, userId: number, chosen: Partial<HeldRole> = {}): Promise<SessionUser | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  // Deactivation also revokes the sessions; this check holds even for one that slipped through.
  if (!user || !user.active) return null;
  const roles = orderRoles(await db.select({ role: userRoles.role, agencyId: userRoles.agencyId }).from(userRoles).where(eq(userRoles.userId, userId)));
  if (roles.length === 0) return null;
  // A chosen role the user no longer holds falls back to the default, never to another person's choice.
  const active = roles.find((r) => r.role === chosen.role && r.agencyId === chosen.agencyId) ?? roles[0];
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    title: user.title,
    email: user.email,
    phone: user.phone,
    idNumber: user.idNumber,
    address: user.address,
    dateOfBirth: user.dateOfBirth,
    accountType: user.accountType,
    organisationName: user.organisationName,
    taxCode: user.taxCode,
    preferredLanguage: user.preferredLanguage,
    emailVerified: !!user.emailVerifiedAt,
    phoneVerified: !!user.phoneVerifiedAt,
    idNumberVerified: !!user.idNumber && (!!user.idNumberVerifiedAt || user.origin === "admin"),
    needsVerification: user.origin === "self" && !user.emailVerifiedAt && !user.phoneVerifiedAt,
    role: active.role,
    agencyId: active.agencyId,
    roles,
  };
}

/**
 * The user of a live session: not revoked, within its absolute limit, and not idle for longer than
 * the user's kind allows (an idle session is revoked on the spot). Activity is recorded at most once
 * a minute, so a page view does not always write.
 */
export async function currentUser(db: Database, request: Request, now = new Date()): Promise<SessionUser | null> {
  const token = readSessionToken(request);
  if (!token) return null;
  const tokenHash = hashToken(token);
  const [session] = await db
    .select({ userId: sessions.userId, lastSeenAt: sessions.lastSeenAt, activeRole: sessions.activeRole, activeAgencyId: sessions.activeAgencyId })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  if (!session) return null;
  const user = await loadSessionUser(db, session.userId, { role: session.activeRole ?? undefined, agencyId: session.activeAgencyId ?? undefined });
  if (!user) return null;
  // The idle limit follows the account, not the role in use: an officer who is also a citizen is an officer.
  const idleLimit = user.roles.every((r) => r.role === "citizen") ? IDLE_TIMEOUT_MS.citizen : IDLE_TIMEOUT_MS.officer;
  const idle = now.getTime() - session.lastSeenAt.getTime();
  if (idle > idleLimit) {
    await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  if (idle > LAST_SEEN_RESOLUTION_MS) await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  return user;
}

/**
 * Makes one of the user's own roles the active one for this session. Refuses (false) a role the
 * user does not hold: the choice is checked here, never trusted from the form.
 */
export async function chooseActiveRole(db: Database, request: Request, choice: HeldRole): Promise<boolean> {
  const token = readSessionToken(request);
  const user = await currentUser(db, request);
  if (!token || !user) return false;
  if (!user.roles.some((r) => r.role === choice.role && r.agencyId === choice.agencyId)) return false;
  await db
    .update(sessions)
    .set({ activeRole: choice.role, activeAgencyId: choice.agencyId })
    .where(eq(sessions.tokenHash, hashToken(token)));
  return true;
}

/** The signed-in user, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(db: Database, request: Request, roles?: UserRole[]): Promise<SessionUser> {
  const user = await currentUser(db, request);
  const url = new URL(request.url);
  if (!user) throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(safeRedirect(url.pathname + url.search, "/"))}`);
  if (roles && !roles.includes(user.role)) {
    throw new Response("Bạn không có quyền truy cập trang này.", { status: 403 });
  }
  return user;
}

/**
 * The gate before a dossier is submitted: a self-registered account must first verify its e-mail or
 * phone. Throws a redirect to the account page, which says so and offers to resend the message.
 */
export function requireVerifiedAccount(user: SessionUser): void {
  if (user.needsVerification) throw redirect("/tai-khoan?xac-minh=1");
}
