import path from "node:path";

/** Settings from the environment, read once at start-up. */
export type AppConfig = {
  port: number;
  /** Public address, used in QR codes and e-mails. */
  baseUrl: string;
  databaseUrl?: string;
  /** Root of everything the embedded setup keeps on disk: PGlite files, uploads, mail, dev keys. */
  dataDir: string;
  seedDemoData: boolean;
  smtpUrl?: string;
  mailFrom: string;
  /** Signs upload tokens and other server-issued values. */
  secret: string;
  production: boolean;
  timeZone: string;
  /** pg-boss polling interval; short in tests. */
  jobPollingSeconds: number;
  /**
   * Where signing keys come from (issue #8): the development CA only in demo mode, otherwise
   * PKCS#12 files from SIGNING_KEYS_DIR; with neither, signing refuses with a clear message.
   */
  signingKeys: SigningKeysConfig;
};

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
  const secret = env.APP_SECRET ?? (production ? "" : "mot-cua-dev-secret-khong-dung-that");
  if (!secret) throw new Error("APP_SECRET phải được đặt khi chạy ở môi trường production");
  const dataDir = path.resolve(env.DATA_DIR ?? "data");
  const seedDemoData = env.DEMO_DATA !== "0";
  return {
    port,
    baseUrl: env.BASE_URL ?? `http://localhost:${port}`,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    seedDemoData,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Một Cửa Thái Bình <no-reply@motcua.thaibinh.gov.vn>",
    secret,
    production,
    timeZone: "Asia/Ho_Chi_Minh",
    jobPollingSeconds: Number(env.JOB_POLLING_SECONDS ?? 1),
    signingKeys: signingKeysConfig(env, dataDir, seedDemoData),
  };
}
