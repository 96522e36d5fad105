/**
 * Signing certificates an administrator binds to an officer: read from PEM or DER with node-forge,
 * shown (subject, issuer, validity, SHA-256 of the DER) and stored as PEM with that hash.
 */
import { createHash } from "node:crypto";
import forge from "node-forge";
import { certificateFromDer, certificateToDer, formatName } from "../../../signing/x509";

export type CertificateInfo = { subject: string; issuer: string; notBefore: string; notAfter: string; sha256: string; serial: string };

export class CertificateUnreadable extends Error {}

export const sha256OfDer = (der: Uint8Array) => createHash("sha256").update(der).digest("hex");

/** A certificate from the bytes of an uploaded file, PEM or DER; one certificate, no key. */
export function readCertificate(bytes: Uint8Array): { pem: string; info: CertificateInfo } {
  const text = Buffer.from(bytes).toString("latin1");
  if (/PRIVATE KEY-----/.test(text)) throw new CertificateUnreadable("Tệp có chứa khóa bí mật. Chỉ tải lên chứng thư số (khóa công khai), không bao giờ tải khóa bí mật.");
  let der: Buffer;
  try {
    if (text.includes("-----BEGIN CERTIFICATE-----")) {
      der = certificateToDer(forge.pki.certificateFromPem(text.slice(text.indexOf("-----BEGIN CERTIFICATE-----"))));
    } else {
      certificateFromDer(bytes);
      der = Buffer.from(bytes);
    }
  } catch {
    throw new CertificateUnreadable("Không đọc được chứng thư số. Vui lòng tải lên tệp chứng thư X.509 dạng PEM (.pem, .crt) hoặc DER (.cer, .der).");
  }
  const cert = certificateFromDer(der);
  return { pem: forge.pki.certificateToPem(cert), info: infoOf(cert, der) };
}

function infoOf(cert: forge.pki.Certificate, der: Uint8Array): CertificateInfo {
  return {
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
    sha256: sha256OfDer(der),
    serial: cert.serialNumber,
  };
}

/** What the administrator's page shows of a stored PEM. */
export function certificateInfoOfPem(pem: string): CertificateInfo {
  const cert = forge.pki.certificateFromPem(pem);
  return infoOf(cert, certificateToDer(cert));
}
