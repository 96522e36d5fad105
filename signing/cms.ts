/**
 * CMS SignedData for PAdES baseline B-B (ETSI EN 319 142-1): a detached signature whose signed
 * attributes are content-type, message-digest and signing-certificate-v2 — and no signing-time,
 * because in PAdES the claimed time lives in the signature dictionary's /M.
 */
import { createHash } from 'node:crypto';
import { der, derChildren, integer, NULL, octets, oid, readDer, seq, setOf } from './der.js';
import type { SignatureAlgorithm, Signer } from './keys.js';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const;

const sha256Algorithm = () => seq(oid(OID.sha256), NULL);

function signatureAlgorithm(alg: SignatureAlgorithm): Buffer {
  // RFC 5754: rsaEncryption with NULL parameters is the most widely accepted label for RSA;
  // ECDSA algorithm identifiers must omit the parameters.
  return alg === 'rsa-pkcs1-sha256' ? seq(oid(OID.rsaEncryption), NULL) : seq(oid(OID.ecdsaWithSHA256));
}

const attribute = (type: string, value: Buffer) => seq(oid(type), setOf(value));

/** Issuer Name and serialNumber INTEGER copied byte for byte from the certificate. */
function issuerAndSerial(cert: Buffer): { issuer: Buffer; serial: Buffer } {
  const tbs = derChildren(cert, readDer(cert))[0];
  const fields = derChildren(cert, tbs);
  const i = fields[0].tag === 0xa0 ? 1 : 0; // skip the explicit [0] version
  return {
    serial: cert.subarray(fields[i].start, fields[i].end),
    issuer: cert.subarray(fields[i + 2].start, fields[i + 2].end),
  };
}

export function buildSignedAttributes(contentDigest: Buffer, signerCert: Buffer): Buffer[] {
  // ESSCertIDv2 with the default hashAlgorithm (SHA-256) omitted, as DER requires, and without
  // issuerSerial, which EN 319 122-1 says should not be included.
  const essCertIdV2 = seq(octets(createHash('sha256').update(signerCert).digest()));
  return [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(contentDigest)),
    attribute(OID.signingCertificateV2, seq(seq(essCertIdV2))),
  ];
}

/** Detached CMS SignedData over content whose SHA-256 is `contentDigest`. */
export async function buildCmsSignedData(contentDigest: Buffer, signer: Signer): Promise<Buffer> {
  const attrs = buildSignedAttributes(contentDigest, signer.certificate);
  // The signature covers the attributes encoded as a SET; in the SignerInfo they sit under [0].
  const signedAttrsSet = setOf(...attrs);
  const signature = await signer.sign(signedAttrsSet);
  const { issuer, serial } = issuerAndSerial(signer.certificate);

  const signerInfo = seq(
    integer(1),
    seq(issuer, serial),
    sha256Algorithm(),
    Buffer.concat([Buffer.from([0xa0]), signedAttrsSet.subarray(1)]),
    signatureAlgorithm(signer.algorithm),
    octets(signature),
  );
  const certificates = [signer.certificate, ...signer.chain];
  const signedData = seq(
    integer(1),
    setOf(sha256Algorithm()),
    seq(oid(OID.data)),
    der(0xa0, ...certificates),
    setOf(signerInfo),
  );
  return seq(oid(OID.signedData), der(0xa0, signedData));
}

/** Upper bound of the CMS size for this signer, used to size the /Contents placeholder. */
export function estimateCmsSize(signer: Signer): number {
  const certs = [signer.certificate, ...signer.chain].reduce((n, c) => n + c.length, 0);
  // Attributes and framing stay under 400 bytes; 1024 covers an RSA-8192 or ECDSA signature.
  return certs + 400 + 1024;
}
