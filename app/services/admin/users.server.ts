/**
 * Accounts (người dùng) as the administrator manages them: create, edit, deactivate and reactivate,
 * reset a password, grant and withdraw roles at an agency, place an officer in a unit (phòng), bind
 * a signing certificate. Every change is one transaction with its audit row. Two guards: nobody
 * deactivates herself, and the last active administrator keeps her role and her account.
 */
import { randomInt } from "node:crypto";
import { and, asc, count, eq, ilike, inArray, ne, or, sql } from "drizzle-orm";
import { z } from "zod";
import { withTransaction, type Database } from "../../../db/client";
import { hashPassword } from "../../../db/passwords";
import { agencies, ROLES, sessions, userRoles, users, type UserRole } from "../../../db/schema";
import { MIN_PASSWORD_LENGTH } from "../../admin-labels";
import type { AppServices } from "../context.server";
import { recordAdminChange } from "./audit.server";
import { certificateInfoOfPem, readCertificate, type CertificateInfo } from "./certificates.server";

export class AdminInputError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
    readonly field = "form",
  ) {
    super(message);
  }
}

export { MIN_PASSWORD_LENGTH };
export const USERS_PAGE_SIZE = 20;

/** 16 characters from an alphabet without look-alikes (0/O, 1/l/I): about 92 bits. */
export function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
  let out = "";
  for (let i = 0; i < 16; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new AdminInputError(`Mật khẩu phải có ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`, 400, "password");
  if (password.length > 200) throw new AdminInputError("Mật khẩu quá dài.", 400, "password");
}

/** What the audit keeps of an account: never the password hash, only whether a certificate is bound (and its hash). */
function auditView(user: typeof users.$inferSelect, roles?: Array<{ role: string; agencyId: number }>) {
  return {
    username: user.username,
    fullName: user.fullName,
    title: user.title,
    email: user.email,
    phone: user.phone,
    unitId: user.unitId,
    active: user.active,
    signingCertificateSha256: user.signingCertificateSha256,
    ...(roles ? { roles: roles.map((r) => `${r.role}@${r.agencyId}`).sort() } : {}),
  };
}

export async function listUsers(services: AppServices, options: { q?: string; page?: number }) {
  const { db } = services.database;
  const q = (options.q ?? "").trim().slice(0, 100);
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = q
    ? or(
        ilike(users.username, pattern),
        sql`unaccent(${users.fullName}) ilike unaccent(${pattern})`,
        ilike(users.email, pattern),
        ilike(users.phone, pattern),
      )
    : undefined;
  const [{ total }] = await db.select({ total: count() }).from(users).where(where);
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
  const rows = await db
    .select({ id: users.id, username: users.username, fullName: users.fullName, title: users.title, email: users.email, active: users.active })
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(USERS_PAGE_SIZE)
    .offset((page - 1) * USERS_PAGE_SIZE);
  const roles = rows.length
    ? await db
        .select({ userId: userRoles.userId, role: userRoles.role, agencyName: agencies.name })
        .from(userRoles)
        .leftJoin(agencies, eq(agencies.id, userRoles.agencyId))
        .where(
          inArray(
            userRoles.userId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return {
    q,
    total,
    page,
    pages,
    users: rows.map((r) => ({ ...r, roles: roles.filter((x) => x.userId === r.id).map((x) => ({ role: x.role, agencyName: x.agencyName })) })),
  };
}

/** Agencies a role can be held at (governing bodies and departments) and the units under each. */
export async function agencyChoices(services: AppServices) {
  const rows = await services.database.db
    .select({ id: agencies.id, name: agencies.name, kind: agencies.kind, parentId: agencies.parentId, active: agencies.active })
    .from(agencies)
    .orderBy(asc(agencies.id));
  return {
    agencies: rows.filter((a) => (a.kind === "government" || a.kind === "department") && a.active),
    units: rows.filter((a) => a.kind === "unit" && a.active),
  };
}

export async function userDetail(services: AppServices, id: number) {
  const { db } = services.database;
  const [user] = await db.select().from(users).where(eq(users.id, id));
  if (!user) return null;
  const roles = await db
    .select({ role: userRoles.role, agencyId: userRoles.agencyId, agencyName: agencies.name })
    .from(userRoles)
    .leftJoin(agencies, eq(agencies.id, userRoles.agencyId))
    .where(eq(userRoles.userId, id))
    .orderBy(asc(userRoles.role));
  let certificate: CertificateInfo | null = null;
  if (user.signingCertificatePem) {
    try {
      certificate = certificateInfoOfPem(user.signingCertificatePem);
    } catch {
      certificate = null;
    }
  }
  const { passwordHash: _hidden, signingCertificatePem: _pem, ...shown } = user;
  return { user: shown, roles, certificate };
}

const profileSchema = z.object({
  fullName: z.string().trim().min(2, "Vui lòng nhập họ và tên.").max(200, "Họ và tên quá dài."),
  title: z.string().trim().max(200, "Chức danh quá dài.").optional(),
  email: z.union([z.literal(""), z.string().trim().email("Địa chỉ thư điện tử không hợp lệ.").max(200)]).optional(),
  phone: z.union([z.literal(""), z.string().trim().regex(/^\+?[0-9 .-]{8,15}$/, "Số điện thoại không hợp lệ.")]).optional(),
});

const createSchema = profileSchema.extend({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9._-]{2,39}$/, "Tên đăng nhập gồm 3–40 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."),
  password: z.string().optional(),
  generate: z.boolean(),
});

function firstErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}

export type UserFormOutcome<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

const empty = (v: string | undefined) => (v ? v : null);

/** Creates an account; with `generate` the password is made here and returned once, for the administrator to hand over. */
export async function createUser(
  services: AppServices,
  actorId: number,
  input: { username: string; fullName: string; title?: string; email?: string; phone?: string; password?: string; generate: boolean },
  now = new Date(),
): Promise<UserFormOutcome<{ id: number; username: string; generatedPassword: string | null }>> {
  const parsed = createSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: firstErrors(parsed.error) };
  const generatedPassword = parsed.data.generate ? generatePassword() : null;
  const password = generatedPassword ?? parsed.data.password ?? "";
  try {
    checkPassword(password);
  } catch (error) {
    return { ok: false, errors: { password: (error as Error).message } };
  }
  const passwordHash = await hashPassword(password);
  const created = await withTransaction(services.database, async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({
        username: parsed.data.username,
        passwordHash,
        fullName: parsed.data.fullName,
        title: empty(parsed.data.title),
        email: empty(parsed.data.email),
        phone: empty(parsed.data.phone),
        createdAt: now,
      })
      .onConflictDoNothing({ target: users.username })
      .returning();
    if (!row) return null;
    await recordAdminChange(tx, actorId, "user", row.username, "create", null, auditView(row, []), now);
    return row;
  });
  if (!created) return { ok: false, errors: { username: `Tên đăng nhập "${parsed.data.username}" đã được dùng.` } };
  return { ok: true, value: { id: created.id, username: created.username, generatedPassword } };
}

export async function updateProfile(
  services: AppServices,
  actorId: number,
  id: number,
  input: { fullName: string; title?: string; email?: string; phone?: string },
  now = new Date(),
): Promise<UserFormOutcome<null>> {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: firstErrors(parsed.error) };
  await changeUser(services, actorId, id, "update", now, async (tx) => {
    await tx
      .update(users)
      .set({ fullName: parsed.data.fullName, title: empty(parsed.data.title), email: empty(parsed.data.email), phone: empty(parsed.data.phone) })
      .where(eq(users.id, id));
  });
  return { ok: true, value: null };
}

/**
 * Runs `work` on one account in a transaction that locks it, and records the account as it was
 * before and after (roles included).
 */
async function changeUser(services: AppServices, actorId: number, id: number, action: string, now: Date, work: (tx: Database, before: typeof users.$inferSelect) => Promise<void>) {
  return withTransaction(services.database, async (tx) => {
    // Serialises administrators acting on accounts, so that two cannot each remove "another" last admin.
    await tx.execute(sql`select pg_advisory_xact_lock(54010, 0)`);
    const [before] = await tx.select().from(users).where(eq(users.id, id));
    if (!before) throw new AdminInputError("Không tìm thấy người dùng.", 404);
    const rolesBefore = await tx.select({ role: userRoles.role, agencyId: userRoles.agencyId }).from(userRoles).where(eq(userRoles.userId, id));
    await work(tx, before);
    const [after] = await tx.select().from(users).where(eq(users.id, id));
    const rolesAfter = await tx.select({ role: userRoles.role, agencyId: userRoles.agencyId }).from(userRoles).where(eq(userRoles.userId, id));
    await recordAdminChange(tx, actorId, "user", before.username, action, auditView(before, rolesBefore), auditView(after, rolesAfter), now);
  });
}

/** Active administrators other than `exceptUserId`, within the transaction. */
async function otherActiveAdmins(tx: Database, exceptUserId: number): Promise<number> {
  const [{ n }] = await tx
    .select({ n: count() })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.role, "admin"), eq(users.active, true), ne(users.id, exceptUserId)));
  return n;
}

/** Deactivates (her sessions end at once) or reactivates an account. */
export async function setUserActive(services: AppServices, actorId: number, id: number, active: boolean, now = new Date()): Promise<void> {
  if (!active && id === actorId) throw new AdminInputError("Bạn không thể tự khóa tài khoản của mình.", 409);
  await changeUser(services, actorId, id, active ? "reactivate" : "deactivate", now, async (tx) => {
    if (!active) {
      const [isAdmin] = await tx.select().from(userRoles).where(and(eq(userRoles.userId, id), eq(userRoles.role, "admin")));
      if (isAdmin && (await otherActiveAdmins(tx, id)) === 0) throw new AdminInputError("Không thể khóa quản trị viên cuối cùng của hệ thống.", 409);
      await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, id), sql`${sessions.revokedAt} is null`));
    }
    await tx.update(users).set({ active }).where(eq(users.id, id));
  });
}

/** A new password (typed, or generated and returned once); every session of the account ends. */
export async function resetPassword(
  services: AppServices,
  actorId: number,
  id: number,
  input: { password?: string; generate: boolean },
  now = new Date(),
): Promise<{ generatedPassword: string | null }> {
  const generatedPassword = input.generate ? generatePassword() : null;
  const password = generatedPassword ?? input.password ?? "";
  checkPassword(password);
  const passwordHash = await hashPassword(password);
  await changeUser(services, actorId, id, "reset-password", now, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, id));
    await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, id), sql`${sessions.revokedAt} is null`));
  });
  return { generatedPassword };
}

const STAFF_ROLES = ROLES.filter((r) => r !== "citizen");

/** Grants a role at an agency (a governing body or a department); a citizen's role has no agency. */
export async function grantRole(services: AppServices, actorId: number, id: number, role: string, agencyId: number, now = new Date()): Promise<void> {
  if (!(ROLES as readonly string[]).includes(role)) throw new AdminInputError("Vai trò không hợp lệ.", 400, "role");
  const theRole = role as UserRole;
  const agency = theRole === "citizen" ? 0 : agencyId;
  await changeUser(services, actorId, id, "grant-role", now, async (tx) => {
    if (theRole !== "citizen") {
      const [row] = await tx.select().from(agencies).where(eq(agencies.id, agency));
      if (!row || !row.active || (row.kind !== "government" && row.kind !== "department")) {
        throw new AdminInputError("Vui lòng chọn cơ quan (UBND hoặc sở, ngành) đang hoạt động cho vai trò.", 400, "agencyId");
      }
    }
    await tx.insert(userRoles).values({ userId: id, role: theRole, agencyId: agency }).onConflictDoNothing();
  });
}

export async function withdrawRole(services: AppServices, actorId: number, id: number, role: string, agencyId: number, now = new Date()): Promise<void> {
  await changeUser(services, actorId, id, "withdraw-role", now, async (tx) => {
    if (role === "admin") {
      const [user] = await tx.select({ active: users.active }).from(users).where(eq(users.id, id));
      const [otherAdminRole] = await tx.select().from(userRoles).where(and(eq(userRoles.userId, id), eq(userRoles.role, "admin"), ne(userRoles.agencyId, agencyId)));
      if (user?.active && !otherAdminRole && (await otherActiveAdmins(tx, id)) === 0) {
        throw new AdminInputError("Không thể bỏ vai trò của quản trị viên cuối cùng của hệ thống.", 409);
      }
    }
    const removed = await tx
      .delete(userRoles)
      .where(and(eq(userRoles.userId, id), eq(userRoles.role, role as UserRole), eq(userRoles.agencyId, agencyId)))
      .returning();
    if (removed.length === 0) throw new AdminInputError("Người dùng không có vai trò này.", 404);
  });
}

/** Places an officer in a unit (phòng) under one of the agencies she holds a role at; null takes her out. */
export async function setUnit(services: AppServices, actorId: number, id: number, unitId: number | null, now = new Date()): Promise<void> {
  await changeUser(services, actorId, id, "set-unit", now, async (tx) => {
    if (unitId !== null) {
      const [unit] = await tx.select().from(agencies).where(eq(agencies.id, unitId));
      if (!unit || unit.kind !== "unit" || !unit.active) throw new AdminInputError("Vui lòng chọn một phòng, đơn vị đang hoạt động.", 400, "unitId");
      const held = await tx.select({ agencyId: userRoles.agencyId }).from(userRoles).where(and(eq(userRoles.userId, id), inArray(userRoles.role, STAFF_ROLES)));
      if (!held.some((r) => r.agencyId === unit.parentId)) {
        throw new AdminInputError("Phòng, đơn vị phải thuộc cơ quan mà người dùng có vai trò.", 400, "unitId");
      }
    }
    await tx.update(users).set({ unitId }).where(eq(users.id, id));
  });
}

/** Binds the uploaded certificate (PEM or DER); the officer's signing key must then carry exactly it. */
export async function bindCertificate(services: AppServices, actorId: number, id: number, bytes: Uint8Array, now = new Date()): Promise<CertificateInfo> {
  const { pem, info } = readCertificate(bytes);
  await changeUser(services, actorId, id, "bind-certificate", now, async (tx) => {
    await tx.update(users).set({ signingCertificatePem: pem, signingCertificateSha256: info.sha256 }).where(eq(users.id, id));
  });
  return info;
}

export async function unbindCertificate(services: AppServices, actorId: number, id: number, now = new Date()): Promise<void> {
  await changeUser(services, actorId, id, "unbind-certificate", now, async (tx) => {
    await tx.update(users).set({ signingCertificatePem: null, signingCertificateSha256: null }).where(eq(users.id, id));
  });
}
