/**
 * The person's own list of signed-in devices (tài khoản › phiên đăng nhập): each live session with
 * the device it was opened on, when, and when it was last seen; any one can be ended at once.
 */
import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { sessions } from "../../../db/schema";
import { hashToken, readSessionToken } from "../auth.server";

export type DeviceSummary = { browser: string | null; system: string | null };

/** "Chrome on Android" from a User-Agent: the browser and the system, nothing finer. */
export function summariseUserAgent(userAgent: string | null | undefined): DeviceSummary {
  if (!userAgent) return { browser: null, system: null };
  const ua = userAgent;
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /OPR\/|Opera/.test(ua)
      ? "Opera"
      : /CocCoc|coc_coc/i.test(ua)
        ? "Cốc Cốc"
        : /Firefox\//.test(ua)
          ? "Firefox"
          : /Chrom(e|ium)\//.test(ua)
            ? "Chrome"
            : /Safari\//.test(ua)
              ? "Safari"
              : null;
  const system = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad|iPod/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(ua)
          ? "macOS"
          : /CrOS/.test(ua)
            ? "ChromeOS"
            : /Linux/.test(ua)
              ? "Linux"
              : null;
  return { browser, system };
}

export type SessionRow = { id: string; device: DeviceSummary; createdAt: Date; lastSeenAt: Date; current: boolean };

/** The user's live sessions, the current one first, then the most recently seen. */
export async function listSessions(db: Database, request: Request, userId: number, now = new Date()): Promise<SessionRow[]> {
  const token = readSessionToken(request);
  const currentHash = token ? hashToken(token) : null;
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
  return rows
    .map((row) => ({
      id: row.publicId,
      device: summariseUserAgent(row.userAgent),
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      current: row.tokenHash === currentHash,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ends one of the user's own sessions by its handle; another person's handle ends nothing. */
export async function revokeSession(db: Database, userId: number, publicId: string, now = new Date()): Promise<boolean> {
  if (!UUID.test(publicId)) return false;
  const ended = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), eq(sessions.publicId, publicId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.publicId });
  return ended.length > 0;
}

/** Ends every session of the user but the one making the request. */
export async function revokeOtherSessions(db: Database, request: Request, userId: number, now = new Date()): Promise<number> {
  const token = readSessionToken(request);
  if (!token) return 0;
  const ended = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.tokenHash, hashToken(token))))
    .returning({ id: sessions.publicId });
  return ended.length;
}
