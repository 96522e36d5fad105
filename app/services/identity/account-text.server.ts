/** The `account` namespace's translator for a request: what loaders and actions say, in the page's language. */
import type { TFunction } from "i18next";
import { translatorFor } from "../language.server";

export function accountTranslator(request: Request): { language: "vi" | "en"; t: TFunction<"account"> } {
  return translatorFor(request, "account");
}
