/**
 * Where signing keys come from (docs/decisions/0008). Callers only see `SignerDirectory` and the
 * `Signer` interface of signing/keys.ts: the development CA in demo mode, PKCS#12 files from a
 * configured folder in production, and later a remote signing service (Cloud Signature Consortium
 * API) whose `sign()` calls `signatures/signHash` with the authorisation the signer just gave.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray } from "drizzle-orm";
import type { DatabaseHandle } from "../../db/client";
import { agencies, userRoles, users } from "../../db/schema";
import { ensureDevPki, loadP12Signer, type DevPki, type Signer } from "../../signing";
import type { SigningKeysConfig } from "./config.server";

/**
 * The signer's fresh confirmation of this very act (password re-entered, later a one-time code).
 * Local keys ignore it; a remote signing service needs it to release the key (CSC
 * `credentials/authorize` → SAD), which is why it travels with the request for a signer.
 */
export type SigningAuthorization = { userId: number; method: "password" | "otp"; confirmedAt: Date; otp?: string };

export type SignerDirectory = {
  trustRootsPem: string[];
  /** The officer's own signing key (the leader who approves, the unit head…). */
  forUser(userId: number, authorization?: SigningAuthorization): Promise<Signer>;
  /** The organisation's seal certificate (chữ ký số của cơ quan). */
  forAgency(agencyId: number, authorization?: SigningAuthorization): Promise<Signer>;
};

/** No key for this signer: a setting to fix, not a crash; shown to the officer in Vietnamese. */
export class SigningKeyMissing extends Error {}

export async function createSignerDirectory(config: SigningKeysConfig, database: DatabaseHandle): Promise<SignerDirectory> {
  switch (config.kind) {
    case "dev":
      return enforceBoundCertificates(await createDevSignerDirectory(database, config.dir), database);
    case "pkcs12":
      return enforceBoundCertificates(
        await createPkcs12SignerDirectory({ dir: config.dir, passwordFile: config.passwordFile, names: databaseNames(database) }),
        database,
      );
    case "none":
      return unconfiguredSignerDirectory();
  }
}

/** The key's certificate is not the one the administrator bound to this officer. */
export class SigningCertificateMismatch extends SigningKeyMissing {}

/**
 * When an administrator has bound a certificate to an officer (users.signing_certificate_sha256),
 * her key must carry exactly that certificate: a key swapped in the key store, or a certificate
 * renewed without telling the administrator, signs nothing until the binding is updated.
 */
export function enforceBoundCertificates(directory: SignerDirectory, database: DatabaseHandle): SignerDirectory {
  return {
    ...directory,
    async forUser(userId, authorization) {
      const signer = await directory.forUser(userId, authorization);
      const [row] = await database.db.select({ bound: users.signingCertificateSha256 }).from(users).where(eq(users.id, userId));
      if (row?.bound) {
        const actual = createHash("sha256").update(signer.certificate).digest("hex");
        if (actual !== row.bound) {
          throw new SigningCertificateMismatch(
            "Khóa ký số hiện có không khớp với chứng thư số đã đăng ký cho tài khoản này. Vui lòng liên hệ quản trị hệ thống để cập nhật chứng thư số.",
          );
        }
      }
      return signer;
    },
  };
}

function unconfiguredSignerDirectory(): SignerDirectory {
  const refuse = async (): Promise<Signer> => {
    throw new SigningKeyMissing("Hệ thống chưa được cấu hình khóa ký số (SIGNING_KEYS_DIR). Vui lòng liên hệ quản trị hệ thống.");
  };
  return { trustRootsPem: [], forUser: refuse, forAgency: refuse };
}

/** How a PKCS#12 directory names its files: by username and by agency identifier, never by database id. */
export type SignerNames = {
  username(userId: number): Promise<string | null>;
  agencyIdentifier(agencyId: number): Promise<string | null>;
};

function databaseNames(database: DatabaseHandle): SignerNames {
  const { db } = database;
  return {
    async username(userId) {
      const [row] = await db.select({ username: users.username }).from(users).where(eq(users.id, userId));
      return row?.username ?? null;
    },
    async agencyIdentifier(agencyId) {
      const [row] = await db.select({ identifier: agencies.identifier }).from(agencies).where(eq(agencies.id, agencyId));
      return row?.identifier ?? null;
    },
  };
}

/** Names that become file names: nothing that could climb out of the folder. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Production keys: `user-<username>.p12` and `agency-<identifier>.p12` in `dir`, opened with the
 * password in `<file>.password` when present, else the one in `passwordFile`. `trust-roots.pem`
 * (optional) holds the CA certificates verification trusts. Each file is opened once per process.
 */
export async function createPkcs12SignerDirectory(options: { dir: string; passwordFile?: string; names: SignerNames }): Promise<SignerDirectory> {
  const { dir, names } = options;
  const sharedPassword = options.passwordFile ? (await readFile(options.passwordFile, "utf8")).replace(/\r?\n$/, "") : null;
  const roots = await readFile(path.join(dir, "trust-roots.pem"), "utf8").catch(() => "");
  const cache = new Map<string, Promise<Signer>>();
  const open = (file: string, who: string): Promise<Signer> => {
    const cached = cache.get(file);
    if (cached) return cached;
    const loading = (async () => {
      const p12 = await readFile(path.join(dir, file)).catch(() => null);
      if (!p12) throw new SigningKeyMissing(`Chưa có chứng thư số của ${who} (tệp ${file}). Vui lòng liên hệ quản trị hệ thống.`);
      const own = await readFile(path.join(dir, `${file}.password`), "utf8").catch(() => null);
      const password = own !== null ? own.replace(/\r?\n$/, "") : sharedPassword;
      if (password === null) throw new SigningKeyMissing(`Chưa cấu hình mật khẩu cho tệp khóa ký số ${file}.`);
      try {
        return loadP12Signer(p12, password);
      } catch {
        throw new SigningKeyMissing(`Không mở được tệp khóa ký số ${file} (sai mật khẩu hoặc tệp hỏng).`);
      }
    })();
    cache.set(file, loading);
    // A missing file may be added later without a restart.
    loading.catch(() => cache.delete(file));
    return loading;
  };
  return {
    trustRootsPem: roots.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [],
    async forUser(userId) {
      const username = await names.username(userId);
      if (!username || !SAFE_NAME.test(username)) throw new SigningKeyMissing("Tài khoản này không có chứng thư số để ký.");
      return open(`user-${username}.p12`, `tài khoản ${username}`);
    },
    async forAgency(agencyId) {
      const identifier = await names.agencyIdentifier(agencyId);
      if (!identifier || !SAFE_NAME.test(identifier)) throw new SigningKeyMissing("Cơ quan này chưa có mã định danh để tìm chứng thư số.");
      return open(`agency-${identifier}.p12`, `cơ quan ${identifier}`);
    },
  };
}

/**
 * Demo mode only: every officer who signs and every agency seal gets a certificate from the demo
 * CA under data/pki.
 */
async function createDevSignerDirectory(database: DatabaseHandle, dir: string): Promise<SignerDirectory> {
  const { db } = database;
  const officers = await db
    .selectDistinctOn([users.id], { id: users.id, fullName: users.fullName, title: users.title, agencyName: agencies.name })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(agencies, eq(agencies.id, userRoles.agencyId))
    .where(inArray(userRoles.role, ["leader", "unitHead", "desk"]))
    .orderBy(users.id, agencies.id);
  // Officers' keys at start; agencies' seals on first use. A province has hundreds of governing
  // bodies (260 communes in seed-era Thái Bình), and issuing every seal at start-up cost a minute.
  let pki: DevPki = await ensureDevPki(
    dir,
    officers.map((o) => ({ id: `user-${o.id}`, name: o.fullName, title: o.title ?? "", agency: o.agencyName })),
  );
  // One issuance at a time: the manifest is one file, rewritten by each.
  let issuing: Promise<unknown> = Promise.resolve();
  const issueSealOnce = (agencyId: number): Promise<void> => {
    const run = issuing.then(async () => {
      const id = `agency-${agencyId}`;
      if (pki.people[id]) return;
      const [agency] = await db
        .select({ name: agencies.name })
        .from(agencies)
        .where(and(eq(agencies.id, agencyId), inArray(agencies.kind, ["government", "department"])));
      if (!agency) throw new SigningKeyMissing("Cơ quan này không có con dấu số.");
      pki = await ensureDevPki(dir, [{ id, name: agency.name, title: "", agency: agency.name, kind: "organisation" }]);
    });
    issuing = run.catch(() => undefined);
    return run;
  };
  // Keys are parsed once per process; signing then costs one OpenSSL operation.
  const cache = new Map<string, Promise<Signer>>();
  const load = (id: string, prepare?: () => Promise<void>): Promise<Signer> => {
    const cached = cache.get(id);
    if (cached) return cached;
    const signer = (async () => {
      if (prepare && !pki.people[id]) await prepare();
      return pki.loadSigner(id);
    })();
    // A failed issuance is not remembered: the next act tries again.
    signer.catch(() => cache.delete(id));
    cache.set(id, signer);
    return signer;
  };
  return {
    trustRootsPem: [pki.rootCertPem],
    forUser: (userId) => load(`user-${userId}`),
    forAgency: (agencyId) => load(`agency-${agencyId}`, () => issueSealOnce(agencyId)),
  };
}
