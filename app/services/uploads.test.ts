import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { localFolderStorage, type AttachmentStorage } from "./storage.server";
import { acceptUpload, fileField, noVirusScanner, parseForm, sanitizeFileName, UploadRejected, UPLOAD_LIMITS, type VirusScanner } from "./uploads.server";

let storage: AttachmentStorage;
beforeAll(async () => {
  storage = localFolderStorage(await mkdtemp(path.join(os.tmpdir(), "motcua-uploads-")));
});

const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

describe("uploads", () => {
  it("accepts a PDF by its bytes and stores it under its SHA-256", async () => {
    const upload = await acceptUpload(storage, noVirusScanner, "Tờ khai", new File([PDF], "../../Tờ khai (bản chính).pdf"));
    expect(upload).toMatchObject({ documentName: "Tờ khai", fileName: "Tờ khai _bản chính_.pdf", mediaType: "application/pdf", size: PDF.byteLength });
    expect(Buffer.from(await storage.get(upload.sha256))).toEqual(Buffer.from(PDF));
  });

  it("refuses a file whose bytes are not PDF, JPG or PNG, whatever its name says", async () => {
    const fake = new File([new TextEncoder().encode("<script>alert(1)</script>")], "giay-to.pdf", { type: "application/pdf" });
    await expect(acceptUpload(storage, noVirusScanner, "Tờ khai", fake)).rejects.toThrow(UploadRejected);
    await expect(acceptUpload(storage, noVirusScanner, "Tờ khai", fake)).rejects.toThrow(/không phải PDF, JPG hoặc PNG/);
    await expect(acceptUpload(storage, noVirusScanner, "Tờ khai", new File([], "rong.pdf"))).rejects.toThrow(/rỗng/);
  });

  it("refuses a file the virus scanner flags", async () => {
    const infected: VirusScanner = async () => ({ clean: false, signature: "Eicar-Test-Signature" });
    await expect(acceptUpload(storage, infected, "Tờ khai", new File([PDF], "a.pdf"))).rejects.toThrow(/mã độc \(Eicar-Test-Signature\)/);
  });

  it("keeps names readable and harmless", () => {
    expect(sanitizeFileName("C:\\Users\\an\\Giấy khai sinh.pdf")).toBe("Giấy khai sinh.pdf");
    expect(sanitizeFileName("..")).toBe("tep-dinh-kem");
    expect(sanitizeFileName("a\u0000b<>.pdf")).toBe("a_b_.pdf");
  });

  it("reads an oversized file as a marker and keeps every other field of the form", async () => {
    const form = new FormData();
    form.append("applicantName", "Nguyễn Văn An");
    form.append("doc-0", new File([new Uint8Array(UPLOAD_LIMITS.maxFileBytes + 1)], "qua-lon.pdf", { type: "application/pdf" }));
    form.append("doc-1", new File([PDF], "nho.pdf", { type: "application/pdf" }));
    const parsed = await parseForm(new Request("http://localhost/", { method: "POST", body: form }), {
      fields: (name) => name === "applicantName",
      files: (name) => name.startsWith("doc-"),
      maxFiles: 2,
    });
    expect(parsed.get("applicantName")).toBe("Nguyễn Văn An");
    expect(fileField(parsed.get("doc-0"))).toEqual({ oversizeName: "qua-lon.pdf" });
    const small = fileField(parsed.get("doc-1"));
    expect(small && "file" in small && small.file.size).toBe(PDF.byteLength);
  });
});
