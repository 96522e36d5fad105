/**
 * Small helpers around node-forge's certificate model. forge keeps X.509 string values as "binary
 * strings" (one char per byte), so UTF8String and BMPString values must be decoded here before
 * they are shown to anyone — the Vietnamese names issued by the Government Cipher Committee are
 * UTF-8.
 */
import forge from 'node-forge';

export type ForgeCertificate = forge.pki.Certificate;

export interface SignerIdentity {
  /** Họ và tên — the person's full name, or the organisation's name for a seal certificate. */
  name: string;
  /** Chức vụ — e.g. "Phó Chủ tịch", "Trưởng phòng". Empty for an organisation seal. */
  title: string;
  /** Cơ quan — the agency the certificate was issued for. */
  agency: string;
}

export function bufferToBinary(buf: Uint8Array): string {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1');
}

export function binaryToBuffer(bin: string): Buffer {
  return Buffer.from(bin, 'latin1');
}

export function certificateFromDer(der: Uint8Array): ForgeCertificate {
  return forge.pki.certificateFromAsn1(forge.asn1.fromDer(bufferToBinary(der)));
}

export function certificateToDer(cert: ForgeCertificate): Buffer {
  return binaryToBuffer(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
}

function decodeAttributeValue(attr: { value?: unknown; valueTagClass?: unknown }): string {
  const raw = typeof attr.value === 'string' ? attr.value : '';
  if (attr.valueTagClass === forge.asn1.Type.UTF8) return forge.util.decodeUtf8(raw);
  if (attr.valueTagClass === forge.asn1.Type.BMPSTRING) {
    return Buffer.from(raw, 'latin1').swap16().toString('utf16le');
  }
  return raw;
}

type ForgeName = ForgeCertificate['subject'];

/** The first value of an attribute, decoded. */
export function nameAttribute(name: ForgeName, shortNameOrOid: string): string | undefined {
  const attr = name.attributes.find(
    (a) => a.shortName === shortNameOrOid || a.type === shortNameOrOid || a.name === shortNameOrOid,
  );
  return attr ? decodeAttributeValue(attr) : undefined;
}

/** RFC 4514-like rendering, most significant RDN last, UTF-8 decoded. */
export function formatName(name: ForgeName): string {
  return name.attributes
    .map((a) => `${a.shortName ?? a.name ?? a.type}=${decodeAttributeValue(a)}`)
    .reverse()
    .join(', ');
}

/** What a certificate says about its holder: CN, title (2.5.4.12), O (or OU). */
export function identityFromCertificate(cert: ForgeCertificate): SignerIdentity {
  return {
    name: nameAttribute(cert.subject, 'CN') ?? '',
    title: nameAttribute(cert.subject, '2.5.4.12') ?? '',
    agency: nameAttribute(cert.subject, 'O') ?? nameAttribute(cert.subject, 'OU') ?? '',
  };
}
