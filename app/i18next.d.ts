import "i18next";
import type { resources } from "./locales";

// Typed keys: t("common:nav.signIn") is checked against the Vietnamese resources.
declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: (typeof resources)["vi"];
  }
}
