/**
 * Verification of the PDF signatures in a file: integrity of each CMS signature over its
 * ByteRange, the certificate path to trust anchors given by the caller, validity at the claimed
 * signing time, and whether anything was appended after the last signature.
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { OID } from './cms.js';
import { decodeOid, derBytes, derChildren, derContent, readDer, type DerNode } from './der.js';
import { decodeText, dictGet, parsePdfDate, PdfReader, type PdfValue } from './pdf-objects.js';
import { certificateFromDer, formatName, nameAttribute, type ForgeCertificate } from './x509.js';

export interface SignatureReport {
  fieldName: string;
  signerName: string;
  signerSubject: string;
  issuer: string;
  /** From the signature dictionary's /M: claimed by the signer, not proven. */
  signingTime?: Date;
  /** The CMS signature is correct and its message digest matches the signed byte ranges. */
  integrity: 'valid' | 'invalid';
  /** A path from the signer certificate to one of the trust roots, signatures and CA flags checked. */
  chainTrusted: boolean;
  /** Every certificate of that path was within its validity period at `signingTime`. */
  certValidAtSigning: boolean;
  /** The signed ranges reach the end of the file. */
  coversWholeDocument: boolean;
  /** SubFilter ETSI.CAdES.detached with signing-certificate-v2 and no signing-time attribute. */
  padesBaseline: boolean;
  reason?: string;
  location?: string;
  /** Why a check failed, in English, for logs. */
  problems: string[];
}

export interface VerificationReport {
  signatures: SignatureReport[];
  /** Bytes were appended after the last signature (an unsigned incremental update). */
  modifiedAfterLastSignature: boolean;
  /** At least one signature, all valid, trusted and in validity, and nothing unsigned appended. */
  ok: boolean;
}

export interface VerifyOptions {
  /** Trust anchors, PEM (one or more certificates per string). */
  trustRoots: string[];
  /** Time used for validity when a signature carries no /M; default: now. */
  at?: Date;
}

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};

interface SignatureDictionary {
  objectNumber: number;
  dict: PdfValue;
  byteRange: number[];
  contents: Extract<PdfValue, { type: 'string' }>;
}

function findSignatureDictionaries(reader: PdfReader): SignatureDictionary[] {
  const out: SignatureDictionary[] = [];
  const re = /\/ByteRange\s*\[/g;
  for (let m = re.exec(reader.text); m; m = re.exec(reader.text)) {
    const obj = reader.objectStart(m.index);
    if (!obj) continue;
    try {
      const { value } = reader.parse(obj.at);
      const br = dictGet(value, 'ByteRange');
      const contents = dictGet(value, 'Contents');
      if (br?.type !== 'array' || contents?.type !== 'string') continue;
      const byteRange = br.items.map((i) => (i.type === 'number' ? i.value : Number.NaN));
      out.push({ objectNumber: obj.num, dict: value, byteRange, contents });
      re.lastIndex = Math.max(re.lastIndex, contents.end);
    } catch {
      // Not a dictionary we can read (a stream's data, a damaged object): not a signature.
    }
  }
  return out;
}

/** Signature dictionary object number → field name, latest revision winning. */
function fieldNames(reader: PdfReader): Map<number, string> {
  const names = new Map<number, string>();
  const re = /\/FT\s*\/Sig\b/g;
  for (let m = re.exec(reader.text); m; m = re.exec(reader.text)) {
    const obj = reader.objectStart(m.index);
    if (!obj) continue;
    try {
      const { value } = reader.parse(obj.at);
      const v = dictGet(value, 'V');
      const t = decodeText(dictGet(value, 'T'));
      if (v?.type === 'ref' && t) names.set(v.num, t);
    } catch {
      /* unreadable field: the signature is still reported, unnamed */
    }
  }
  return names;
}

interface ParsedCms {
  certificates: Buffer[];
  digestAlgorithm: string;
  signedAttrs?: { node: DerNode; attrs: Map<string, DerNode[]> };
  signatureAlgorithm: string;
  signature: Buffer;
  sid: { issuer?: Buffer; serial?: Buffer };
}

function parseCms(der: Buffer): ParsedCms {
  const ci = readDer(der);
  const [type, wrapped] = derChildren(der, ci);
  if (decodeOid(derContent(der, type)) !== OID.signedData) throw new Error('Not a CMS SignedData');
  const sd = derChildren(der, derChildren(der, wrapped)[0]);
  let i = 3;
  const certificates: Buffer[] = [];
  if (sd[i]?.tag === 0xa0) certificates.push(...derChildren(der, sd[i++]).filter((c) => c.tag === 0x30).map((c) => derBytes(der, c)));
  if (sd[i]?.tag === 0xa1) i++;
  const signerInfos = derChildren(der, sd[i]);
  if (signerInfos.length !== 1) throw new Error(`Expected one SignerInfo, found ${signerInfos.length}`);
  const si = derChildren(der, signerInfos[0]);
  let j = 1;
  const sidNode = si[j++];
  const sid: ParsedCms['sid'] = {};
  if (sidNode.tag === 0x30) {
    const [issuer, serial] = derChildren(der, sidNode);
    sid.issuer = derBytes(der, issuer);
    sid.serial = derBytes(der, serial);
  }
  const digestAlgorithm = decodeOid(derContent(der, derChildren(der, si[j++])[0]));
  let signedAttrs: ParsedCms['signedAttrs'];
  if (si[j].tag === 0xa0) {
    const node = si[j++];
    const attrs = new Map<string, DerNode[]>();
    for (const attr of derChildren(der, node)) {
      const [oid, values] = derChildren(der, attr);
      attrs.set(decodeOid(derContent(der, oid)), derChildren(der, values));
    }
    signedAttrs = { node, attrs };
  }
  const signatureAlgorithm = decodeOid(derContent(der, derChildren(der, si[j++])[0]));
  const signature = derContent(der, si[j]);
  return { certificates, digestAlgorithm, signedAttrs, signatureAlgorithm, signature, sid };
}

function issuerAndSerialOf(cert: Buffer): { issuer: Buffer; serial: Buffer } {
  const fields = derChildren(cert, derChildren(cert, readDer(cert))[0]);
  const k = fields[0].tag === 0xa0 ? 1 : 0;
  return { serial: derBytes(cert, fields[k]), issuer: derBytes(cert, fields[k + 2]) };
}

function pemCertificates(pems: string[]): ForgeCertificate[] {
  return pems.flatMap((pem) =>
    (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => forge.pki.certificateFromPem(p)),
  );
}

const derOf = (c: ForgeCertificate) => forge.asn1.toDer(forge.pki.certificateToAsn1(c)).getBytes();

/** Leaf first, up to and including the trust root, or undefined when no root is reached. */
function buildPath(leaf: ForgeCertificate, pool: ForgeCertificate[], roots: ForgeCertificate[]): ForgeCertificate[] | undefined {
  const path = [leaf];
  const rootDers = new Set(roots.map(derOf));
  for (let depth = 0; depth < 8; depth++) {
    const current = path[path.length - 1];
    if (rootDers.has(derOf(current))) return path;
    const root = roots.find((r) => r.subject.hash === current.issuer.hash);
    if (root) return [...path, root];
    const next = pool.find((c) => c.subject.hash === current.issuer.hash && !path.includes(c));
    if (!next) return undefined;
    path.push(next);
  }
  return undefined;
}

function checkChain(path: ForgeCertificate[], roots: ForgeCertificate[]): boolean {
  try {
    const store = forge.pki.createCaStore(roots);
    // Dates are judged separately, at the signing time; here only signatures and CA constraints.
    const chain = path.length > 1 && roots.some((r) => derOf(r) === derOf(path[path.length - 1])) ? path.slice(0, -1) : path;
    return forge.pki.verifyCertificateChain(store, chain, { validityCheckDate: null } as unknown as Parameters<typeof forge.pki.verifyCertificateChain>[2]) === true;
  } catch {
    return false;
  }
}

function verifyOne(
  pdf: Buffer,
  sig: SignatureDictionary,
  fieldName: string,
  roots: ForgeCertificate[],
  fallbackTime: Date,
): SignatureReport {
  const problems: string[] = [];
  const [a, b, c, d] = sig.byteRange;
  const signingTime = parsePdfDate(decodeText(dictGet(sig.dict, 'M')));
  const subFilter = dictGet(sig.dict, 'SubFilter');
  const report: SignatureReport = {
    fieldName,
    signerName: '',
    signerSubject: '',
    issuer: '',
    signingTime,
    integrity: 'invalid',
    chainTrusted: false,
    certValidAtSigning: false,
    coversWholeDocument: false,
    padesBaseline: false,
    reason: decodeText(dictGet(sig.dict, 'Reason')),
    location: decodeText(dictGet(sig.dict, 'Location')),
    problems,
  };

  const rangeOk =
    sig.byteRange.length === 4 &&
    sig.byteRange.every((n) => Number.isInteger(n) && n >= 0) &&
    a === 0 &&
    b === sig.contents.start &&
    c === sig.contents.end &&
    c + d <= pdf.length;
  if (!rangeOk) problems.push('ByteRange does not exclude exactly this signature’s /Contents');
  report.coversWholeDocument = rangeOk && c + d === pdf.length;

  let cms: ParsedCms;
  try {
    const der = sig.contents.bytes;
    cms = parseCms(der.subarray(0, readDer(der).end));
  } catch (e) {
    problems.push(`Unreadable CMS: ${(e as Error).message}`);
    return report;
  }

  const signerDer = cms.certificates.find((cert) => {
    const { issuer, serial } = issuerAndSerialOf(cert);
    return cms.sid.issuer?.equals(issuer) && cms.sid.serial?.equals(serial);
  });
  if (!signerDer) {
    problems.push('The signer certificate is not in the CMS');
    return report;
  }
  const signer = certificateFromDer(signerDer);
  report.signerName = nameAttribute(signer.subject, 'CN') ?? '';
  report.signerSubject = formatName(signer.subject);
  report.issuer = formatName(signer.issuer);

  // Integrity: digest of the ranges, then the signature over the signed attributes.
  const hash = HASHES[cms.digestAlgorithm];
  const attrs = cms.signedAttrs;
  if (!hash) problems.push(`Unsupported digest algorithm ${cms.digestAlgorithm}`);
  else if (!attrs) problems.push('No signed attributes');
  else if (rangeOk) {
    const digest = createHash(hash).update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest();
    const md = attrs.attrs.get(OID.messageDigest)?.[0];
    const ct = attrs.attrs.get(OID.contentType)?.[0];
    const der = sig.contents.bytes;
    const digestOk = md !== undefined && derContent(der, md).equals(digest);
    const typeOk = ct !== undefined && decodeOid(derContent(der, ct)) === OID.data;
    // What was signed is the attributes' DER with the SET tag, not the [0] of the SignerInfo.
    const signed = Buffer.concat([Buffer.from([0x31]), der.subarray(attrs.node.start + 1, attrs.node.end)]);
    let sigOk = false;
    try {
      sigOk = cryptoVerify(hash, signed, new X509Certificate(signerDer).publicKey, cms.signature);
    } catch (e) {
      problems.push(`Signature check failed: ${(e as Error).message}`);
    }
    if (!digestOk) problems.push('The document digest does not match: the signed bytes were changed');
    if (!typeOk) problems.push('content-type attribute missing or not id-data');
    if (!sigOk) problems.push('The CMS signature does not verify with the signer certificate');

    const essV2 = attrs.attrs.get(OID.signingCertificateV2)?.[0];
    let essOk = false;
    if (essV2) {
      // SigningCertificateV2 → certs → first ESSCertIDv2 → (hashAlgorithm?) certHash
      const first = derChildren(der, derChildren(der, derChildren(der, essV2)[0])[0]);
      const hasAlg = first[0].tag === 0x30;
      const alg = hasAlg ? HASHES[decodeOid(derContent(der, derChildren(der, first[0])[0]))] : 'sha256';
      const certHash = derContent(der, first[hasAlg ? 1 : 0]);
      essOk = alg !== undefined && createHash(alg).update(signerDer).digest().equals(certHash);
      if (!essOk) problems.push('signing-certificate-v2 does not match the signer certificate');
    }
    report.padesBaseline =
      subFilter?.type === 'name' && subFilter.name === 'ETSI.CAdES.detached' && essOk && !attrs.attrs.has(OID.signingTime);
    if (digestOk && typeOk && sigOk && (!essV2 || essOk)) report.integrity = 'valid';
  }

  const pool = cms.certificates.map(certificateFromDer);
  const path = buildPath(signer, pool, roots);
  report.chainTrusted = path !== undefined && checkChain(path, roots);
  if (!report.chainTrusted) problems.push('No trusted certificate path');
  const when = signingTime ?? fallbackTime;
  report.certValidAtSigning = (path ?? [signer]).every((cert) => cert.validity.notBefore <= when && when <= cert.validity.notAfter);
  if (!report.certValidAtSigning) problems.push(`A certificate was not valid at ${when.toISOString()}`);
  return report;
}

export async function verifyPdf(pdf: Uint8Array, opts: VerifyOptions): Promise<VerificationReport> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const reader = new PdfReader(bytes.toString('latin1'));
  const roots = pemCertificates(opts.trustRoots);
  const names = fieldNames(reader);
  const dicts = findSignatureDictionaries(reader).sort(
    (x, y) => (x.byteRange[2] ?? 0) + (x.byteRange[3] ?? 0) - ((y.byteRange[2] ?? 0) + (y.byteRange[3] ?? 0)),
  );
  const signatures = dicts.map((d, i) =>
    verifyOne(bytes, d, names.get(d.objectNumber) ?? `Signature${i + 1}`, roots, opts.at ?? new Date()),
  );
  const modifiedAfterLastSignature = signatures.length > 0 && !signatures[signatures.length - 1].coversWholeDocument;
  const ok =
    signatures.length > 0 &&
    !modifiedAfterLastSignature &&
    signatures.every((s) => s.integrity === 'valid' && s.chainTrusted && s.certValidAtSigning);
  return { signatures, modifiedAfterLastSignature, ok };
}
