/**
 * Production signers (issue #8): PKCS#12 files from a configured folder, made here with openssl,
 * behind the same Signer interface; the dev PKI only in demo mode.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPdf } from "../../signing";
import { pdfsigReport } from "../test-support/pdf";
import { readConfig } from "./config.server";
import { createPkcs12SignerDirectory, SigningKeyMissing, type SignerNames } from "./signers.server";

const run = promisify(execFile);
let dir: string;

/** A root CA and one certificate per subject, each exported as PKCS#12 the way openssl does by default. */
async function issue(file: string, subject: string, password: string) {
  const key = path.join(dir, `${file}.key`);
  await run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", path.join(dir, `${file}.csr`), "-utf8", "-subj", subject]);
  await writeFile(path.join(dir, "leaf.ext"), "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,nonRepudiation\n");
  await run("openssl", ["x509", "-req", "-in", path.join(dir, `${file}.csr`), "-CA", path.join(dir, "trust-roots.pem"), "-CAkey", path.join(dir, "ca.key"), "-CAcreateserial", "-out", path.join(dir, `${file}.pem`), "-days", "30", "-extfile", path.join(dir, "leaf.ext")]);
  await run("openssl", ["pkcs12", "-export", "-inkey", key, "-in", path.join(dir, `${file}.pem`), "-certfile", path.join(dir, "trust-roots.pem"), "-out", path.join(dir, `${file}.p12`), "-passout", `pass:${password}`]);
}

const names: SignerNames = {
  username: async (id) => ({ 1: "lanhdao.huyen", 2: "truongphong.huyen", 3: "../etc/passwd" })[id] ?? null,
  agencyIdentifier: async (id) => (id === 10 ? "000.00.15.H54" : null),
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "motcua-keys-"));
  await run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path.join(dir, "ca.key"), "-out", path.join(dir, "trust-roots.pem"), "-days", "30", "-utf8", "-subj", "/CN=CA thử nghiệm/O=Một Cửa"]);
  await issue("user-lanhdao.huyen", "/CN=Hoàng Văn Đức/title=Phó Chủ tịch UBND huyện/O=UBND huyện Đông Hưng", "mat-khau-chung");
  await issue("agency-000.00.15.H54", "/CN=UBND huyện Đông Hưng/O=UBND huyện Đông Hưng", "mat-khau-rieng");
  await writeFile(path.join(dir, "agency-000.00.15.H54.p12.password"), "mat-khau-rieng\n");
  await writeFile(path.join(dir, "password"), "mat-khau-chung\n");
});
afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

async function onePagePdf() {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText("Ket qua", { x: 72, y: 760 });
  return doc.save({ useObjectStreams: false });
}

describe("PKCS#12 signer directory", () => {
  it("signs with the officer's and the agency's files, and pdfsig accepts both signatures with their names", async () => {
    const signers = await createPkcs12SignerDirectory({ dir, passwordFile: path.join(dir, "password"), names });
    expect(signers.trustRootsPem).toHaveLength(1);
    const leader = await signers.forUser(1);
    expect(leader.identity).toMatchObject({ name: "Hoàng Văn Đức", agency: "UBND huyện Đông Hưng" });
    const now = new Date();
    const signed = await signPdf(await onePagePdf(), leader, { signingTime: now, reason: "Phê duyệt", fieldName: "Signature-signer" });
    const sealed = await signPdf(signed, await signers.forAgency(10), { signingTime: now, appearance: false, fieldName: "Signature-organisation" });
    const report = await pdfsigReport(sealed);
    expect(report.match(/Signature is Valid/g)).toHaveLength(2);
    expect(report).toContain("Signer Certificate Common Name: Hoàng Văn Đức");
    expect(report).toContain("Signer Certificate Common Name: UBND huyện Đông Hưng");
  });

  it("a missing file, a wrong password or an unsafe name is a clear refusal, not a crash", async () => {
    const signers = await createPkcs12SignerDirectory({ dir, passwordFile: path.join(dir, "password"), names });
    await expect(signers.forUser(2)).rejects.toThrow(SigningKeyMissing); // no file for the unit head
    await expect(signers.forUser(3)).rejects.toThrow(SigningKeyMissing); // would climb out of the folder
    await expect(signers.forAgency(11)).rejects.toThrow(SigningKeyMissing);
    await writeFile(path.join(dir, "wrong"), "khong-dung");
    const wrong = await createPkcs12SignerDirectory({ dir, passwordFile: path.join(dir, "wrong"), names });
    await expect(wrong.forUser(1)).rejects.toThrow(/sai mật khẩu/);
  });

  it("the dev PKI is chosen only in demo mode; SIGNING_KEYS_DIR selects the PKCS#12 folder", () => {
    const base = { NODE_ENV: "test", DATA_DIR: dir } as NodeJS.ProcessEnv;
    expect(readConfig(base).signingKeys).toEqual({ kind: "dev", dir: path.join(dir, "pki") });
    expect(readConfig({ ...base, DEMO_DATA: "0" }).signingKeys).toEqual({ kind: "none" });
    expect(readConfig({ ...base, DEMO_DATA: "0", SIGNING_KEYS_DIR: dir, SIGNING_KEYS_PASSWORD_FILE: path.join(dir, "password") }).signingKeys).toEqual({
      kind: "pkcs12",
      dir,
      passwordFile: path.join(dir, "password"),
    });
  });
});
