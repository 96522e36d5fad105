/**
 * Translations (i18next), shared by the server render and the browser: the same resources are bundled
 * on both sides, so a page hydrates with the strings it was rendered with. The language is chosen on
 * the server (the `motcua_lang` cookie, set by a plain form) and handed to the page in the root data.
 */
import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { resources } from "./locales";

export const LANGUAGES = ["vi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "vi";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** A ready instance for one language; synchronous, since every resource is already in the bundle. */
export function createI18n(language: Language): I18n {
  const instance = createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources,
    defaultNS: "common",
    ns: Object.keys(resources.vi),
    // React escapes what it renders; escaping here too would show "&amp;".
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

/** Numbers as the language writes them: 1.000.000 in Vietnamese, 1,000,000 in English. */
export function numberLocale(language: Language): string {
  return language === "en" ? "en-GB" : "vi-VN";
}
