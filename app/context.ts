import type { AppServices } from "./services/context.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: AppServices;
  }
}
export {};
