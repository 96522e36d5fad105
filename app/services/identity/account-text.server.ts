/** The `account` namespace's translator for a request: what loaders and actions say, in the page's language. */
import type { TFunction } from "i18next";
import { createI18n } from "../../i18n";
import { readLanguage } from "../language.server";

export function accountTranslator(request: Request): { language: "vi" | "en"; t: TFunction<"account"> } {
  const language = readLanguage(request);
  return { language, t: createI18n(language).getFixedT(language, "account") };
}
