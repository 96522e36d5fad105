import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PORTAL_TIME_ZONE } from "../time";
import { parseSeedProfile, type SeedProfileId } from "../../db/profiles";

/** Settings from the environment, read once at start-up. */
export type AppConfig = {
  port: number;
  /** Public address, used in QR codes and e-mails. */
  baseUrl: string;
  databaseUrl?: string;
  /**
   * REPORTS_DATABASE_URL: a streaming replica (hot standby) the monitoring pages, exports and
   * periodic reports read from, so that reports never load the primary. Unset: they read the primary.
   */
  reportsDatabaseUrl?: string;
  /** Root of everything the embedded setup keeps on disk: PGlite files, uploads, mail, dev keys. */
  dataDir: string;
  /**
   * Demo mode: demo accounts with the published password and the development PKI. On by default only
   * for the embedded database; `DEMO_DATA=1` or `0` decides explicitly.
   */
  seedDemoData: boolean;
  /**
   * Which province the seed lays out (SEED_PROFILE): seed-era Thái Bình on three levels (default) or
   * today's Hưng Yên on two. Only an empty database is seeded; the same code serves both.
   */
  seedProfile: SeedProfileId;
  smtpUrl?: string;
  mailFrom: string;
  /** Signs server-issued values. From APP_SECRET, or generated once and kept under the data folder. */
  secret: string;
  /** React and Remix in production mode (NODE_ENV=production): `npm start` and every deployment. */
  production: boolean;
  /** The public address is https: cookies are Secure and responses carry HSTS. */
  https: boolean;
  /** Express `trust proxy`: how many proxies in front of us may set X-Forwarded-For (0: none). */
  trustProxy: number;
  /** The portal's zone, from app/time.ts (its one owner). */
  timeZone: string;
  /**
   * Whether this web process also runs the job workers (WORKERS, default 1). With WORKERS=0 the jobs
   * are left to `npm run worker` processes, which need a shared PostgreSQL (DATABASE_URL).
   */
  workersInWebProcess: boolean;
  /** pg-boss polling interval, and the outbox dispatcher's pass interval; short in tests. */
  jobPollingSeconds: number;
  /** The outbox's first retry delay (OUTBOX_RETRY_SECONDS, default 30); each next one doubles. */
  outboxRetryBaseMs: number;
  /**
   * The national portal's sync endpoint (LGSP; NATIONAL_SYNC_URL) and the key it gave the province
   * (NATIONAL_SYNC_KEY). Without a URL nothing is queued for it.
   */
  nationalSync?: { url: string; key: string };
  /**
   * The national payment platform (PAYMENT_GATEWAY_URL, the shared checksum secret
   * PAYMENT_GATEWAY_KEY, and the merchant code the platform gave the province,
   * PAYMENT_MERCHANT_CODE). Without a URL online payment is not offered.
   */
  paymentGateway?: { url: string; key: string; merchantCode: string };
  /** ClamAV's clamd (`tcp://host:port`); when set, every upload is scanned and refused if it cannot be. */
  clamavUrl?: string;
  /**
   * Where signing keys come from (issue #8): the development CA only in demo mode, otherwise
   * PKCS#12 files from SIGNING_KEYS_DIR; with neither, signing refuses with a clear message.
   */
  signingKeys: SigningKeysConfig;
  /**
   * Sign-in through the national identity provider (VNeID / the national portal's SSO) by OpenID
   * Connect: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, and the claim that carries the
   * personal ID number (OIDC_ID_NUMBER_CLAIM, default `so_dinh_danh`). Without an issuer the button
   * is not shown.
   */
  nationalLogin?: NationalLoginConfig;
};

export type NationalLoginConfig = { issuer: string; clientId: string; clientSecret: string; idNumberClaim: string };

/** All three or none: a half-configured provider would fail at the first citizen's sign-in. */
export function nationalLoginConfig(env: NodeJS.ProcessEnv): NationalLoginConfig | undefined {
  const issuer = env.OIDC_ISSUER || undefined;
  if (!issuer) return undefined;
  if (!/^https?:\/\//.test(issuer) || !URL.canParse(issuer)) throw new Error(`OIDC_ISSUER phải là địa chỉ http(s) đầy đủ (đang là "${issuer}").`);
  if (!env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) throw new Error("OIDC_CLIENT_ID và OIDC_CLIENT_SECRET phải có khi đã đặt OIDC_ISSUER.");
  const idNumberClaim = env.OIDC_ID_NUMBER_CLAIM || "so_dinh_danh";
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(idNumberClaim)) throw new Error(`OIDC_ID_NUMBER_CLAIM không hợp lệ (đang là "${idNumberClaim}").`);
  return { issuer, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, idNumberClaim };
}

export type SigningKeysConfig =
  | { kind: "dev"; dir: string }
  | { kind: "pkcs12"; dir: string; passwordFile?: string }
  | { kind: "none" };

/** SIGNING_KEYS_DIR wins; otherwise the dev PKI under the data folder when demo data is on. */
export function signingKeysConfig(env: NodeJS.ProcessEnv, dataDir: string, demo: boolean): SigningKeysConfig {
  if (env.SIGNING_KEYS_DIR) {
    return { kind: "pkcs12", dir: path.resolve(env.SIGNING_KEYS_DIR), passwordFile: env.SIGNING_KEYS_PASSWORD_FILE ? path.resolve(env.SIGNING_KEYS_PASSWORD_FILE) : undefined };
  }
  return demo ? { kind: "dev", dir: path.join(dataDir, "pki") } : { kind: "none" };
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  const production = env.NODE_ENV === "production";
  const dataDir = path.resolve(env.DATA_DIR ?? "data");
  const databaseUrl = env.DATABASE_URL || undefined;
  const baseUrl = env.BASE_URL ?? `http://localhost:${port}`;
  if (!/^https?:\/\/[^/\s]+/.test(baseUrl) || !URL.canParse(baseUrl)) {
    throw new Error(`BASE_URL phải là địa chỉ đầy đủ của cổng, ví dụ https://dichvucong.thaibinh.gov.vn (đang là "${baseUrl}").`);
  }
  const demoSetting = env.DEMO_DATA;
  if (demoSetting !== undefined && demoSetting !== "" && demoSetting !== "0" && demoSetting !== "1") {
    throw new Error("DEMO_DATA phải là 1 (có dữ liệu mẫu) hoặc 0 (không có).");
  }
  const seedDemoData = demoSetting === "1" || (demoSetting !== "0" && !databaseUrl);
  if (env.WORKERS !== undefined && env.WORKERS !== "" && env.WORKERS !== "0" && env.WORKERS !== "1") {
    throw new Error("WORKERS phải là 1 (chạy tác vụ nền trong tiến trình web) hoặc 0 (để cho npm run worker).");
  }
  const workersInWebProcess = env.WORKERS !== "0";
  // The embedded PGlite belongs to one process: no separate worker could reach it.
  if (!workersInWebProcess && !databaseUrl) throw new Error("WORKERS=0 cần DATABASE_URL: tiến trình npm run worker không dùng chung được cơ sở dữ liệu nhúng.");
  return {
    port,
    baseUrl,
    databaseUrl,
    reportsDatabaseUrl: env.REPORTS_DATABASE_URL || undefined,
    dataDir,
    seedDemoData,
    seedProfile: parseSeedProfile(env.SEED_PROFILE),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Một Cửa Thái Bình <no-reply@motcua.thaibinh.gov.vn>",
    secret: env.APP_SECRET ? checkedSecret(env.APP_SECRET) : secretFromDataDir(dataDir),
    production,
    https: new URL(baseUrl).protocol === "https:",
    trustProxy: Number(env.TRUST_PROXY ?? 0),
    timeZone: PORTAL_TIME_ZONE,
    workersInWebProcess,
    jobPollingSeconds: Number(env.JOB_POLLING_SECONDS ?? 1),
    outboxRetryBaseMs: positiveSeconds(env.OUTBOX_RETRY_SECONDS, 30, "OUTBOX_RETRY_SECONDS") * 1000,
    nationalSync: partnerEndpoint(env.NATIONAL_SYNC_URL, env.NATIONAL_SYNC_KEY, "NATIONAL_SYNC"),
    paymentGateway: paymentGatewayConfig(env),
    clamavUrl: env.CLAMAV_URL || undefined,
    signingKeys: signingKeysConfig(env, dataDir, seedDemoData),
    nationalLogin: nationalLoginConfig(env),
  };
}

const MIN_SECRET_BYTES = 32;

function positiveSeconds(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`${name} phải là một số giây dương (đang là "${value}").`);
  return seconds;
}

/** A partner's endpoint and shared key, both or neither: a URL without its key would send unauthenticated. */
export function partnerEndpoint(url: string | undefined, key: string | undefined, name: string): { url: string; key: string } | undefined {
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url) || !URL.canParse(url)) throw new Error(`${name}_URL phải là địa chỉ http(s) đầy đủ (đang là "${url}").`);
  if (!key || Buffer.byteLength(key) < 16) throw new Error(`${name}_KEY phải có và dài ít nhất 16 byte khi đã đặt ${name}_URL.`);
  return { url, key };
}

/** The payment platform's endpoint; the merchant code defaults to the province's agency identifier. */
function paymentGatewayConfig(env: NodeJS.ProcessEnv): AppConfig["paymentGateway"] {
  const endpoint = partnerEndpoint(env.PAYMENT_GATEWAY_URL, env.PAYMENT_GATEWAY_KEY, "PAYMENT_GATEWAY");
  if (!endpoint) return undefined;
  const merchantCode = env.PAYMENT_MERCHANT_CODE || "000.00.00.H54";
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(merchantCode)) throw new Error(`PAYMENT_MERCHANT_CODE chỉ gồm chữ, số, ".", "-", "_" (đang là "${merchantCode}").`);
  return { url: endpoint.url.endsWith("/") ? endpoint.url : `${endpoint.url}/`, key: endpoint.key, merchantCode };
}

function checkedSecret(secret: string): string {
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) throw new Error(`APP_SECRET phải dài ít nhất ${MIN_SECRET_BYTES} byte (ví dụ: openssl rand -base64 32).`);
  return secret;
}

/**
 * No public default secret exists: without APP_SECRET, a random one is generated on first start and
 * kept in `<data>/secret`, readable by the owner only, so restarts and sibling processes share it.
 */
export function secretFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(file, randomBytes(MIN_SECRET_BYTES).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // A copied data folder may have lost its mode; a secret others can read is no secret.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file, "utf8").trim();
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) throw new Error(`Tệp bí mật ${file} quá ngắn; xoá nó để tạo lại.`);
  return secret;
}
