import { randomBytes } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import type { Database } from "../../db/client";
import { attachments, pendingUploads, periodicReports } from "../../db/schema";
import { clamdScan, parseClamavUrl, ScannerUnavailable } from "./clamav.server";
import { draftFileHashes, purgeExpiredDrafts } from "./drafts.server";
import { MULTIPART_LIMITS } from "./multipart.server";
import { describeActiveContent, inspectPdf } from "./pdf-active-content.server";
import type { AttachmentStorage } from "./storage.server";

export { fileField, FormRejected, parseForm, rejectionHeaders } from "./multipart.server";

export const UPLOAD_LIMITS = {
  maxFileBytes: MULTIPART_LIMITS.maxFileBytes,
  maxFiles: 10,
  /** Decided by the bytes, never by the name or the browser's claim. */
  allowedMediaTypes: ["application/pdf", "image/jpeg", "image/png"] as const,
};

export function isAllowedMediaType(mediaType: string): boolean {
  return (UPLOAD_LIMITS.allowedMediaTypes as readonly string[]).includes(mediaType);
}

/** What the server found out about an accepted, stored file. */
export type PendingUpload = {
  documentName: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
};

/** A stored upload not yet tied to a dossier; the browser only ever holds its `id`. */
export type PendingUploadRecord = PendingUpload & { id: string };

export class UploadRejected extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 | 503 = 400,
  ) {
    super(message);
  }
}

/** A virus scanner runs before a file is accepted. */
export type VirusScanner = (bytes: Uint8Array) => Promise<{ clean: true } | { clean: false; signature: string }>;
export const noVirusScanner: VirusScanner = async () => ({ clean: true });

/** ClamAV's clamd at `tcp://host:port`. Unreachable → ScannerUnavailable, and the upload is refused. */
export function clamavScanner(url: string): VirusScanner {
  const address = parseClamavUrl(url);
  return (bytes) => clamdScan(address, bytes);
}

/** Keeps letters (Vietnamese included), digits, dot, dash, underscore and spaces; drops paths and controls. */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._\- ]+/gu, "_")
    .replace(/^[.\s]+/, "")
    .trim()
    .slice(-120);
  return cleaned || "tep-dinh-kem";
}

/** Checks a file (size, type by its bytes, active PDF content, viruses) and stores it. */
export async function acceptUpload(
  storage: AttachmentStorage,
  scanner: VirusScanner,
  documentName: string,
  file: File,
): Promise<PendingUpload> {
  const fileName = sanitizeFileName(file.name);
  const label = `"${fileName}" (${documentName})`;
  if (file.size === 0) throw new UploadRejected(`Tệp ${label} rỗng.`);
  if (file.size > UPLOAD_LIMITS.maxFileBytes) {
    throw new UploadRejected(`Tệp ${label} vượt quá dung lượng cho phép 10 MB.`, 413);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !isAllowedMediaType(detected.mime)) {
    throw new UploadRejected(`Tệp ${label} không phải PDF, JPG hoặc PNG. Vui lòng chọn đúng loại tệp.`);
  }
  if (detected.mime === "application/pdf") {
    const inspection = inspectPdf(bytes);
    if (!inspection.safe) {
      throw new UploadRejected(
        `Tệp ${label} ${describeActiveContent(inspection)} nên không được nhận. Vui lòng in tệp ra PDF thông thường (chức năng "In ra PDF") rồi tải lên lại.`,
      );
    }
  }
  let scan: Awaited<ReturnType<VirusScanner>>;
  try {
    scan = await scanner(bytes);
  } catch (error) {
    if (!(error instanceof ScannerUnavailable)) throw error;
    // Fail closed: a file that could not be scanned is not accepted.
    throw new UploadRejected(`Hệ thống kiểm tra virus đang tạm ngừng nên tệp ${label} chưa được nhận. Vui lòng thử lại sau ít phút.`, 503);
  }
  if (!scan.clean) throw new UploadRejected(`Tệp ${label} bị phát hiện mã độc (${scan.signature}) và không được nhận.`);
  const { sha256, size } = await storage.put(bytes);
  return { documentName, fileName, mediaType: detected.mime, size, sha256 };
}

/** Accepts a file and records it as its owner's pending upload. */
export async function createPendingUpload(
  services: { storage: AttachmentStorage; scanner: VirusScanner; database: { db: Database } },
  ownerUserId: number,
  documentName: string,
  file: File,
): Promise<PendingUploadRecord> {
  const upload = await acceptUpload(services.storage, services.scanner, documentName, file);
  const id = randomBytes(32).toString("base64url");
  await services.database.db.insert(pendingUploads).values({ id, ownerUserId, ...upload });
  return { id, ...upload };
}

/** The pending upload with this id, if it belongs to this user; anything else is nothing. */
export async function findPendingUpload(db: Database, ownerUserId: number, id: string): Promise<PendingUploadRecord | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
  const [row] = await db
    .select()
    .from(pendingUploads)
    .where(and(eq(pendingUploads.id, id), eq(pendingUploads.ownerUserId, ownerUserId)));
  if (!row) return null;
  return { id: row.id, documentName: row.documentName, fileName: row.fileName, mediaType: row.mediaType, size: row.size, sha256: row.sha256 };
}

/** How long a pending upload waits for its form to be submitted. */
export const PENDING_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Removes pending uploads older than a day, then every stored file older than a day that neither an
 * attachment nor a pending upload names. A younger file may be about to be referenced (stored, its
 * row not yet committed), so it waits for a later run.
 */
export async function cleanupOrphanUploads(
  services: { storage: AttachmentStorage; database: { db: Database } },
  now = new Date(),
): Promise<{ pendingRemoved: number; filesRemoved: number }> {
  const { db } = services.database;
  const cutoff = new Date(now.getTime() - PENDING_UPLOAD_TTL_MS);
  // Expired submission drafts first (30 days after their last save): their files become orphans here.
  await purgeExpiredDrafts(db, now);
  const removed = await db.delete(pendingUploads).where(lt(pendingUploads.createdAt, cutoff)).returning({ id: pendingUploads.id });
  const referenced = new Set<string>();
  for (const row of await db.selectDistinct({ sha256: attachments.sha256 }).from(attachments)) referenced.add(row.sha256);
  for (const row of await db.selectDistinct({ sha256: pendingUploads.sha256 }).from(pendingUploads)) referenced.add(row.sha256);
  // The sealed periodic reports (issue 12) are kept like attachments.
  for (const row of await db.selectDistinct({ sha256: periodicReports.sha256 }).from(periodicReports)) referenced.add(row.sha256);
  // A saved submission draft keeps its files for weeks (drafts.server.ts).
  for (const sha256 of await draftFileHashes(db)) referenced.add(sha256);
  let filesRemoved = 0;
  for await (const stored of services.storage.list()) {
    if (referenced.has(stored.sha256) || stored.storedAt.getTime() >= cutoff.getTime()) continue;
    // Asked again just before deleting: a row may have named the file since the sets were read.
    if (await isReferenced(db, stored.sha256)) continue;
    await services.storage.delete(stored.sha256);
    filesRemoved += 1;
  }
  return { pendingRemoved: removed.length, filesRemoved };
}

async function isReferenced(db: Database, sha256: string): Promise<boolean> {
  const [attached] = await db.select({ id: attachments.id }).from(attachments).where(eq(attachments.sha256, sha256)).limit(1);
  if (attached) return true;
  const [pending] = await db.select({ id: pendingUploads.id }).from(pendingUploads).where(eq(pendingUploads.sha256, sha256)).limit(1);
  if (pending) return true;
  const [report] = await db.select({ id: periodicReports.id }).from(periodicReports).where(eq(periodicReports.sha256, sha256)).limit(1);
  return !!report || (await draftFileHashes(db)).has(sha256);
}
