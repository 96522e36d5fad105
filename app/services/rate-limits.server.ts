/**
 * Rate limits (rate-limiter-flexible on PostgreSQL, so they hold across app processes). Keys are
 * HMACs of what they count (an account, an address), so the store holds no personal data.
 */
import { createHmac } from "node:crypto";
import type { HeadersFunction } from "@remix-run/node";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";

/** The answer to a request that must wait: a Vietnamese message and how long. */
export class RateLimited extends Error {
  constructor(public readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(`Bạn đã thử quá nhiều lần. Vui lòng thử lại sau ${minutes} phút.`);
    this.name = "RateLimited";
  }
}

/**
 * By name, not `instanceof`: the server entry and the Remix bundle each load their own copy of this
 * module (ADR 0001), and the limiter lives in the entry's copy.
 */
export function isRateLimited(error: unknown): error is RateLimited {
  return error instanceof Error && error.name === "RateLimited" && typeof (error as RateLimited).retryAfterSeconds === "number";
}

/** A 429 answer for a page: the message and Retry-After. */
export function rateLimitedHeaders(error: RateLimited): Record<string, string> {
  return { "Retry-After": String(error.retryAfterSeconds) };
}

/** A route's `headers`: a 429 from its action keeps Retry-After on the page Remix renders. */
export const keepRetryAfter: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

/** Failed logins of one account before the delays begin, and how they grow (doubling, capped). */
export const LOGIN_FREE_FAILURES = 5;
const LOGIN_FIRST_DELAY_SECONDS = 30;
const LOGIN_MAX_DELAY_SECONDS = 3600;

export function loginDelaySeconds(consecutiveFailures: number): number {
  if (consecutiveFailures < LOGIN_FREE_FAILURES) return 0;
  return Math.min(LOGIN_MAX_DELAY_SECONDS, LOGIN_FIRST_DELAY_SECONDS * 2 ** (consecutiveFailures - LOGIN_FREE_FAILURES));
}

type LimitSpec = { points: number; durationSeconds: number; blockSeconds?: number };

/** Attempts allowed per window for the other public doors. */
export const LIMITS = {
  loginPerAddress: { points: 30, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  passwordReset: { points: 5, durationSeconds: 60 * 60 },
  /** New accounts (and resent verification messages) per address: each one sends a mail or an SMS. */
  registration: { points: 10, durationSeconds: 60 * 60 },
  /** Typed verification codes per address, on top of each code's own attempt counter. */
  verificationCode: { points: 30, durationSeconds: 15 * 60 },
  publicLookup: { points: 20, durationSeconds: 10 * 60 },
  verificationUpload: { points: 20, durationSeconds: 10 * 60 },
} satisfies Record<string, LimitSpec>;

export type RateLimits = {
  /** Throws RateLimited while the account or the address must wait. Call before checking the password. */
  beforeLogin(username: string, address: string): Promise<void>;
  /** Counts a failure; the account's delay grows with its run of failures. */
  loginFailed(username: string, address: string): Promise<void>;
  /** A correct password ends the account's run of failures. */
  loginSucceeded(username: string): Promise<void>;
  /** Counts one use of a limited door by `subject` (usually the address); throws RateLimited past the limit. */
  consume(door: keyof typeof LIMITS, subject: string): Promise<void>;
};

export function createRateLimits(pool: pg.Pool, secret: string): RateLimits {
  const hmacKey = (kind: string, value: string) => `${kind}:${createHmac("sha256", secret).update(`${kind}\u0000${value}`).digest("base64url")}`;
  // The library names its statements (PREPARE once per connection). The embedded PGlite serves every
  // connection from one session, so a reconnected client's PREPARE collides with the old one (42P05):
  // the statements go out unnamed instead, which costs a parse each and is the same on PostgreSQL.
  const unnamed = {
    query: (config: pg.QueryConfig) => {
      const { name: _name, ...statement } = config;
      return pool.query(statement);
    },
  };
  const limiter = (prefix: string, spec: LimitSpec) =>
    new RateLimiterPostgres({
      storeClient: unnamed,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true, // by our migration
      clearExpiredByTimeout: false, // the housekeeping job deletes expired rows
      keyPrefix: prefix,
      points: spec.points,
      duration: spec.durationSeconds,
      blockDuration: spec.blockSeconds ?? 0,
    });
  // The run of failures per account lasts a day; the lock is set for the computed delay.
  const failures = limiter("login-fail", { points: 10_000, durationSeconds: 24 * 3600 });
  const locks = limiter("login-lock", { points: 1, durationSeconds: 1 });
  const perAddress = limiter("login-addr", LIMITS.loginPerAddress);
  const doors = Object.fromEntries(Object.entries(LIMITS).map(([door, spec]) => [door, limiter(door, spec)])) as Record<keyof typeof LIMITS, RateLimiterPostgres>;

  const account = (username: string) => hmacKey("account", username.trim().toLowerCase());
  const address = (ip: string) => hmacKey("address", ip);
  const waitOf = (res: RateLimiterRes | null, points: number) => (res && res.consumedPoints > points ? Math.ceil(res.msBeforeNext / 1000) : 0);

  const rethrow = (error: unknown): never => {
    if (error instanceof RateLimiterRes) throw new RateLimited(Math.max(1, Math.ceil(error.msBeforeNext / 1000)));
    throw error;
  };

  return {
    async beforeLogin(username, ip) {
      const wait = Math.max(waitOf(await locks.get(account(username)), 0), waitOf(await perAddress.get(address(ip)), LIMITS.loginPerAddress.points));
      if (wait > 0) throw new RateLimited(wait);
    },
    async loginFailed(username, ip) {
      const streak = await failures.penalty(account(username), 1);
      const delay = loginDelaySeconds(streak.consumedPoints);
      if (delay > 0) await locks.block(account(username), delay);
      await perAddress.consume(address(ip)).catch(rethrow);
    },
    async loginSucceeded(username) {
      await failures.delete(account(username));
      await locks.delete(account(username));
    },
    async consume(door, subject) {
      await doors[door].consume(address(subject)).catch(rethrow);
    },
  };
}
