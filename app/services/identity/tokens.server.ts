/**
 * One-time secrets (ADR 0019): a verification sends a link and a 6-digit code, a password reset a
 * link. The database keeps hashes only; a secret is used once, expires, and a code allows a few
 * wrong tries before it is spent. Every check runs in the caller's transaction handle.
 */
import { createHash, createHmac, randomBytes, randomInt } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { oneTimeTokens, type OneTimeTokenPurpose } from "../../../db/schema";

/** How long each kind of secret lives. */
export const TOKEN_LIFETIME_MS: Record<OneTimeTokenPurpose, number> = {
  verifyEmail: 24 * 3600_000,
  verifyPhone: 15 * 60_000,
  resetPassword: 60 * 60_000,
};
/** Wrong codes before the verification is spent (a new one must be asked for). */
export const MAX_CODE_ATTEMPTS = 5;

const LINK_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const isTokenShaped = (value: string | null | undefined): value is string => !!value && LINK_PATTERN.test(value);

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const codeHmac = (secret: string, handle: string, code: string) => createHmac("sha256", secret).update(`${handle}\u0000${code}`).digest("hex");

export type IssuedToken = { link: string; handle: string | null; code: string | null; expiresAt: Date };

/**
 * Issues a secret for `purpose`, ending any earlier unused one of the same purpose for the user (the
 * newest mail is the one that works). Verifications get a code and the handle of the code page.
 */
export async function issueToken(
  tx: Database,
  input: { userId: number; purpose: OneTimeTokenPurpose; target: string; secret: string; now: Date },
): Promise<IssuedToken> {
  await tx
    .update(oneTimeTokens)
    .set({ usedAt: input.now })
    .where(and(eq(oneTimeTokens.userId, input.userId), eq(oneTimeTokens.purpose, input.purpose), isNull(oneTimeTokens.usedAt)));
  const link = randomBytes(32).toString("base64url");
  const withCode = input.purpose !== "resetPassword";
  const handle = withCode ? randomBytes(32).toString("base64url") : null;
  const code = withCode ? String(randomInt(0, 1_000_000)).padStart(6, "0") : null;
  const expiresAt = new Date(input.now.getTime() + TOKEN_LIFETIME_MS[input.purpose]);
  await tx.insert(oneTimeTokens).values({
    userId: input.userId,
    purpose: input.purpose,
    target: input.target,
    linkHash: sha256(link),
    handleHash: handle ? sha256(handle) : null,
    codeHash: handle && code ? codeHmac(input.secret, handle, code) : null,
    expiresAt,
    createdAt: input.now,
  });
  return { link, handle, code, expiresAt };
}

export type UsableToken = { id: number; userId: number; purpose: OneTimeTokenPurpose; target: string };

/** The live token a link names, without using it (the reset page shows its form first). */
export async function findLinkToken(tx: Database, link: string, purposes: OneTimeTokenPurpose[], now: Date): Promise<UsableToken | null> {
  if (!isTokenShaped(link)) return null;
  const [row] = await tx.select().from(oneTimeTokens).where(eq(oneTimeTokens.linkHash, sha256(link)));
  if (!row || !purposes.includes(row.purpose) || row.usedAt || row.expiresAt <= now) return null;
  return { id: row.id, userId: row.userId, purpose: row.purpose, target: row.target };
}

/** Uses a link's token: null when it is unknown, used, expired or of another purpose. */
export async function consumeLinkToken(tx: Database, link: string, purposes: OneTimeTokenPurpose[], now: Date): Promise<UsableToken | null> {
  const token = await findLinkToken(tx, link, purposes, now);
  if (!token) return null;
  // The update only wins while the token is unused: two clicks at once use it once.
  const used = await tx
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(and(eq(oneTimeTokens.id, token.id), isNull(oneTimeTokens.usedAt)))
    .returning({ id: oneTimeTokens.id });
  return used.length ? token : null;
}

export type CodeCheck = { ok: true; token: UsableToken } | { ok: false; reason: "invalid" | "spent" };

/**
 * Checks a typed code against the verification the handle names. A wrong code counts; after
 * MAX_CODE_ATTEMPTS the verification is spent even for the right code. Unknown handles, used or
 * expired verifications all answer "invalid", like a wrong code.
 */
export async function consumeCode(tx: Database, input: { handle: string; code: string; secret: string; now: Date }): Promise<CodeCheck> {
  if (!isTokenShaped(input.handle)) return { ok: false, reason: "invalid" };
  const [row] = await tx.select().from(oneTimeTokens).where(eq(oneTimeTokens.handleHash, sha256(input.handle)));
  if (!row || !row.codeHash || row.usedAt || row.expiresAt <= input.now) return { ok: false, reason: "invalid" };
  if (row.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: "spent" };
  const code = input.code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code) || codeHmac(input.secret, input.handle, code) !== row.codeHash) {
    const [after] = await tx
      .update(oneTimeTokens)
      .set({ attempts: row.attempts + 1 })
      .where(eq(oneTimeTokens.id, row.id))
      .returning({ attempts: oneTimeTokens.attempts });
    return { ok: false, reason: after.attempts >= MAX_CODE_ATTEMPTS ? "spent" : "invalid" };
  }
  const used = await tx
    .update(oneTimeTokens)
    .set({ usedAt: input.now })
    .where(and(eq(oneTimeTokens.id, row.id), isNull(oneTimeTokens.usedAt)))
    .returning({ id: oneTimeTokens.id });
  if (!used.length) return { ok: false, reason: "invalid" };
  return { ok: true, token: { id: row.id, userId: row.userId, purpose: row.purpose, target: row.target } };
}

/** Ends every unused secret of a user for these purposes (a reset done, an address changed again). */
export async function endTokens(tx: Database, userId: number, purposes: OneTimeTokenPurpose[], now: Date): Promise<void> {
  for (const purpose of purposes) {
    await tx
      .update(oneTimeTokens)
      .set({ usedAt: now })
      .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.purpose, purpose), isNull(oneTimeTokens.usedAt)));
  }
}
