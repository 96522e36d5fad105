/** Reads PDFs the way a person's tools do: poppler's pdftotext and pdfsig on a real file. */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function asFile(pdf: Uint8Array): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), "motcua-pdf-")), "document.pdf");
  await writeFile(file, pdf);
  return file;
}

/**
 * The text pdftotext extracts, with runs of white space folded to one space. `raw` keeps the
 * content-stream order, so a name wrapped inside a table cell stays in one piece.
 */
export async function pdfText(pdf: Uint8Array, options: { raw?: boolean } = {}): Promise<string> {
  const { stdout } = await run("pdftotext", [...(options.raw ? ["-raw"] : []), await asFile(pdf), "-"]);
  return stdout.replace(/\s+/g, " ");
}

/** pdfsig's report on the document's signatures. */
export async function pdfsigReport(pdf: Uint8Array): Promise<string> {
  return (await run("pdfsig", [await asFile(pdf)])).stdout;
}
