import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { samplePdf } from "../test-support/fixtures";
import { inspectPdf } from "./pdf-active-content.server";

const latin1 = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));

/** A PDF whose one object stream (compressed) holds `objects`; `declared` says /Type /ObjStm or not. */
function withObjectStream(objects: string, declared: boolean): Uint8Array {
  const header = "5 0 ";
  const data = deflateSync(Buffer.from(header + objects, "latin1"));
  const dict = `<<${declared ? "/Type/ObjStm" : ""}/N 1/First ${header.length}/Filter/FlateDecode/Length ${data.length}>>`;
  return new Uint8Array(
    Buffer.concat([
      Buffer.from(`%PDF-1.5\n1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n4 0 obj\n${dict}\nstream\n`, "latin1"),
      data,
      Buffer.from("\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", "latin1"),
    ]),
  );
}

describe("PDF active content", () => {
  it("lets an ordinary scanned or printed PDF through", async () => {
    expect(inspectPdf(await samplePdf("To khai"))).toEqual({ safe: true });
    expect(inspectPdf(latin1("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))).toEqual({ safe: true });
  });

  it("finds an /OpenAction JavaScript that pdf-lib writes inside a compressed object stream", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.catalog.set(PDFName.of("OpenAction"), doc.context.obj({ S: "JavaScript", JS: PDFString.of("app.alert(1)") }));
    const bytes = await doc.save({ useObjectStreams: true });
    expect(Buffer.from(bytes).includes("OpenAction")).toBe(false); // really hidden from a plain byte search
    const inspection = inspectPdf(bytes);
    expect(inspection.safe).toBe(false);
    expect("found" in inspection && inspection.found.sort()).toEqual(["JS", "JavaScript", "OpenAction"]);
  });

  it("finds document-level JavaScript and embedded files", async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.addJavaScript("main", "app.launchURL('http://evil.example')");
    expect(inspectPdf(await doc.save())).toMatchObject({ safe: false });
    const attaching = await PDFDocument.create();
    attaching.addPage();
    await attaching.attach(new TextEncoder().encode("MZ"), "a.exe", { mimeType: "application/octet-stream" });
    const inspection = inspectPdf(await attaching.save());
    expect("found" in inspection && inspection.found).toEqual(expect.arrayContaining(["EmbeddedFiles", "EmbeddedFile"]));
  });

  it("decodes #xx escapes in names", () => {
    const pdf = latin1("%PDF-1.4\n1 0 obj<</Type/Catalog/Open#41ction 2 0 R>>endobj\n2 0 obj<</S/J#61vaScript/J#53(app.alert(1))>>endobj\n3 0 obj<</S/L#61unch/F(cmd.exe)>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
    const inspection = inspectPdf(pdf);
    expect("found" in inspection && inspection.found.sort()).toEqual(["JS", "JavaScript", "Launch", "OpenAction"]);
  });

  it("reads object streams that do not say they are, and refuses one it cannot decode", () => {
    expect(inspectPdf(withObjectStream("<</S/JavaScript/JS(app.alert(1))>>", false))).toMatchObject({ safe: false, found: ["JavaScript", "JS"] });
    expect(inspectPdf(withObjectStream("<</Type/Page>>", true))).toEqual({ safe: true });
    const lzw = latin1("%PDF-1.5\n4 0 obj\n<</Type/ObjStm/N 1/First 4/Filter/LZWDecode/Length 5>>\nstream\n\x80\x0b\x60\x50\x22\nendstream\nendobj\n%%EOF\n");
    expect(inspectPdf(lzw)).toEqual({ safe: false, unreadable: true });
  });

  it("does not read image bytes as names, where /JS can occur by chance", () => {
    const image = Buffer.from("\xff\xd8/JS /AA /OpenAction \xff\xd9", "latin1");
    const pdf = Buffer.concat([
      Buffer.from(`%PDF-1.4\n1 0 obj\n<</Type/XObject/Subtype/Image/Filter/DCTDecode/Length ${image.length}>>\nstream\n`, "latin1"),
      image,
      Buffer.from("\nendstream\nendobj\ntrailer<<>>\n%%EOF\n", "latin1"),
    ]);
    expect(inspectPdf(new Uint8Array(pdf))).toEqual({ safe: true });
  });
});
