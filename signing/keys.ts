/**
 * Signing keys. Everything that produces a signature goes through the `Signer` interface so that a
 * USB token or an HSM (PKCS#11) can stand in for the PKCS#12 file used in development: the PDF and
 * CMS code only ever asks for "a SHA-256 signature over these bytes" and for the certificates.
 */
import { createPrivateKey, createPublicKey, sign as cryptoSign, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import {
  binaryToBuffer,
  bufferToBinary,
  certificateFromDer,
  certificateToDer,
  identityFromCertificate,
  type ForgeCertificate,
  type SignerIdentity,
} from './x509.js';

export type { SignerIdentity } from './x509.js';

/** Algorithms the CMS builder knows how to label. Both hash with SHA-256. */
export type SignatureAlgorithm = 'rsa-pkcs1-sha256' | 'ecdsa-sha256';

export interface Signer {
  /** The signer's certificate, DER. */
  readonly certificate: Buffer;
  /** Issuing CA certificates, DER, nearest issuer first (the root may be included). */
  readonly chain: readonly Buffer[];
  /** What the visible signature shows. */
  readonly identity: SignerIdentity;
  readonly algorithm: SignatureAlgorithm;
  /**
   * Hashes `data` with SHA-256 and signs it: PKCS#1 v1.5 for RSA, DER `Ecdsa-Sig-Value` for ECDSA.
   * `data` is the DER of the CMS signed attributes (a few hundred bytes), so a token implementation
   * may hash on the host and send only the DigestInfo (CKM_RSA_PKCS) or send the data (CKM_SHA256_RSA_PKCS).
   */
  sign(data: Buffer): Promise<Buffer>;
}

/** A signer backed by a key held in this process; the private-key operation runs in OpenSSL. */
export function createKeySigner(
  privateKey: KeyObject,
  certificate: Buffer,
  chain: readonly Buffer[],
  identity?: SignerIdentity,
): Signer {
  const keyType = privateKey.asymmetricKeyType;
  if (keyType !== 'rsa' && keyType !== 'ec') {
    throw new Error(`Unsupported signing key type: ${keyType}`);
  }
  const cert = certificateFromDer(certificate);
  assertKeyMatchesCertificate(privateKey, certificate);
  return {
    certificate,
    chain: [...chain],
    identity: identity ?? identityFromCertificate(cert),
    algorithm: keyType === 'rsa' ? 'rsa-pkcs1-sha256' : 'ecdsa-sha256',
    async sign(data: Buffer) {
      return cryptoSign('sha256', data, privateKey);
    },
  };
}

function assertKeyMatchesCertificate(privateKey: KeyObject, certificate: Buffer): void {
  const fromKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const fromCert = createPublicKey({ key: spkiFromCertificate(certificate), format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'der' });
  if (!fromKey.equals(fromCert)) throw new Error('The private key does not match the certificate');
}

function spkiFromCertificate(certificate: Buffer): Buffer {
  // tbsCertificate.subjectPublicKeyInfo is the 7th field (index 6 with an explicit version).
  const asn1 = forge.asn1.fromDer(bufferToBinary(certificate));
  const tbs = (asn1.value as forge.asn1.Asn1[])[0];
  const fields = tbs.value as forge.asn1.Asn1[];
  const hasVersion = fields[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC;
  return binaryToBuffer(forge.asn1.toDer(fields[hasVersion ? 6 : 5]).getBytes());
}

/**
 * Opens a PKCS#12 file (.p12/.pfx) once. forge decrypts the container; the key is handed to
 * node:crypto straight away so no signature is ever computed by forge's JavaScript RSA.
 */
export function loadP12Signer(p12: Uint8Array, password: string, identity?: SignerIdentity): Signer {
  const asn1 = forge.asn1.fromDer(bufferToBinary(p12));
  const pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);

  const keyBags = [
    ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag] ?? []),
    ...(pfx.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const keyBag = keyBags.find((b) => b.key);
  if (!keyBag?.key) throw new Error('The PKCS#12 file holds no private key');
  const rsaKey = keyBag.key as forge.pki.rsa.PrivateKey;
  const pkcs8 = forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(rsaKey));
  const privateKey = createPrivateKey({
    key: binaryToBuffer(forge.asn1.toDer(pkcs8).getBytes()),
    format: 'der',
    type: 'pkcs8',
  });

  const certs = (pfx.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [])
    .map((b) => b.cert)
    .filter((c): c is ForgeCertificate => Boolean(c));
  const leaf = certs.find((c) => {
    const pub = c.publicKey as forge.pki.rsa.PublicKey;
    return pub.n && pub.n.equals(rsaKey.n);
  });
  if (!leaf) throw new Error('The PKCS#12 file holds no certificate for its private key');

  return createKeySigner(
    privateKey,
    certificateToDer(leaf),
    orderChain(leaf, certs.filter((c) => c !== leaf)).map(certificateToDer),
    identity,
  );
}

/** Issuers of `leaf` found in `pool`, nearest first; certificates that are not ancestors are dropped. */
export function orderChain(leaf: ForgeCertificate, pool: ForgeCertificate[]): ForgeCertificate[] {
  const out: ForgeCertificate[] = [];
  let current = leaf;
  const remaining = [...pool];
  for (;;) {
    if (current.isIssuer(current)) break; // self-signed: the root
    const idx = remaining.findIndex((c) => current.isIssuer(c) || c.issued(current));
    if (idx < 0) break;
    current = remaining.splice(idx, 1)[0];
    out.push(current);
  }
  return out;
}
