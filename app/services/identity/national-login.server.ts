/**
 * Sign-in through the national identity provider by OpenID Connect (VNeID and the national
 * portal's single sign-on work this way): authorization code with PKCE, state and nonce, by
 * `openid-client`. The flow's secrets wait in a short signed cookie between the two legs. On return
 * the person is found by (issuer, sub); else an account whose ID number is verified is linked;
 * else a citizen account is made from the claims (ADR 0019).
 */
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { and, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import * as oidc from "openid-client";
import { pgErrorCode, PG_UNIQUE_VIOLATION, withTransaction, type Database } from "../../../db/client";
import { hashPassword } from "../../../db/passwords";
import { userIdentities, userRoles, users } from "../../../db/schema";
import { createSession } from "../auth.server";
import type { NationalLoginConfig } from "../config.server";
import type { AppServices } from "../context.server";
import { log } from "../log.server";
import { safeRedirect } from "../safe-redirect";
import { normalizeEmail, normalizeIdNumber, normalizePhone } from "./contact";

export const NATIONAL_CALLBACK_PATH = "/dang-nhap/dinh-danh/callback";
const FLOW_MAX_AGE_SECONDS = 600;

const isLoopback = (url: string) => ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);

/** The provider's metadata, fetched by discovery; plain http is allowed for a loopback provider only (tests, demo). */
async function clientConfiguration(settings: NationalLoginConfig): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
    execute: new URL(settings.issuer).protocol === "http:" && isLoopback(settings.issuer) ? [oidc.allowInsecureRequests] : [],
  });
}

function flowCookie(services: AppServices) {
  return createCookie("motcua_oidc", {
    path: "/dang-nhap/dinh-danh",
    httpOnly: true,
    sameSite: "lax",
    secure: services.config.https,
    maxAge: FLOW_MAX_AGE_SECONDS,
    secrets: [services.config.secret],
  });
}

type Flow = { state: string; nonce: string; verifier: string; redirectTo: string };

/** The provider's authorization URL for a new sign-in, and the cookie that remembers this attempt. */
export async function startNationalLogin(services: AppServices, input: { redirectTo: string | null }): Promise<{ url: string; setCookie: string }> {
  const settings = services.config.nationalLogin;
  if (!settings) throw new Response("Not Found", { status: 404 });
  const config = await clientConfiguration(settings);
  const flow: Flow = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    redirectTo: safeRedirect(input.redirectTo, "/ho-so-cua-toi"),
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: new URL(NATIONAL_CALLBACK_PATH, services.config.baseUrl).href,
    scope: "openid profile email phone",
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
    // Ask the provider to authenticate every time: after signing out of the portal on a shared
    // computer, the next person must not be signed in as the last one by the provider's session.
    prompt: "login",
  });
  return { url: url.href, setCookie: await flowCookie(services).serialize(flow) };
}

export type NationalClaims = {
  subject: string;
  name: string | null;
  idNumber: string | null;
  birthdate: string | null;
  email: string | null;
  emailVerified: boolean;
  phone: string | null;
  address: string | null;
};

/** The claims the portal uses, from the provider's ID token and userinfo. */
export function readClaims(raw: Record<string, unknown>, idNumberClaim: string): NationalClaims {
  const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim() : null);
  const address = raw.address && typeof raw.address === "object" ? text((raw.address as Record<string, unknown>).formatted) : text(raw.address);
  const birthdate = text(raw.birthdate);
  return {
    subject: String(raw.sub),
    name: text(raw.name) ?? ([text(raw.family_name), text(raw.middle_name), text(raw.given_name)].filter(Boolean).join(" ") || null),
    idNumber: normalizeIdNumber(text(raw[idNumberClaim]) ?? ""),
    birthdate: birthdate && /^\d{4}-\d{2}-\d{2}$/.test(birthdate) ? birthdate : null,
    email: normalizeEmail(text(raw.email) ?? ""),
    emailVerified: raw.email_verified === true,
    phone: normalizePhone(text(raw.phone_number) ?? ""),
    address,
  };
}

export type NationalOutcome = { ok: true; userId: number; outcome: "known" | "linked" | "created" } | { ok: false; error: "nationalLoginOfficer" | "nationalLoginInactive" };

/**
 * The portal account for a person the provider vouched for: by (provider, sub); else the account
 * with the same verified ID number, linked; else a new citizen account from the claims. One
 * transaction: never two accounts for one person, never half a link.
 */
export async function accountForNationalIdentity(services: AppServices, provider: string, claims: NationalClaims, now = new Date()): Promise<NationalOutcome> {
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  const attempt = () =>
    withTransaction(services.database, async (tx): Promise<NationalOutcome> => {
      const [known] = await tx
        .select({ userId: userIdentities.userId, active: users.active })
        .from(userIdentities)
        .innerJoin(users, eq(users.id, userIdentities.userId))
        .where(and(eq(userIdentities.provider, provider), eq(userIdentities.subject, claims.subject)));
      if (known) {
        if (!known.active) return { ok: false, error: "nationalLoginInactive" };
        await tx.update(userIdentities).set({ lastLoginAt: now }).where(and(eq(userIdentities.provider, provider), eq(userIdentities.subject, claims.subject)));
        return { ok: true, userId: known.userId, outcome: "known" };
      }
      if (claims.idNumber) {
        const [match] = await tx
          .select()
          .from(users)
          .where(and(eq(users.idNumber, claims.idNumber), or(isNotNull(users.idNumberVerifiedAt), eq(users.origin, "admin"))))
          .orderBy(sql`${users.idNumberVerifiedAt} is null`, users.id)
          .limit(1);
        if (match) {
          if (!match.active) return { ok: false, error: "nationalLoginInactive" };
          const roles = await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, match.id));
          // An officer's account holds other people's data: it signs in with its own password and second checks.
          if (roles.some((r) => r.role !== "citizen")) return { ok: false, error: "nationalLoginOfficer" };
          await linkIdentity(tx, provider, claims.subject, match.id, now);
          await tx.update(users).set({ idNumberVerifiedAt: now }).where(and(eq(users.id, match.id), isNull(users.idNumberVerifiedAt)));
          return { ok: true, userId: match.id, outcome: "linked" };
        }
      }
      const emailFree =
        claims.email && claims.emailVerified
          ? !(await tx.select({ id: users.id }).from(users).where(and(eq(sql`lower(${users.email})`, claims.email), isNotNull(users.emailVerifiedAt))).limit(1)).length
          : false;
      const [created] = await tx
        .insert(users)
        .values({
          username: `dinhdanh-${claims.idNumber ?? randomBytes(6).toString("hex")}-${randomBytes(3).toString("hex")}`,
          passwordHash,
          fullName: claims.name ?? "Công dân",
          email: claims.email,
          emailVerifiedAt: emailFree ? now : null,
          phone: claims.phone,
          idNumber: claims.idNumber,
          idNumberVerifiedAt: claims.idNumber ? now : null,
          dateOfBirth: claims.birthdate,
          address: claims.address,
          origin: "national",
          createdAt: now,
        })
        .returning({ id: users.id });
      await tx.insert(userRoles).values({ userId: created.id, role: "citizen", agencyId: 0 });
      await linkIdentity(tx, provider, claims.subject, created.id, now);
      return { ok: true, userId: created.id, outcome: "created" };
    });
  try {
    return await attempt();
  } catch (error) {
    // The same person returning twice at once: the second finds what the first made.
    if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
    return attempt();
  }
}

async function linkIdentity(tx: Database, provider: string, subject: string, userId: number, now: Date) {
  await tx.insert(userIdentities).values({ provider, subject, userId, createdAt: now, lastLoginAt: now });
}

export type NationalLoginResult =
  | { ok: true; setCookies: string[]; redirectTo: string; outcome: "known" | "linked" | "created" }
  | { ok: false; error: "nationalLoginFailed" | "nationalLoginOfficer" | "nationalLoginInactive"; setCookies: string[] };

/** The provider's redirect back: checks state, PKCE and nonce, reads the claims, opens a session. */
export async function finishNationalLogin(services: AppServices, request: Request): Promise<NationalLoginResult> {
  const settings = services.config.nationalLogin;
  if (!settings) throw new Response("Not Found", { status: 404 });
  const cookie = flowCookie(services);
  const clear = await cookie.serialize("", { maxAge: 0 });
  const flow = (await cookie.parse(request.headers.get("Cookie"))) as Flow | null;
  if (!flow || typeof flow.state !== "string" || typeof flow.verifier !== "string" || typeof flow.nonce !== "string") {
    return { ok: false, error: "nationalLoginFailed", setCookies: [clear] };
  }
  let claims: NationalClaims;
  try {
    const config = await clientConfiguration(settings);
    // The callback as registered (BASE_URL), with the parameters the provider sent.
    const current = new URL(NATIONAL_CALLBACK_PATH, services.config.baseUrl);
    current.search = new URL(request.url).search;
    const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error("no ID token");
    const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
    claims = readClaims({ ...idClaims, ...info }, settings.idNumberClaim);
  } catch (error) {
    // No personal data in the log: the kind of failure only.
    log.warn({ event: "national-login-failed", error: error instanceof Error ? `${error.name}: ${(error as { code?: string }).code ?? ""}` : "unknown" });
    return { ok: false, error: "nationalLoginFailed", setCookies: [clear] };
  }
  const outcome = await accountForNationalIdentity(services, settings.issuer, claims);
  if (!outcome.ok) return { ok: false, error: outcome.error, setCookies: [clear] };
  const session = await createSession(services.database.db, outcome.userId, { secure: services.config.https, userAgent: request.headers.get("User-Agent") });
  log.info({ event: "national-login", outcome: outcome.outcome, userId: outcome.userId });
  return { ok: true, setCookies: [clear, session], redirectTo: safeRedirect(flow.redirectTo, "/ho-so-cua-toi"), outcome: outcome.outcome };
}
