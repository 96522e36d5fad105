import { createHmac, timingSafeEqual } from "node:crypto";
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { fileTypeFromBuffer } from "file-type";
import type { AttachmentStorage } from "./storage.server";

export const UPLOAD_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  maxFiles: 10,
  /** Decided by the bytes, never by the name or the browser's claim. */
  allowedMediaTypes: ["application/pdf", "image/jpeg", "image/png"] as const,
};

/** A stored upload not yet tied to a dossier: carried through a failed submit so nothing is re-uploaded. */
export type PendingUpload = {
  documentName: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
};

export class UploadRejected extends Error {}

/** A virus scanner runs before a file is accepted; deployments plug ClamAV's clamd in here. */
export type VirusScanner = (bytes: Uint8Array) => Promise<{ clean: true } | { clean: false; signature: string }>;
export const noVirusScanner: VirusScanner = async () => ({ clean: true });

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

export async function acceptUpload(
  storage: AttachmentStorage,
  scanner: VirusScanner,
  documentName: string,
  file: File,
): Promise<PendingUpload> {
  const label = `"${file.name}" (${documentName})`;
  if (file.size === 0) throw new UploadRejected(`Tệp ${label} rỗng.`);
  if (file.size > UPLOAD_LIMITS.maxFileBytes) {
    throw new UploadRejected(`Tệp ${label} vượt quá dung lượng cho phép 10 MB.`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const detected = await fileTypeFromBuffer(bytes);
  if (!detected || !(UPLOAD_LIMITS.allowedMediaTypes as readonly string[]).includes(detected.mime)) {
    throw new UploadRejected(`Tệp ${label} không phải PDF, JPG hoặc PNG. Vui lòng chọn đúng loại tệp.`);
  }
  const scan = await scanner(bytes);
  if (!scan.clean) throw new UploadRejected(`Tệp ${label} bị phát hiện mã độc (${scan.signature}) và không được nhận.`);
  const { sha256, size } = await storage.put(bytes);
  return { documentName, fileName: sanitizeFileName(file.name), mediaType: detected.mime, size, sha256 };
}

/** Tokens let the browser hand a stored upload back to us without us trusting what it says about it. */
export function signPendingUpload(secret: string, userId: number, upload: PendingUpload): string {
  const payload = Buffer.from(JSON.stringify([userId, upload])).toString("base64url");
  return `${payload}.${createHmac("sha256", secret).update(payload).digest("base64url")}`;
}

export function readPendingUpload(secret: string, userId: number, token: string): PendingUpload | null {
  const [payload, mac] = token.split(".");
  if (!payload || !mac) return null;
  const expected = createHmac("sha256", secret).update(payload).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [owner, upload] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as [number, PendingUpload];
  return owner === userId ? upload : null;
}

const OVERSIZE_MARKER = "\u0000oversize:";
const MAX_TEXT_FIELD_BYTES = 64 * 1024;

/**
 * Parses a multipart form without ever throwing away what the user typed: an oversized file becomes
 * a marker that validation reports, instead of an exception that would lose the whole form.
 */
export async function parseFormWithUploads(request: Request): Promise<FormData> {
  return unstable_parseMultipartFormData(request, async (part) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const limit = part.filename === undefined ? MAX_TEXT_FIELD_BYTES : UPLOAD_LIMITS.maxFileBytes;
    let oversize = false;
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      if (size > limit) oversize = true; // keep draining so the rest of the form is still read
      else chunks.push(chunk);
    }
    if (part.filename === undefined) {
      return oversize ? "" : new TextDecoder().decode(Buffer.concat(chunks));
    }
    if (!part.filename) return null; // an empty file input
    if (oversize) return `${OVERSIZE_MARKER}${part.filename}`;
    return new File([Buffer.concat(chunks)], part.filename, { type: part.contentType });
  });
}

/** A file field's value: the file, an oversize marker's file name, or nothing chosen. */
export function fileField(value: FormDataEntryValue | null): { file: File } | { oversizeName: string } | null {
  if (value instanceof File) return value.size > 0 || value.name ? { file: value } : null;
  if (typeof value === "string" && value.startsWith(OVERSIZE_MARKER)) return { oversizeName: value.slice(OVERSIZE_MARKER.length) };
  return null;
}
