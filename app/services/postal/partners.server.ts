/**
 * Postal partner accounts (đối tác bưu chính): the administrator creates a partner, issues its API
 * keys and webhook signing secrets, revokes and rotates them (docs/decisions/0011).
 *
 * API keys are 256 random bits, shown once; only their SHA-256 is stored (a key of that entropy
 * needs no slow hash), found by their visible prefix and compared in constant time. Signing secrets
 * follow Standard Webhooks (`whsec_` + base64 of 32 random bytes); HMAC needs the secret itself, so
 * it is stored as is. A rotation issues a new key or secret and lets the old one work until an
 * expiry the administrator chooses, so the partner can switch without a gap.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, or } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../../db/client";
import { partnerApiKeys, partnerWebhookSecrets, postalPartners, PARTNER_SCOPES, type PartnerScope } from "../../../db/schema";

export type PostalPartner = typeof postalPartners.$inferSelect;
export type PartnerApiKey = typeof partnerApiKeys.$inferSelect;
export type PartnerWebhookSecret = typeof partnerWebhookSecrets.$inferSelect;

const KEY_PREFIX = "mcpk_";
/** The part of a key shown in lists and used to find it: "mcpk_" and 8 characters. */
const VISIBLE = KEY_PREFIX.length + 8;
/** Rotation overlaps the administrator may choose: from an hour to 30 days. */
export const MAX_OVERLAP_HOURS = 24 * 30;

export const partnerSchema = z.object({
  name: z.string().trim().min(3, "Vui lòng nhập tên đối tác.").max(200, "Tên đối tác quá dài."),
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "Mã đối tác gồm 2–40 chữ thường không dấu, số hoặc dấu gạch ngang."),
  endpointUrl: z
    .string()
    .trim()
    .url("Địa chỉ nhận đơn hàng phải là một URL đầy đủ (https://…).")
    .refine((u) => /^https?:\/\//.test(u), "Địa chỉ nhận đơn hàng phải bắt đầu bằng http:// hoặc https://."),
});

export type PartnerInput = z.infer<typeof partnerSchema>;

export type FormOutcome<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

export async function createPartner(db: Database, input: Record<string, string>, now = new Date()): Promise<FormOutcome<PostalPartner>> {
  const parsed = partnerSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { ok: false, errors };
  }
  const [row] = await db
    .insert(postalPartners)
    .values({ ...parsed.data, createdAt: now })
    .onConflictDoNothing({ target: postalPartners.code })
    .returning();
  if (!row) return { ok: false, errors: { code: `Mã đối tác "${parsed.data.code}" đã được dùng.` } };
  return { ok: true, value: row };
}

export async function listPartners(db: Database) {
  return db.select().from(postalPartners).orderBy(asc(postalPartners.id));
}

export async function findPartnerByCode(db: Database, code: string): Promise<PostalPartner | null> {
  const [row] = await db.select().from(postalPartners).where(eq(postalPartners.code, code));
  return row ?? null;
}

/** The partner new orders go to: the first active one (one postal operator serves a province). */
export async function orderPartner(db: Database): Promise<PostalPartner | null> {
  const [row] = await db.select().from(postalPartners).where(eq(postalPartners.active, true)).orderBy(asc(postalPartners.id)).limit(1);
  return row ?? null;
}

const sha256Hex = (value: string) => createHash("sha256").update(value, "utf8").digest("hex");

function parseScopes(scopes: readonly string[]): PartnerScope[] {
  const chosen = PARTNER_SCOPES.filter((s) => scopes.includes(s));
  if (chosen.length === 0) throw new PartnerAdminError("Vui lòng chọn ít nhất một quyền cho khoá API.");
  return chosen;
}

export class PartnerAdminError extends Error {}

/** Issues an API key; the returned `key` is the only time it exists outside the partner's hands. */
export async function issueApiKey(db: Database, partnerId: number, scopes: readonly string[], now = new Date()) {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db
    .insert(partnerApiKeys)
    .values({ partnerId, prefix: key.slice(0, VISIBLE), keyHash: sha256Hex(key), scopes: parseScopes(scopes), createdAt: now })
    .returning();
  return { key, record: row };
}

export async function revokeApiKey(db: Database, partnerId: number, keyId: number, now = new Date()): Promise<boolean> {
  const updated = await db
    .update(partnerApiKeys)
    .set({ revokedAt: now })
    .where(and(eq(partnerApiKeys.id, keyId), eq(partnerApiKeys.partnerId, partnerId), isNull(partnerApiKeys.revokedAt)))
    .returning({ id: partnerApiKeys.id });
  return updated.length > 0;
}

function overlapUntil(now: Date, hours: number): Date {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_OVERLAP_HOURS) {
    throw new PartnerAdminError(`Thời gian dùng song song phải từ 1 đến ${MAX_OVERLAP_HOURS} giờ.`);
  }
  return new Date(now.getTime() + hours * 3_600_000);
}

/** A new key with the old key's scopes; the old one works until `overlapHours` from now. */
export async function rotateApiKey(db: Database, partnerId: number, keyId: number, overlapHours: number, now = new Date()) {
  const until = overlapUntil(now, overlapHours);
  const [old] = await db
    .select()
    .from(partnerApiKeys)
    .where(and(eq(partnerApiKeys.id, keyId), eq(partnerApiKeys.partnerId, partnerId)));
  if (!old || !isLive(old, now)) throw new PartnerAdminError("Khoá API này đã bị thu hồi hoặc hết hạn, không thể thay thế.");
  const issued = await issueApiKey(db, partnerId, old.scopes, now);
  const expiresAt = old.expiresAt && old.expiresAt < until ? old.expiresAt : until;
  await db.update(partnerApiKeys).set({ expiresAt }).where(eq(partnerApiKeys.id, old.id));
  return { ...issued, oldExpiresAt: expiresAt };
}

const isLive = (row: { revokedAt: Date | null; expiresAt: Date | null }, now: Date) =>
  row.revokedAt === null && (row.expiresAt === null || row.expiresAt.getTime() > now.getTime());

export type AuthenticatedPartner = { partner: PostalPartner; key: PartnerApiKey };
export type KeyCheck = { ok: true; value: AuthenticatedPartner } | { ok: false; reason: "missing" | "unknown" | "revoked" | "inactive" };

/** Finds the partner a Bearer key belongs to. Unknown and retired keys are told apart only in the reason. */
export async function authenticateApiKey(db: Database, key: string | null, now = new Date()): Promise<KeyCheck> {
  if (!key) return { ok: false, reason: "missing" };
  if (!key.startsWith(KEY_PREFIX) || key.length < VISIBLE + 16 || key.length > 200) return { ok: false, reason: "unknown" };
  const wanted = Buffer.from(sha256Hex(key), "hex");
  const candidates = await db
    .select({ key: partnerApiKeys, partner: postalPartners })
    .from(partnerApiKeys)
    .innerJoin(postalPartners, eq(postalPartners.id, partnerApiKeys.partnerId))
    .where(eq(partnerApiKeys.prefix, key.slice(0, VISIBLE)));
  const match = candidates.find((c) => timingSafeEqual(Buffer.from(c.key.keyHash, "hex"), wanted));
  if (!match) return { ok: false, reason: "unknown" };
  if (!isLive(match.key, now)) return { ok: false, reason: "revoked" };
  if (!match.partner.active) return { ok: false, reason: "inactive" };
  await db.update(partnerApiKeys).set({ lastUsedAt: now }).where(eq(partnerApiKeys.id, match.key.id));
  return { ok: true, value: match };
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/**
 * A new signing secret. With `overlapHours`, the partner's other live secrets stay valid until then
 * (a rotation); without, they are left as they are (the first secret, or an extra one).
 */
export async function issueWebhookSecret(db: Database, partnerId: number, options: { overlapHours?: number; now?: Date } = {}) {
  const now = options.now ?? new Date();
  const until = options.overlapHours === undefined ? null : overlapUntil(now, options.overlapHours);
  const secret = newWebhookSecret();
  if (until) {
    const live = await liveSecrets(db, partnerId, now);
    for (const old of live) {
      if (!old.expiresAt || old.expiresAt > until) {
        await db.update(partnerWebhookSecrets).set({ expiresAt: until }).where(eq(partnerWebhookSecrets.id, old.id));
      }
    }
  }
  const [record] = await db
    .insert(partnerWebhookSecrets)
    .values({ partnerId, secret, prefix: secret.slice(0, 12), createdAt: now })
    .returning();
  return { secret, record };
}

export async function revokeWebhookSecret(db: Database, partnerId: number, secretId: number, now = new Date()): Promise<boolean> {
  const updated = await db
    .update(partnerWebhookSecrets)
    .set({ revokedAt: now })
    .where(and(eq(partnerWebhookSecrets.id, secretId), eq(partnerWebhookSecrets.partnerId, partnerId), isNull(partnerWebhookSecrets.revokedAt)))
    .returning({ id: partnerWebhookSecrets.id });
  return updated.length > 0;
}

/** Secrets that verify the partner's webhooks now, newest first; the first one signs our orders. */
export async function liveSecrets(db: Database, partnerId: number, now = new Date()): Promise<PartnerWebhookSecret[]> {
  return db
    .select()
    .from(partnerWebhookSecrets)
    .where(
      and(
        eq(partnerWebhookSecrets.partnerId, partnerId),
        isNull(partnerWebhookSecrets.revokedAt),
        or(isNull(partnerWebhookSecrets.expiresAt), gt(partnerWebhookSecrets.expiresAt, now)),
      ),
    )
    // Issue order, not the stated time: the newest secret issued signs.
    .orderBy(desc(partnerWebhookSecrets.id));
}

/** What the administrator's page shows of a partner: never a key or a secret, only their prefixes. */
export async function partnerOverview(db: Database, partnerId: number, now = new Date()) {
  const [partner] = await db.select().from(postalPartners).where(eq(postalPartners.id, partnerId));
  if (!partner) return null;
  const keys = await db.select().from(partnerApiKeys).where(eq(partnerApiKeys.partnerId, partnerId)).orderBy(asc(partnerApiKeys.id));
  const secrets = await db
    .select()
    .from(partnerWebhookSecrets)
    .where(eq(partnerWebhookSecrets.partnerId, partnerId))
    .orderBy(asc(partnerWebhookSecrets.id));
  const stateOf = (row: { revokedAt: Date | null; expiresAt: Date | null }) =>
    row.revokedAt ? ("revoked" as const) : row.expiresAt && row.expiresAt <= now ? ("expired" as const) : row.expiresAt ? ("expiring" as const) : ("active" as const);
  return {
    partner,
    keys: keys.map((k) => ({ id: k.id, prefix: k.prefix, scopes: k.scopes, createdAt: k.createdAt, expiresAt: k.expiresAt, revokedAt: k.revokedAt, lastUsedAt: k.lastUsedAt, state: stateOf(k) })),
    secrets: secrets.map((s) => ({ id: s.id, prefix: s.prefix, createdAt: s.createdAt, expiresAt: s.expiresAt, revokedAt: s.revokedAt, state: stateOf(s) })),
  };
}
