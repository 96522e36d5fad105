import type { attachments } from "../../db/schema";
import type { AppServices } from "./context.server";

/** Bytes as a private HTTP download, with a name that keeps Vietnamese letters (RFC 6266). */
export function downloadResponse(bytes: Uint8Array, file: { fileName: string; mediaType: string }): Response {
  const asciiName = file.fileName.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "tep";
  return new Response(new Blob([new Uint8Array(bytes)]), {
    headers: {
      "Content-Type": file.mediaType,
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
