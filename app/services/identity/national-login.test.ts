import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../db/passwords";
import { userIdentities, userRoles, users } from "../../../db/schema";
import { startIdentitySimulator, type IdentitySim } from "../../simulators/identity-sim";
import { signInAtProvider } from "../../test-support/identity";
import { databaseKind, startTestServices, type TestServices } from "../../test-support/services";
import { currentUser } from "../auth.server";
import { finishNationalLogin, startNationalLogin } from "./national-login.server";

let sim: IdentitySim;
let services: TestServices;
const BASE = "http://localhost:3000";

beforeAll(async () => {
  sim = await startIdentitySimulator({ clientId: "portal-test", clientSecret: "portal-test-secret-0123456789", redirectUris: [`${BASE}/dang-nhap/dinh-danh/callback`] });
  services = await startTestServices({
    demo: false,
    config: { nationalLogin: { issuer: sim.issuer, clientId: "portal-test", clientSecret: "portal-test-secret-0123456789", idNumberClaim: "so_dinh_danh" } },
  });
}, 60_000);
afterAll(async () => {
  await services?.dispose();
  await sim?.close();
});

/** The whole code flow as a browser runs it: portal → provider → sample citizen → portal callback. */
async function signInAs(sub: string, jar?: Map<string, string>) {
  const start = await startNationalLogin(services, { redirectTo: "/ho-so-cua-toi" });
  const url = new URL(start.url);
  expect(url.searchParams.get("code_challenge_method")).toBe("S256");
  expect(url.searchParams.get("state")).toBeTruthy();
  expect(url.searchParams.get("nonce")).toBeTruthy();
  const callback = await signInAtProvider(start.url, sub, jar);
  const flowCookie = start.setCookie.split(";")[0];
  const result = await finishNationalLogin(services, new Request(callback.href, { headers: { Cookie: flowCookie, "User-Agent": "vitest" } }));
  if (!result.ok) return { result, user: null };
  const session = result.setCookies[1].split(";")[0];
  return { result, user: await currentUser(services.database.db, new Request(`${BASE}/`, { headers: { Cookie: session } })) };
}

describe(`national login by OpenID Connect (${databaseKind})`, () => {
  it("links the account whose ID number a desk verified, instead of making a second one", async () => {
    const [congdan] = await services.database.db
      .insert(users)
      .values({ username: "congdan-test", passwordHash: await hashPassword("mot-mat-khau-dai"), fullName: "Nguyễn Văn An", idNumber: "034090001234", origin: "admin" })
      .returning();
    await services.database.db.insert(userRoles).values({ userId: congdan.id, role: "citizen", agencyId: 0 });

    const first = await signInAs("vneid-0001");
    expect(first.result).toMatchObject({ ok: true, outcome: "linked", redirectTo: "/ho-so-cua-toi" });
    expect(first.user?.id).toBe(congdan.id);
    const second = await signInAs("vneid-0001");
    expect(second.result).toMatchObject({ ok: true, outcome: "known" });
    expect(second.user?.id).toBe(congdan.id);
    const [after] = await services.database.db.select().from(users).where(eq(users.id, congdan.id));
    expect(after.idNumberVerifiedAt).not.toBeNull();
  });

  it("makes a citizen account from the claims, and links a second subject with the same ID number to it", async () => {
    const first = await signInAs("vneid-0002");
    expect(first.result).toMatchObject({ ok: true, outcome: "created" });
    expect(first.user).toMatchObject({ fullName: "Phạm Thu Trang", idNumber: "034195002345", dateOfBirth: "1995-09-02", email: "trang.pham@example.vn", emailVerified: true, idNumberVerified: true, role: "citizen", needsVerification: false });
    const second = await signInAs("sso-0002");
    expect(second.result).toMatchObject({ ok: true, outcome: "linked" });
    expect(second.user?.id).toBe(first.user?.id);
    const accounts = await services.database.db.select().from(users).where(eq(users.idNumber, "034195002345"));
    expect(accounts).toHaveLength(1);
    const identities = await services.database.db.select().from(userIdentities).where(eq(userIdentities.userId, first.user!.id));
    expect(identities.map((i) => i.subject).sort()).toEqual(["sso-0002", "vneid-0002"]);
  });

  it("does not link an ID number the person only typed into a self-registered account", async () => {
    const [squatter] = await services.database.db
      .insert(users)
      .values({ username: "tu-dang-ky@example.vn", passwordHash: await hashPassword("mot-mat-khau-dai"), fullName: "Người khác", idNumber: "034088003456", origin: "self" })
      .returning();
    await services.database.db.insert(userRoles).values({ userId: squatter.id, role: "citizen", agencyId: 0 });
    const { result, user } = await signInAs("vneid-0003");
    expect(result).toMatchObject({ ok: true, outcome: "created" });
    expect(user?.id).not.toBe(squatter.id);
  });

  it("asks again on the same browser: the next person gets her own account, not the last one's", async () => {
    const browser = new Map<string, string>();
    const first = await signInAs("vneid-0003", browser);
    const second = await signInAs("vneid-0001", browser);
    expect(first.user?.idNumber).toBe("034088003456");
    expect(second.user?.idNumber).toBe("034090001234");
  });

  it("refuses a callback whose state does not match the attempt", async () => {
    const start = await startNationalLogin(services, { redirectTo: null });
    const other = await startNationalLogin(services, { redirectTo: null });
    const callback = await signInAtProvider(start.url, "vneid-0003");
    // The flow cookie of another attempt: state, nonce and PKCE verifier all differ.
    const result = await finishNationalLogin(services, new Request(callback.href, { headers: { Cookie: other.setCookie.split(";")[0] } }));
    expect(result).toMatchObject({ ok: false, error: "nationalLoginFailed" });
    const none = await finishNationalLogin(services, new Request(callback.href));
    expect(none).toMatchObject({ ok: false, error: "nationalLoginFailed" });
  });
});
