/**
 * The page language: Vietnamese unless the visitor chose English with the switch (a plain form, so it
 * works without JavaScript). The choice is a cookie; a signed-in user's choice also becomes the
 * language of the mails the portal sends her.
 */
import * as cookie from "cookie";
import type { TFunction } from "i18next";
import { createI18n, DEFAULT_LANGUAGE, isLanguage, type Language } from "../i18n";

const COOKIE = "motcua_lang";

/** A malformed or unknown cookie reads as the default language, never as an error. */
export function readLanguage(request: Request): Language {
  let value: string | undefined;
  try {
    value = cookie.parse(request.headers.get("Cookie") ?? "")[COOKIE];
  } catch {
    value = undefined;
  }
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

export function languageCookie(language: Language): string {
  return cookie.serialize(COOKIE, language, { path: "/", maxAge: 31536000, sameSite: "lax" });
}

/** The translator of a request, for what a loader or an action says (errors, messages, mail subjects). */
export function translatorFor(request: Request): { language: Language; t: TFunction } {
  const language = readLanguage(request);
  return { language, t: createI18n(language).t };
}
