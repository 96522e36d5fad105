import type { attachments } from "../../db/schema";
import type { AppServices } from "./context.server";
import { isAllowedMediaType } from "./uploads.server";

/**
 * Bytes as a private HTTP download, with a name that keeps Vietnamese letters (RFC 6266). Only the
 * types an upload can have (checked by their bytes) are named as such; anything else a row may say
 * (older data, a mistake) goes out as opaque bytes, so the browser never renders it as a page.
 */
export function downloadResponse(bytes: Uint8Array, file: { fileName: string; mediaType: string }): Response {
  const mediaType = isAllowedMediaType(file.mediaType) ? file.mediaType : "application/octet-stream";
  const asciiName = file.fileName.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "tep";
  return new Response(new Blob([new Uint8Array(bytes)]), {
    headers: {
      "Content-Type": mediaType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A stored attachment as a download. */
export async function attachmentResponse(services: AppServices, file: typeof attachments.$inferSelect): Promise<Response> {
  return downloadResponse(await services.storage.get(file.sha256), file);
}
