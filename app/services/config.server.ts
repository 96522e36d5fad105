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
  /** ClamAV's clamd (`tcp://host:port`); when set, every upload is scanned and refused if it cannot be. */
  clamavUrl?: string;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000);
  const production = env.NODE_ENV === "production";
  const secret = env.APP_SECRET ?? (production ? "" : "mot-cua-dev-secret-khong-dung-that");
  if (!secret) throw new Error("APP_SECRET phải được đặt khi chạy ở môi trường production");
  return {
    port,
    baseUrl: env.BASE_URL ?? `http://localhost:${port}`,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? "data"),
    seedDemoData: env.DEMO_DATA !== "0",
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? "Một Cửa Thái Bình <no-reply@motcua.thaibinh.gov.vn>",
    secret,
    production,
    timeZone: "Asia/Ho_Chi_Minh",
    jobPollingSeconds: Number(env.JOB_POLLING_SECONDS ?? 1),
    clamavUrl: env.CLAMAV_URL || undefined,
  };
}
