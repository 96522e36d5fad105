/**
 * Development PKI: a demo root CA and a subordinate CA shaped like the Government Cipher
 * Committee's (Ban Cơ yếu Chính phủ) specialised-signature hierarchy, and one PKCS#12 per demo
 * official or agency seal. NOTHING here is a real certificate and every name says so.
 *
 *   tsx signing/dev-ca.ts [dir]      (default ./data/pki, which git ignores)
 *
 * The PKCS#12 password is DEV_P12_PASSWORD for every file: it protects nothing and must never be
 * used for a real key.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import forge from 'node-forge';
import { loadP12Signer, type Signer } from './keys.js';
import type { SignerIdentity } from './x509.js';

/** Dev-only password of every PKCS#12 written by this module. */
export const DEV_P12_PASSWORD = 'mot-cua-dev-only';

export interface DevPerson {
  id: string;
  name: string;
  title: string;
  agency: string;
  kind?: 'person' | 'organisation';
}

export interface DevPkiEntry {
  id: string;
  identity: SignerIdentity;
  kind: 'person' | 'organisation';
  p12Path: string;
  certPath: string;
}

export interface DevPki {
  dir: string;
  /** Trust anchor to give `verifyPdf` and `openssl -CAfile`. */
  rootCertPem: string;
  rootCertPath: string;
  /** Root then subordinate CA, PEM, for `openssl -CAfile` bundles. */
  caBundlePath: string;
  password: string;
  people: Record<string, DevPkiEntry>;
  /** Opens `<id>.p12` with the dev password. */
  loadSigner(id: string): Promise<Signer>;
}

const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;
const ROOT_NAME = 'Demo Root CA - Ban Cơ yếu Chính phủ (KHÔNG DÙNG THẬT)';
const SUB_NAME = 'Demo CA chuyên dùng Chính phủ cấp 2 (KHÔNG DÙNG THẬT)';
const ORG_NAME = 'Ban Cơ yếu Chính phủ (DEMO)';
const YEAR_MS = 365 * 24 * 3600 * 1000;

type Attr = { shortName?: string; type?: string; value: string; valueTagClass?: forge.asn1.Class };

function utf8(shortName: string, value: string): Attr {
  // See ARCHITECTURE.md, "Traps": plain JS string + UTF8 tag; forge does the encoding.
  return { shortName, value, valueTagClass: UTF8 };
}

interface Issued {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

function newRsaKey(bits: number): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // OpenSSL generates in milliseconds what forge's prime search takes seconds for.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function serial(): string {
  // Positive, 16 bytes: the high bit cleared keeps the DER INTEGER positive.
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;
  return bytes.toString('hex');
}

/** When the certificates of a PKI are valid. */
export interface DevPkiValidity {
  notBefore: Date;
  /** Without it each certificate lasts its usual term (CAs 20 and 10 years, people 3) from notBefore. */
  notAfter?: Date;
}

function defaultValidity(): DevPkiValidity {
  // Back-dated by a day so that freshly issued certificates are valid on machines with clock skew.
  return { notBefore: new Date(Date.now() - 24 * 3600 * 1000) };
}

function issue(opts: {
  subject: Attr[];
  issuer?: Issued;
  ca: boolean;
  years: number;
  bits: number;
  extKeyUsage?: boolean;
  validity: DevPkiValidity;
}): Issued {
  const { privateKey, publicKey } = newRsaKey(opts.bits);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = opts.validity.notBefore;
  cert.validity.notAfter = opts.validity.notAfter ?? new Date(opts.validity.notBefore.getTime() + opts.years * YEAR_MS);
  cert.setSubject(opts.subject as forge.pki.CertificateField[]);
  cert.setIssuer((opts.issuer ? issuerName(opts.issuer.cert) : opts.subject) as forge.pki.CertificateField[]);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: opts.ca, critical: true, ...(opts.ca ? { pathLenConstraint: 1 } : {}) },
    opts.ca
      ? { name: 'keyUsage', critical: true, keyCertSign: true, cRLSign: true }
      : { name: 'keyUsage', critical: true, digitalSignature: true, nonRepudiation: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (opts.issuer) {
    extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier: opts.issuer.cert.generateSubjectKeyIdentifier().getBytes() });
  }
  if (opts.extKeyUsage) extensions.push({ name: 'extKeyUsage', emailProtection: true, '1.3.6.1.4.1.311.10.3.12': true });
  cert.setExtensions(extensions);
  cert.sign(opts.issuer?.key ?? privateKey, forge.md.sha256.create());
  return { cert, key: privateKey };
}

/**
 * The issuer's name as plain strings. A CA read back from its PEM file (every run after the first)
 * holds UTF8String values as forge's "binary strings" of UTF-8 bytes; handed to `setIssuer` as they
 * are, they would be encoded a second time and the issuer name would no longer match the CA's
 * subject, so no chain could be built (see ARCHITECTURE.md, "Traps").
 */
function issuerName(cert: forge.pki.Certificate): Attr[] {
  return cert.subject.attributes.map((a) =>
    a.valueTagClass === UTF8
      ? { type: a.type, value: forge.util.decodeUtf8(String(a.value)), valueTagClass: UTF8 }
      : { type: a.type, value: String(a.value), valueTagClass: a.valueTagClass as forge.asn1.Class },
  );
}

function caSubject(cn: string): Attr[] {
  return [{ shortName: 'C', value: 'VN' }, utf8('O', ORG_NAME), utf8('CN', cn)];
}

function personSubject(p: DevPerson): Attr[] {
  const attrs: Attr[] = [{ shortName: 'C', value: 'VN' }, utf8('ST', 'Thái Bình'), utf8('O', p.agency)];
  if (p.title) attrs.push({ type: '2.5.4.12', value: p.title, valueTagClass: UTF8 });
  attrs.push(utf8('CN', p.name));
  return attrs;
}

interface Manifest {
  people: Array<{ id: string; identity: SignerIdentity; kind: 'person' | 'organisation' }>;
}

/**
 * Creates the demo PKI under `dir`, or reuses what is there: the CAs are made once, and a person
 * already in the manifest keeps their key. New people are issued certificates by the existing CA.
 * A test that signs at fixed instants passes `validity` covering them, so that it does not depend on
 * the day it runs.
 */
export async function ensureDevPki(
  dir: string,
  people: DevPerson[],
  options: { validity?: DevPkiValidity } = {},
): Promise<DevPki> {
  const validity = options.validity ?? defaultValidity();
  await mkdir(dir, { recursive: true });
  const file = (name: string) => path.join(dir, name);

  const root = await loadOrCreateCa(file('root-ca'), () =>
    issue({ subject: caSubject(ROOT_NAME), ca: true, years: 20, bits: 3072, validity }),
  );
  const sub = await loadOrCreateCa(file('sub-ca'), () =>
    issue({ subject: caSubject(SUB_NAME), issuer: root, ca: true, years: 10, bits: 2048, validity }),
  );
  const rootPem = forge.pki.certificateToPem(root.cert);
  const subPem = forge.pki.certificateToPem(sub.cert);
  await writeIfChanged(file('ca-bundle.pem'), rootPem + subPem);

  const manifestPath = file('pki.json');
  const manifest: Manifest = existsSync(manifestPath)
    ? (JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest)
    : { people: [] };

  for (const p of people) {
    if (!/^[A-Za-z0-9._-]+$/.test(p.id)) throw new Error(`Unsafe id for a file name: ${p.id}`);
    const kind = p.kind ?? 'person';
    const known = manifest.people.find((m) => m.id === p.id);
    if (known && existsSync(file(`${p.id}.p12`))) continue;
    const leaf = issue({ subject: personSubject(p), issuer: sub, ca: false, years: 3, bits: 2048, extKeyUsage: true, validity });
    const p12 = forge.pkcs12.toPkcs12Asn1(leaf.key, [leaf.cert, sub.cert, root.cert], DEV_P12_PASSWORD, {
      algorithm: 'aes256',
      friendlyName: p.name,
      generateLocalKeyId: true,
    });
    await writeFile(file(`${p.id}.p12`), Buffer.from(forge.asn1.toDer(p12).getBytes(), 'latin1'), { mode: 0o600 });
    await writeFile(file(`${p.id}.pem`), forge.pki.certificateToPem(leaf.cert));
    const entry = { id: p.id, identity: { name: p.name, title: p.title, agency: p.agency }, kind };
    manifest.people = [...manifest.people.filter((m) => m.id !== p.id), entry];
  }
  await writeIfChanged(manifestPath, JSON.stringify(manifest, null, 2) + '\n');

  const entries: Record<string, DevPkiEntry> = {};
  for (const m of manifest.people) {
    entries[m.id] = { ...m, p12Path: file(`${m.id}.p12`), certPath: file(`${m.id}.pem`) };
  }
  return {
    dir,
    rootCertPem: rootPem,
    rootCertPath: file('root-ca.pem'),
    caBundlePath: file('ca-bundle.pem'),
    password: DEV_P12_PASSWORD,
    people: entries,
    async loadSigner(id: string) {
      const entry = entries[id];
      if (!entry) throw new Error(`No dev certificate for ${id}`);
      return loadP12Signer(await readFile(entry.p12Path), DEV_P12_PASSWORD, entry.identity);
    },
  };
}

async function loadOrCreateCa(base: string, create: () => Issued): Promise<Issued> {
  const certPath = `${base}.pem`;
  const keyPath = `${base}-key.pem`;
  if (existsSync(certPath) && existsSync(keyPath)) {
    return {
      cert: forge.pki.certificateFromPem(await readFile(certPath, 'utf8')),
      key: forge.pki.privateKeyFromPem(await readFile(keyPath, 'utf8')) as forge.pki.rsa.PrivateKey,
    };
  }
  const ca = create();
  // The CA key stays beside the certificate so that later runs can issue to new people.
  await writeFile(keyPath, forge.pki.privateKeyToPem(ca.key), { mode: 0o600 });
  const pem = forge.pki.certificateToPem(ca.cert);
  await writeFile(certPath, pem);
  // Read back as a later run will, so that a CA fresh in this run and one from its file issue alike.
  return { cert: forge.pki.certificateFromPem(pem), key: ca.key };
}

async function writeIfChanged(file: string, content: string): Promise<void> {
  if (existsSync(file) && (await readFile(file, 'utf8')) === content) return;
  await writeFile(file, content);
}

/** A small demo set: one commune, one district office, one provincial department. */
export const DEMO_PEOPLE: DevPerson[] = [
  { id: 'can-bo-tiep-nhan', name: 'Nguyễn Thị Hương', title: 'Công chức Bộ phận Một cửa', agency: 'UBND phường Trần Lãm, TP Thái Bình' },
  { id: 'truong-phong-tu-phap', name: 'Trần Văn Đức', title: 'Trưởng phòng', agency: 'Phòng Tư pháp TP Thái Bình' },
  { id: 'pho-chu-tich-ubnd', name: 'Phạm Quang Vĩnh', title: 'Phó Chủ tịch', agency: 'UBND thành phố Thái Bình' },
  { id: 'giam-doc-so-tu-phap', name: 'Lê Thị Ngọc Ánh', title: 'Giám đốc', agency: 'Sở Tư pháp tỉnh Thái Bình' },
  { id: 'ubnd-tp-thai-binh', name: 'Ủy ban nhân dân thành phố Thái Bình', title: '', agency: 'UBND thành phố Thái Bình', kind: 'organisation' },
];

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? 'data/pki');
  const pki = await ensureDevPki(dir, DEMO_PEOPLE);
  console.log(`Dev PKI in ${pki.dir} (KHÔNG DÙNG THẬT — for development only)`);
  console.log(`  trust anchor: ${pki.rootCertPath}`);
  for (const p of Object.values(pki.people)) console.log(`  ${p.id}.p12  ${p.identity.name}`);
  console.log(`  PKCS#12 password (dev only): ${pki.password}`);
}
