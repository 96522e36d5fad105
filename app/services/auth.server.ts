import { createHash, randomBytes } from "node:crypto";
import { redirect } from "@remix-run/node";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../../db/client";
import { ROLES, sessions, userRoles, users, type UserRole } from "../../db/schema";
import { verifyPassword } from "../../db/passwords";

const COOKIE = "motcua_session";
const SESSION_DAYS = 7;

export type SessionUser = {
  id: number;
  username: string;
  fullName: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  idNumber: string | null;
  address: string | null;
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

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function readCookie(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

function cookieHeader(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${COOKIE}=${encodeURIComponent(value)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export async function login(
  db: Database,
  username: string,
  password: string,
  secure: boolean,
): Promise<{ ok: true; setCookie: string; user: SessionUser } | { ok: false }> {
  const [row] = await db.select().from(users).where(eq(users.username, username.trim().toLowerCase()));
  // Verify against a fixed hash when the user is unknown, so timing does not reveal which usernames exist.
  const ok = row ? await verifyPassword(row.passwordHash, password) : await verifyPassword(UNKNOWN_USER_HASH, password);
  if (!row || !ok) return { ok: false };
  const token = randomBytes(32).toString("base64url");
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId: row.id,
    expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000),
  });
  const user = await loadSessionUser(db, row.id);
  return { ok: true, setCookie: cookieHeader(token, SESSION_DAYS * 86_400, secure), user: user! };
}

// argon2id hash of a random string nobody knows.
const UNKNOWN_USER_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1fQFqGDPRQIq2d8Uuhm/HTmYtD0oIWI4q8bH5tV7Vx8";

export async function logout(db: Database, request: Request, secure: boolean): Promise<string> {
  const token = readCookie(request);
  if (token) {
    await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.tokenHash, hashToken(token)));
  }
  return cookieHeader("", 0, secure);
}

async function loadSessionUser(db: Database, userId: number, chosen: Partial<HeldRole> = {}): Promise<SessionUser | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
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
    role: active.role,
    agencyId: active.agencyId,
    roles,
  };
}

export async function currentUser(db: Database, request: Request): Promise<SessionUser | null> {
  const token = readCookie(request);
  if (!token) return null;
  const [session] = await db
    .select({ userId: sessions.userId, activeRole: sessions.activeRole, activeAgencyId: sessions.activeAgencyId })
    .from(sessions)
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())));
  return session
    ? loadSessionUser(db, session.userId, { role: session.activeRole ?? undefined, agencyId: session.activeAgencyId ?? undefined })
    : null;
}

/**
 * Makes one of the user's own roles the active one for this session. Refuses (false) a role the
 * user does not hold: the choice is checked here, never trusted from the form.
 */
export async function chooseActiveRole(db: Database, request: Request, choice: HeldRole): Promise<boolean> {
  const token = readCookie(request);
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
  if (!user) throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  if (roles && !roles.includes(user.role)) {
    throw new Response("Bạn không có quyền truy cập trang này.", { status: 403 });
  }
  return user;
}
