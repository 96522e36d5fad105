import type { AppServices } from "./services/context.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
    /** This response's CSP nonce: every script tag the page renders carries it. */
    cspNonce?: string;
    /** The client's address (behind TRUST_PROXY proxies), for rate limits. */
    clientIp?: string;
  }
}
export {};
