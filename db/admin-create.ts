/**
 * The first administrator of a deployment without demo data. Demo accounts (with their published
 * password) are seeded only in demo mode, so a real installation starts with no account at all.
 */
import { eq, isNull, and } from "drizzle-orm";
import type { Database } from "./client";
import { hashPassword } from "./passwords";
import { agencies, userRoles, users } from "./schema";

export const MIN_ADMIN_PASSWORD_LENGTH = 12;

export type NewAdministrator = { username: string; fullName: string; email?: string; password: string; agencyIdentifier?: string };

export async function createAdministrator(db: Database, input: NewAdministrator): Promise<{ userId: number; agencyName: string }> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) throw new Error("Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch; 3–40 ký tự.");
  if (input.fullName.trim().length < 2) throw new Error("Vui lòng nhập họ tên.");
  if (input.password.length < MIN_ADMIN_PASSWORD_LENGTH) throw new Error(`Mật khẩu quản trị phải có ít nhất ${MIN_ADMIN_PASSWORD_LENGTH} ký tự.`);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // The province's government (the root of the agency tree) unless another agency is named.
    const [agency] = input.agencyIdentifier
      ? await tx.select().from(agencies).where(eq(agencies.identifier, input.agencyIdentifier))
      : await tx.select().from(agencies).where(and(isNull(agencies.parentId), eq(agencies.level, "province"))).orderBy(agencies.id).limit(1);
    if (!agency) throw new Error(input.agencyIdentifier ? `Không có cơ quan mã ${input.agencyIdentifier}.` : "Chưa có cơ quan cấp tỉnh trong cơ sở dữ liệu.");
    const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username));
    if (taken) throw new Error(`Tên đăng nhập ${username} đã có.`);
    const [row] = await tx
      .insert(users)
      .values({ username, passwordHash, fullName: input.fullName.trim(), email: input.email?.trim() || null })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: row.id, role: "admin", agencyId: agency.id });
    return { userId: row.id, agencyName: agency.name };
  });
}
