import type { attachments } from "../../db/schema";
import type { AppServices } from "./context.server";

/** A stored attachment as an HTTP download, with a name that keeps Vietnamese letters (RFC 6266). */
export async function attachmentResponse(services: AppServices, file: typeof attachments.$inferSelect): Promise<Response> {
  const bytes = await services.storage.get(file.sha256);
  const asciiName = file.fileName.normalize("NFD").replace(/[^\x20-\x7e]/g, "").replace(/["\\]/g, "_") || "tep";
  return new Response(new Blob([bytes]), {
    headers: {
      "Content-Type": file.mediaType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
