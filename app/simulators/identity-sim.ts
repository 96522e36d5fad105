/**
 * A stand-in for the national identity provider (VNeID / the national portal's SSO): a real OpenID
 * Connect provider (`oidc-provider`) on loopback with a few sample citizens and a plain sign-in
 * page in place of the VNeID app. Used by the vitest suite, the e2e run (`npx tsx
 * app/simulators/identity-sim.ts`) and the demo (started in-process). It vouches for no one real.
 *
 * Claims: `sub`, `name`, `birthdate`, `address.formatted`, `email`/`email_verified`,
 * `phone_number`, and the personal ID number as `so_dinh_danh` (the portal's OIDC_ID_NUMBER_CLAIM).
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import express from "express";
import Provider from "oidc-provider";

export type SampleCitizen = {
  sub: string;
  name: string;
  so_dinh_danh: string;
  birthdate: string;
  address: string;
  email?: string;
  phone_number?: string;
};

/**
 * Sample people. The first has the ID number of the demo citizen `congdan` (db/demo-data.ts), so
 * signing in as her links to that account; the two "Phạm Thu Trang" entries are one person known
 * under two subjects (as with two providers), so the second links to the account the first made.
 */
export const SAMPLE_CITIZENS: SampleCitizen[] = [
  { sub: "vneid-0001", name: "Nguyễn Văn An", so_dinh_danh: "034090001234", birthdate: "1990-05-12", address: "Thôn Lạc Thành, xã Đông La, huyện Đông Hưng, tỉnh Thái Bình" },
  { sub: "vneid-0002", name: "Phạm Thu Trang", so_dinh_danh: "034195002345", birthdate: "1995-09-02", address: "Số 12 phố Lê Lợi, phường Đề Thám, thành phố Thái Bình", email: "trang.pham@example.vn", phone_number: "0987654321" },
  { sub: "sso-0002", name: "Phạm Thu Trang", so_dinh_danh: "034195002345", birthdate: "1995-09-02", address: "Số 12 phố Lê Lợi, phường Đề Thám, thành phố Thái Bình" },
  { sub: "vneid-0003", name: "Lê Hoàng Cường", so_dinh_danh: "034088003456", birthdate: "1988-01-30", address: "Xóm 3, xã Vũ Hội, huyện Vũ Thư, tỉnh Thái Bình" },
];

export type IdentitySimOptions = {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  citizens?: SampleCitizen[];
};

export type IdentitySim = { issuer: string; citizens: SampleCitizen[]; close(): Promise<void> };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#f4f6f8}header{background:#a50e0e;color:#fff;padding:.75rem 1rem}main{max-width:36rem;margin:1rem auto;padding:1rem;background:#fff}
button{font:inherit;padding:.6rem 1rem;margin:.25rem 0;min-width:100%;text-align:left;background:#fff;border:2px solid #0b4f8a;color:#0b4f8a;cursor:pointer}button:focus{outline:3px solid #fd0}
.cancel{border-color:#555;color:#1b1b1b}small{display:block;color:#444}</style></head>
<body><header><p><strong>VNeID — môi trường thử nghiệm</strong></p></header><main>${body}</main></body></html>`;
}

export async function startIdentitySimulator(options: IdentitySimOptions): Promise<IdentitySim> {
  const citizens = options.citizens ?? SAMPLE_CITIZENS;
  const host = options.host ?? "127.0.0.1";
  const app = express();
  const server = app.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host}:${port}`;
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    pkce: { required: () => true },
    // Short lives: a sign-in on the simulator is one sitting.
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    claims: {
      openid: ["sub"],
      profile: ["name", "birthdate", "address", "so_dinh_danh"],
      email: ["email", "email_verified"],
      phone: ["phone_number", "phone_number_verified"],
    },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const citizen = citizens.find((c) => c.sub === sub);
      if (!citizen) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            name: citizen.name,
            birthdate: citizen.birthdate,
            address: { formatted: citizen.address },
            so_dinh_danh: citizen.so_dinh_danh,
            ...(citizen.email ? { email: citizen.email, email_verified: true } : {}),
            ...(citizen.phone_number ? { phone_number: citizen.phone_number, phone_number_verified: true } : {}),
          };
        },
      };
    },
  });

  app.get("/healthz", (_req, res) => void res.send("ok"));

  // No sign-in session survives between authorizations: each one shows the sign-in page. Otherwise
  // the provider, seeing another citizen's session in the same browser, stops to ask whether to end
  // it (a test browser signs several people in one after another).
  app.use((req, _res, next) => {
    if (req.headers.cookie) req.headers.cookie = req.headers.cookie.split(/;\s*/).filter((c) => !c.startsWith("_session")).join("; ");
    next();
  });

  app.get("/interaction/:uid", async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const buttons = citizens
        .map(
          (c) =>
            `<button type="submit" name="sub" value="${escapeHtml(c.sub)}">${escapeHtml(c.name)}<small>Số định danh ${escapeHtml(c.so_dinh_danh)} · ${escapeHtml(c.sub)}</small></button>`,
        )
        .join("");
      res.type("html").send(
        page(
          "Đăng nhập VNeID (thử nghiệm)",
          `<h1>Đăng nhập bằng tài khoản định danh điện tử</h1>
<p>Ứng dụng <strong>${escapeHtml(String(details.params.client_id))}</strong> đề nghị xác thực danh tính của bạn. Chọn một công dân mẫu:</p>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/login">${buttons}</form>
<form method="post" action="/interaction/${escapeHtml(details.uid)}/abort"><button type="submit" class="cancel">Huỷ, quay lại cổng dịch vụ công</button></form>`,
        ),
      );
    } catch (error) {
      next(error);
    }
  });

  app.post("/interaction/:uid/login", express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      const citizen = citizens.find((c) => c.sub === req.body?.sub);
      if (!citizen) return void res.status(400).type("html").send(page("Lỗi", "<h1>Không có công dân mẫu này</h1>"));
      const clientId = String(details.params.client_id);
      // A new grant each time: the browser's previous grant may belong to the citizen signed in before.
      const grant = new provider.Grant({ accountId: citizen.sub, clientId });
      grant.addOIDCScope(String(details.params.scope ?? "openid"));
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: citizen.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });

  app.post("/interaction/:uid/abort", async (req, res, next) => {
    try {
      await provider.interactionFinished(req, res, { error: "access_denied", error_description: "Người dùng huỷ đăng nhập." }, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });

  app.use(provider.callback());

  return {
    issuer,
    citizens,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// `npx tsx app/simulators/identity-sim.ts`: IDENTITY_SIM_PORT (3902), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PORTAL_URL.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const portal = (process.env.PORTAL_URL ?? "http://localhost:3000").replace(/\/+$/, "");
  const sim = await startIdentitySimulator({
    port: Number(process.env.IDENTITY_SIM_PORT ?? 3902),
    host: process.env.IDENTITY_SIM_HOST ?? "127.0.0.1",
    clientId: process.env.OIDC_CLIENT_ID ?? "motcua-portal",
    clientSecret: process.env.OIDC_CLIENT_SECRET ?? "identity-sim-secret-not-for-production",
    redirectUris: [`${portal}/dang-nhap/dinh-danh/callback`],
  });
  console.log(`Nhà cung cấp định danh thử nghiệm: OIDC_ISSUER=${sim.issuer}`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
